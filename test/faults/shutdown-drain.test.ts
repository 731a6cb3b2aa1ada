/**
 * SIGTERM under load against a spawned server on a PostgreSQL cluster of the test's own: the
 * server says not-ready first and keeps serving for the drain window, then closes the listener;
 * keep-alive clients are moved off their sockets gracefully (no resets), and every request it
 * accepted is answered, even a confirm stuck behind a row lock.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { startOwnPostgres, type OwnPostgres } from '../helpers/own-postgres.ts';
import { openQrAccounts, seedBank, type SuiteCustomer } from './support/bank.ts';
import { ApiClient } from './support/client.ts';
import { startServer, stopServer, type ServerProcess } from './support/server-process.ts';

const drainMs = 2_000;
let postgres: OwnPostgres;
let url: string;
let server: ServerProcess | undefined;
let customers: SuiteCustomer[];

beforeAll(async () => {
  postgres = await startOwnPostgres();
  url = await postgres.createDatabase('smartpay_drain');
  const database = await openDatabase({ databaseUrl: url, poolSize: 2 });
  await migrateToLatest(database);
  customers = await seedBank(database, 4);
  await database.close();
  server = await startServer({
    env: {
      DATABASE_URL: url,
      SMARTPAY_SHUTDOWN_DRAIN_MS: String(drainMs),
      SMARTPAY_DB_LOCK_TIMEOUT_MS: '4000',
    },
  });
  await openQrAccounts(new ApiClient([server.url]), customers);
});

afterAll(async () => {
  if (server) await stopServer(server);
  postgres?.stop();
});

type Outcome = { at: number; status: number } | { at: number; error: string };

function errorCodeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? String(error);
}

describe('SIGTERM under load', () => {
  it('announces not-ready, drains, closes, and answers every accepted request', async () => {
    const running = server as ServerProcess;
    const [stuckPayer, ...others] = customers as [SuiteCustomer, ...SuiteCustomer[]];
    // A confirm of the stuck payer waits on this lock while the shutdown starts.
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    await holder.query('begin');
    await holder.query('select 1 from ledger_accounts where id = $1 for update', [
      stuckPayer.bankAccountId,
    ]);
    const api = new ApiClient([running.url]);
    const quote = await api.request<{ quoteId: string }>('POST', '/api/payments/quotes', {
      token: stuckPayer.token,
      body: {
        payload: others[0]?.accountCode,
        fromQrAccountId: stuckPayer.qrAccountId,
        amount: '1.00',
      },
    });
    expect(quote.status).toBe(201);
    const stuck = api.request('POST', '/api/payments', {
      token: stuckPayer.token,
      body: { quoteId: quote.body.quoteId },
      headers: { 'idempotency-key': 'drain-stuck-confirm' },
    });

    const outcomes: Outcome[] = [];
    let stop = false;
    // A load balancer polling readiness stops sending new requests a little after it turns 503;
    // requests already on their way (on pooled keep-alive sockets) must still be answered.
    let notReadySeenAt: number | undefined;
    const balancer = (async () => {
      while (notReadySeenAt === undefined) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        const status = await fetch(`${running.url}/health/ready`).then(
          (r) => r.status,
          () => 0,
        );
        if (status !== 200) notReadySeenAt = Date.now();
      }
    })();
    const balancerSendsHere = () =>
      notReadySeenAt === undefined || Date.now() < notReadySeenAt + 500;
    // Keep-alive clients (fetch pools its sockets) asking all the time.
    const loops = others.map(async (customer) => {
      while (!stop && balancerSendsHere()) {
        try {
          const response = await fetch(`${running.url}/api/me`, {
            headers: { authorization: `Bearer ${customer.token}` },
            signal: AbortSignal.timeout(10_000),
          });
          await response.arrayBuffer();
          outcomes.push({ at: Date.now(), status: response.status });
        } catch (error) {
          outcomes.push({ at: Date.now(), error: errorCodeOf(error) });
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const signalledAt = Date.now();
    running.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const ready = await fetch(`${running.url}/health/ready`);
    expect(ready.status).toBe(503);
    // Still serving: a fresh connection in the drain window gets a real answer.
    const during = await fetch(`${running.url}/api/me`, {
      headers: { authorization: `Bearer ${others[0]?.token}` },
    });
    expect(during.status).toBe(200);
    expect(during.headers.get('connection')).toBe('close');

    const stuckAnswer = await stuck;
    // The lock outlives lock_timeout: a clean problem, not a reset.
    expect(stuckAnswer.status).toBe(503);
    expect((stuckAnswer.body as { code: string }).code).toBe('DATABASE_TIMEOUT');
    await balancer;
    await Promise.all(loops);
    // Idle keep-alive sockets the clients still hold are closed by the server, not reset.
    const exitCode = await running.exited;
    stop = true;
    const after = await fetch(`${running.url}/api/me`).then(
      () => 'answered',
      (error: unknown) => errorCodeOf(error),
    );
    expect(after).toBe('ECONNREFUSED');
    await holder.query('rollback');
    await holder.end();

    expect(exitCode).toBe(0);
    const served = outcomes.filter((o) => 'status' in o && o.at > signalledAt);
    expect(served.length).toBeGreaterThan(3);
    expect(served.every((o) => 'status' in o && o.status === 200)).toBe(true);
    // Nothing sent before the balancer moved away went unanswered: no resets, no hang-ups.
    expect(outcomes.filter((o) => 'error' in o)).toEqual([]);
    expect(Date.now() - signalledAt).toBeGreaterThanOrEqual(drainMs);
  });
});
