import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenApplicationName } from '../../src/db/listen.ts';
import { inTransaction } from '../../src/db/transaction.ts';
import { createCustomer } from '../../src/identity/customers.ts';
import { type Dispatcher, startDispatcher } from '../../src/notify/dispatcher.ts';
import { recordEvents } from '../../src/notify/events.ts';
import { smsHandler } from '../../src/notify/index.ts';
import { enqueue } from '../../src/notify/outbox.ts';
import { developmentSms, listSentSms } from '../../src/notify/sms.ts';
import {
  createTestDatabase,
  engineName,
  onPostgres,
  type TestDatabase,
} from '../helpers/database.ts';

/** Polling so slow that only the database's NOTIFY can make a message go out within seconds. */
const pollIntervalMs = 60_000;

async function sendLoginCode(database: TestDatabase, code: string): Promise<number> {
  await inTransaction(database, (trx) =>
    enqueue(trx, {
      topic: 'sms',
      payload: {
        phone: '+38344000009',
        cif: '20202020',
        text: `SmartPay: kodi juaj është ${code}.`,
      },
    }),
  );
  return Date.now();
}

async function msUntilSent(database: TestDatabase, code: string, since: number, timeoutMs = 5_000) {
  for (const deadline = since + timeoutMs; Date.now() < deadline;) {
    const sent = await listSentSms(database.db, { cif: '20202020', limit: 50 });
    if (sent.some((m) => m.text.includes(code))) return Date.now() - since;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`the SMS with ${code} was not sent within ${timeoutMs} ms`);
}

describe(`outbox wake-up by the database on ${engineName}`, () => {
  let database: TestDatabase;
  let dispatcher: Dispatcher;
  beforeAll(async () => {
    database = await createTestDatabase();
    dispatcher = startDispatcher({
      database,
      handlers: { sms: smsHandler(developmentSms()) },
      pollIntervalMs,
    });
    // The first pass runs when listening starts; after it only NOTIFY wakes the dispatcher.
    await new Promise((resolve) => setTimeout(resolve, 500));
  });
  afterAll(async () => {
    await dispatcher.stop();
    await database.close();
  });

  it('a login code is sent within a second of its commit, woken by NOTIFY rather than polling', async () => {
    const since = await sendLoginCode(database, '4811');
    expect(await msUntilSent(database, '4811', since)).toBeLessThan(1_000);
  });

  it('a login code never waits behind a burst of live events', async () => {
    const customer = await createCustomer(
      database.db,
      { fullName: 'Arta Krasniqi', phone: '+38344111222', password: 'correct horse' },
      'test',
    );
    const burst = Array.from({ length: 10_000 }, () => ({
      customerId: customer.id,
      payload: {
        type: 'payment.received' as const,
        paymentId: randomUUID(),
        payerName: 'Besnik G.',
        amount: '1.00',
        currency: 'EUR',
        qrAccountId: randomUUID(),
      },
    }));
    await inTransaction(database, (trx) => recordEvents(trx, burst));
    const since = await sendLoginCode(database, '5922');
    expect(await msUntilSent(database, '5922', since)).toBeLessThan(1_000);
  });
});

// Our own listener's backend only: found in this test's own database by its application_name.
describe.runIf(onPostgres)('the LISTEN connection on postgres', () => {
  let database: TestDatabase;
  let dispatcher: Dispatcher;
  const listenerPid = async (): Promise<number> => {
    for (const deadline = Date.now() + 5_000; Date.now() < deadline;) {
      const { rows } = await sql<{ pid: number }>`
        select pid from pg_stat_activity
         where datname = current_database() and application_name = ${listenApplicationName}
           and query ilike 'listen%'`.execute(database.db);
      expect(rows.length).toBeLessThanOrEqual(1);
      if (rows[0]) return rows[0].pid;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('the listener did not connect');
  };
  beforeAll(async () => {
    database = await createTestDatabase();
    dispatcher = startDispatcher({
      database,
      handlers: { sms: smsHandler(developmentSms()) },
      pollIntervalMs,
    });
  });
  afterAll(async () => {
    await dispatcher.stop();
    await database.close();
  });

  it('comes back after its backend is terminated, and a login code is sent within a second', async () => {
    const pid = await listenerPid();
    await sql`select pg_terminate_backend(${pid})`.execute(database.db);
    const since = await sendLoginCode(database, '7033');
    const ms = await msUntilSent(database, '7033', since);
    console.log(
      `[postgres] login SMS sent ${ms} ms after its commit, listener terminated just before`,
    );
    expect(ms).toBeLessThan(1_000);
    expect(await listenerPid()).not.toBe(pid);
  });

  it('comes back again each time, and what was written while it was away is sent on reconnect', async () => {
    for (const code of ['8144', '9255', '1366']) {
      const pid = await listenerPid();
      await sql`select pg_terminate_backend(${pid})`.execute(database.db);
      // Written while no listener exists: only the catch-up after reconnecting can send it.
      const since = await sendLoginCode(database, code);
      expect(await msUntilSent(database, code, since)).toBeLessThan(1_000);
    }
  });
});
