/**
 * The app on a PostgreSQL cluster of this test's own while the database misbehaves: connections
 * terminated in use, a row lock held, a statement that runs forever, a pool with no free
 * connection, a request that takes too long. Each answers a clean 503 problem within its bound,
 * the process survives, and the pool recovers by itself.
 */
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock } from '../../src/core/clock.ts';
import { loadConfig } from '../../src/core/config.ts';
import { openDatabase, type Database } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { inTransaction } from '../../src/db/transaction.ts';
import { buildApp, type App } from '../../src/http/app.ts';
import { startOwnPostgres, type OwnPostgres } from '../helpers/own-postgres.ts';

const databaseName = 'smartpay_faults';

let postgres: OwnPostgres;
let migrated: string;

beforeAll(async () => {
  postgres = await startOwnPostgres();
  migrated = await postgres.createDatabase(databaseName);
  const database = await openDatabase({ databaseUrl: migrated, poolSize: 1 });
  await migrateToLatest(database);
  await sql`create table fault_rows (id int primary key, value int not null)`.execute(database.db);
  await sql`insert into fault_rows values (1, 0)`.execute(database.db);
  await database.close();
});

afterAll(() => postgres?.stop());

const sleepRoutes: FastifyPluginAsyncTypebox = async (api) => {
  const { database } = api.deps;
  const Body = Type.Object({ seconds: Type.Number() });
  // A transaction that is busy in the database (a running statement) when the fault comes.
  api.post('/busy', { schema: { body: Body } }, async (request) => {
    await inTransaction(database, async (trx) => {
      await sql`select 1`.execute(trx);
      await sql`select pg_sleep(${request.body.seconds})`.execute(trx);
    });
    return { ok: true };
  });
  // A transaction idle between two statements (the app is computing) when the fault comes.
  api.post('/idle-in-transaction', { schema: { body: Body } }, async (request) => {
    await inTransaction(database, async (trx) => {
      await sql`select 1`.execute(trx);
      await new Promise((resolve) => setTimeout(resolve, request.body.seconds * 1000));
      await sql`select 1`.execute(trx);
    });
    return { ok: true };
  });
  api.post('/update-row', async () => {
    await sql`update fault_rows set value = value + 1 where id = 1`.execute(database.db);
    return { ok: true };
  });
  api.post('/slow-handler', { schema: { body: Body } }, async (request) => {
    await new Promise((resolve) => setTimeout(resolve, request.body.seconds * 1000));
    return { ok: true };
  });
  api.get('/ping', async () => {
    await sql`select 1`.execute(database.db);
    return { ok: true };
  });
};

interface Harness {
  readonly app: App;
  readonly database: Database;
  readonly connectionErrors: Error[];
  close(): Promise<void>;
}

