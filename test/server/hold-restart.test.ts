/**
 * A cooling-off hold (issue 14 §2) is a row, not a timer: it survives a crash of the server that
 * took it (kill -9) and is released by the restarted server at its time, exactly once. On
 * PostgreSQL two instances run the release job on the same database and it is still paid once
 * (the job's advisory lock and the hold's conditional status change from 'held').
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { verifyLedger } from '../../src/ledger/verify.ts';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/database.ts';
import { openQrAccounts, seedBank, type SuiteCustomer } from '../faults/support/bank.ts';
import { ApiClient } from '../faults/support/client.ts';
import { type ServerProcess, startServer, stopServer } from '../faults/support/server-process.ts';

let dataDir: string;
let postgres: TestDatabase | undefined;
const servers: ServerProcess[] = [];

/** The server's own data: the PGlite folder, or this test's PostgreSQL database. */
const serverEnv = (): Record<string, string> =>
  postgres?.url ? { DATABASE_URL: postgres.url } : { SMARTPAY_DATA_DIR: dataDir };

async function openData(): Promise<Database> {
  return postgres ?? openDatabase({ dataDir });
}

async function closeData(database: Database): Promise<void> {
  if (database !== postgres) await database.close();
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'smartpay-hold-restart-'));
  if (onPostgres) postgres = await createTestDatabase();
});

afterAll(async () => {
  for (const server of servers) server.kill('SIGKILL');
  await postgres?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function serve(): Promise<ServerProcess> {
  const server = await startServer({ env: serverEnv() });
  servers.push(server);
  return server;
}

describe('a held payment across a server restart', () => {
  it('is released once by the restarted server (two instances on PostgreSQL)', async () => {
    const setup = await openData();
    await migrateToLatest(setup);
    const [payer, payee] = (await seedBank(setup, 2)) as [SuiteCustomer, SuiteCustomer];
    await closeData(setup);

    const first = await serve();
    const api = new ApiClient([first.url]);
    await openQrAccounts(api, [payer, payee]);
    const coolingOff = await api.request('PUT', '/api/me/cooling-off', {
      token: payer.token,
      body: { enabled: true, threshold: '10.00', delayMinutes: 1 },
    });
    expect(coolingOff.status).toBe(200);
    const quoted = await api.request<{ quoteId: string; holdMinutes: number }>(
      'POST',
      '/api/payments/quotes',
      {
        token: payer.token,
        body: { payload: payee.accountCode, fromQrAccountId: payer.qrAccountId, amount: '25.00' },
      },
    );
    expect(quoted.body.holdMinutes).toBe(1);
    const held = await api.request<{ id: string; status: string; releaseAt: string }>(
      'POST',
      '/api/payments',
      {
        token: payer.token,
        body: { quoteId: quoted.body.quoteId },
        headers: { 'idempotency-key': 'hold-restart-confirm' },
      },
    );
    expect(held.status).toBe(202);
    expect(held.body.status).toBe('held');
    const holdId = held.body.id;

    // A crash, not a clean stop: nothing in the process may be what keeps the hold.
    first.kill('SIGKILL');
    await first.exited;
    const restarted = onPostgres ? await Promise.all([serve(), serve()]) : [await serve()];
    const after = new ApiClient(restarted.map((s) => s.url));
    // The retry of the confirm (same key) still answers "held", before and after release.
    const retried = await after.request<{ id: string }>('POST', '/api/payments', {
      token: payer.token,
      body: { quoteId: quoted.body.quoteId },
      headers: { 'idempotency-key': 'hold-restart-confirm' },
    });
    expect(retried.status).toBe(202);
    expect(retried.body.id).toBe(holdId);

    const deadline = Date.parse(held.body.releaseAt) + 60_000;
    let status = 'held';
    while (status === 'held' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const hold = await after.request<{ status: string }>('GET', `/api/payments/holds/${holdId}`, {
        token: payer.token,
      });
      status = hold.body.status;
    }
    expect(status).toBe('released');
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(held.body.releaseAt));
    const incoming = await after.request<{ items: { id: string; amount: string }[] }>(
      'GET',
      '/api/payments?direction=incoming',
      { token: payee.token },
    );
    expect(incoming.body.items.map((p) => [p.id, p.amount])).toEqual([[holdId, '25.00']]);
    // Give the other instance's job a few more ticks: still one payment.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    for (const server of restarted) expect(await stopServer(server)).toBe(0);

    const check = await openData();
    const payments = await check.db
      .selectFrom('payments')
      .select(['id', 'amount_minor'])
      .where('payer_customer_id', '=', payer.customerId)
      .execute();
    expect(payments).toEqual([{ id: holdId, amount_minor: 2500n }]);
    const report = await verifyLedger(check.db);
    expect(report.checks.filter((c) => c.violations > 0)).toEqual([]);
    await closeData(check);
  }, 300_000);
});
