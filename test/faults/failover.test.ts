/**
 * A failover under the app, without a restart of the app: a primary and its streaming standby
 * (clusters of the test's own), the app on the multi-host URL. The primary dies, requests answer
 * a clean 503 within the bounds, the standby is promoted, and the pool finds it by itself.
 */
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock } from '../../src/core/clock.ts';
import { loadConfig } from '../../src/core/config.ts';
import { openDatabase, type Database } from '../../src/db/connection.ts';
import { buildApp, type App } from '../../src/http/app.ts';
import { startOwnPostgres, type OwnPostgres } from '../helpers/own-postgres.ts';

let primary: OwnPostgres;
let standby: OwnPostgres;
let database: Database;
let app: App;

const writeRoutes: FastifyPluginAsyncTypebox = async (api) => {
  api.post(
    '/write',
    { schema: { body: Type.Object({ value: Type.Integer() }) } },
    async (request) => {
      await sql`insert into failover_rows values (${request.body.value})`.execute(
        api.deps.database.db,
      );
      return { ok: true };
    },
  );
};

beforeAll(async () => {
  primary = await startOwnPostgres({ wal_level: 'replica' });
  await primary.query('create table failover_rows (value int not null)');
  standby = await startOwnPostgres({}, primary);
  const url = `postgres://postgres@127.0.0.1:${primary.port},127.0.0.1:${standby.port}/postgres?target_session_attrs=read-write`;
  const config = loadConfig({ NODE_ENV: 'test', SMARTPAY_DB_ACQUIRE_TIMEOUT_MS: '2000' });
  database = await openDatabase({
    databaseUrl: url,
    poolSize: 4,
    timeouts: config.databaseTimeouts,
  });
  // buildApp itself, on the multi-host pool of the test's own clusters: a test bank's database
  // is a fresh one on the server DATABASE_URL names.
  app = await buildApp({ config, database, clock: new TestClock() });
  await app.register(writeRoutes, { prefix: '/api/test' });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await database?.close();
  standby?.stop();
  primary?.stop();
});

const write = (value: number) =>
  app.inject({ method: 'POST', url: '/api/test/write', payload: { value } });

describe('the pool follows the primary', () => {
  it('writes go to the primary, never to the standby listed with it', async () => {
    expect((await write(1)).statusCode).toBe(200);
    const { rows } = await standby.query('select pg_is_in_recovery() as standby');
    expect(rows[0]).toEqual({ standby: true });
  });

  it('after the primary dies: clean 503s, then the promoted standby takes the writes', async () => {
    primary.kill();
    const started = Date.now();
    const during = await write(2);
    expect(during.statusCode).toBe(503);
    expect(['SERVICE_UNAVAILABLE', 'DATABASE_TIMEOUT']).toContain(during.json().code);
    expect(Date.now() - started).toBeLessThan(5_000);
    standby.promote();
    let status = 0;
    for (let attempt = 0; attempt < 40 && status !== 200; attempt += 1) {
      status = (await write(3)).statusCode;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(status).toBe(200);
    const { rows } = await standby.query('select count(*)::int as n from failover_rows');
    expect((rows[0] as { n: number }).n).toBeGreaterThanOrEqual(2);
  });
});