async function harness(env: Record<string, string> = {}, poolSize = 4): Promise<Harness> {
  const config = loadConfig({ NODE_ENV: 'test', ...env });
  const connectionErrors: Error[] = [];
  const database = await openDatabase({
    databaseUrl: migrated,
    poolSize,
    timeouts: config.databaseTimeouts,
    onConnectionError: (error) => connectionErrors.push(error),
  });
  // buildApp itself, on a pool the test opens with the fault's timeouts and a connection-error
  // hook: a test bank opens its database without them.
  const app = await buildApp({ config, database, clock: new TestClock() });
  await app.register(sleepRoutes, { prefix: '/api/test' });
  await app.ready();
  return {
    app,
    database,
    connectionErrors,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

const post = (app: App, url: string, payload: object = {}) =>
  app.inject({ method: 'POST', url: `/api/test/${url}`, payload });

async function terminateWhenBusy(): Promise<number> {
  // Wait until the route's transaction is open in the database, then cut it.
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const { rows } = await postgres.query(
      `select count(*)::int as n from pg_stat_activity
        where datname = $1 and state in ('active', 'idle in transaction')
          and pid <> pg_backend_pid()`,
      [databaseName],
    );
    if ((rows[0] as { n: number }).n > 0) return postgres.terminateBackends(databaseName);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the transaction never started');
}

describe('a terminated database connection', () => {
  let h: Harness;
  beforeAll(async () => (h = await harness()));
  afterAll(() => h?.close());

  it('in use by a running statement answers 503 and the process survives', async () => {
    const [response, terminated] = await Promise.all([
      post(h.app, 'busy', { seconds: 5 }),
      terminateWhenBusy(),
    ]);
    expect(terminated).toBeGreaterThan(0);
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503 });
    expect(response.headers['retry-after']).toBe('1');
    expect(h.connectionErrors.length).toBeGreaterThan(0);
  });

  it('idle inside a transaction answers 503, and the pool recovers by itself', async () => {
    const [response] = await Promise.all([
      post(h.app, 'idle-in-transaction', { seconds: 1 }),
      terminateWhenBusy(),
    ]);
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    const after = await Promise.all([1, 2, 3, 4, 5, 6].map(() => h.app.inject('/api/test/ping')));
    expect(after.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it('idle in the pool is replaced on the next query', async () => {
    await postgres.terminateBackends(databaseName);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await h.app.inject('/api/test/ping')).statusCode).toBe(200);
  });
});

describe('bounds on a slow database', () => {
  let h: Harness;
  beforeAll(
    async () =>
      (h = await harness(
        {
          SMARTPAY_DB_STATEMENT_TIMEOUT_MS: '1000',
          SMARTPAY_DB_LOCK_TIMEOUT_MS: '300',
          SMARTPAY_DB_ACQUIRE_TIMEOUT_MS: '500',
          SMARTPAY_REQUEST_TIMEOUT_MS: '2500',
          SMARTPAY_LIVENESS_STALL_MS: '1000',
        },
        2,
      )),
  );
  afterAll(() => h?.close());

  it('a row lock held elsewhere answers DATABASE_TIMEOUT after lock_timeout', async () => {
    const holder = new pg.Client({ connectionString: migrated });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query('select * from fault_rows where id = 1 for update');
      const started = Date.now();
      const response = await post(h.app, 'update-row');
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({ code: 'DATABASE_TIMEOUT' });
      expect(Date.now() - started).toBeLessThan(1_500);
    } finally {
      await holder.query('rollback');
      await holder.end();
    }
    expect((await post(h.app, 'update-row')).statusCode).toBe(200);
  });

  it('a statement that runs past statement_timeout answers DATABASE_TIMEOUT', async () => {
    const started = Date.now();
    const response = await post(h.app, 'busy', { seconds: 30 });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ code: 'DATABASE_TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it('with every connection busy, others get DATABASE_TIMEOUT after the acquire timeout', async () => {
    const holders = [post(h.app, 'idle-in-transaction', { seconds: 1.5 })];
    holders.push(post(h.app, 'idle-in-transaction', { seconds: 1.5 }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    const waiting = await h.app.inject('/api/test/ping');
    expect(waiting.statusCode).toBe(503);
    expect(waiting.json()).toMatchObject({ code: 'DATABASE_TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(1_400);
    expect((await Promise.all(holders)).map((r) => r.statusCode)).toEqual([200, 200]);
  });

  it('a request past the request timeout answers SERVICE_UNAVAILABLE', async () => {
    const started = Date.now();
    const response = await post(h.app, 'slow-handler', { seconds: 5 });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('liveness fails while requests wait for a pool that gives nothing back', async () => {
    expect((await h.app.inject('/health/live')).statusCode).toBe(200);
    // Both connections held past the stall bound, and a steady stream of requests waiting.
    const holders = [1, 2].map(() => post(h.app, 'idle-in-transaction', { seconds: 2.2 }));
    const waiters: Promise<unknown>[] = [];
    const stream = setInterval(() => waiters.push(h.app.inject('/api/test/ping')), 100);
    await new Promise((resolve) => setTimeout(resolve, 1_900));
    const live = await h.app.inject('/health/live');
    clearInterval(stream);
    expect(live.statusCode).toBe(503);
    expect(live.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    await Promise.all([...holders, ...waiters]);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await h.app.inject('/health/live')).statusCode).toBe(200);
  });
});
