import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config.ts';
import { inTransaction } from '../../src/db/transaction.ts';
import { startDispatcher } from '../../src/notify/dispatcher.ts';
import { smsHandler, startNotifications } from '../../src/notify/index.ts';
import { enqueue } from '../../src/notify/outbox.ts';
import { httpSms, listSentSms, smsSenderFor } from '../../src/notify/sms.ts';
import { createTestDatabase, engineName, type TestDatabase } from '../helpers/database.ts';

describe(`outbox and SMS providers on ${engineName}`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });
  const config = loadConfig({ NODE_ENV: 'test' });
  const sms = (text: string) => ({
    topic: 'sms',
    payload: { phone: '+38344000001', cif: '10101010', text },
  });

  it('a message of a rolled-back transaction is never sent', async () => {
    await expect(
      inTransaction(database, async (trx) => {
        await enqueue(trx, sms('rolled back 1111'));
        throw new Error('login failed after the code was made');
      }),
    ).rejects.toThrow();
    const dispatcher = startNotifications(database, config);
    await dispatcher.dispatchOnce();
    await dispatcher.stop();
    expect((await listSentSms(database.db, { cif: '10101010' })).map((m) => m.text)).not.toContain(
      'rolled back 1111',
    );
  });

  it('a committed message is sent by a dispatcher started later (the process died after commit)', async () => {
    await inTransaction(database, (trx) => enqueue(trx, sms('survives 2222')));
    const dispatcher = startNotifications(database, config);
    await dispatcher.dispatchOnce();
    await dispatcher.stop();
    expect((await listSentSms(database.db, { cif: '10101010' })).map((m) => m.text)).toContain(
      'survives 2222',
    );
    const again = startNotifications(database, config);
    await again.dispatchOnce();
    await again.stop();
    const sent = (await listSentSms(database.db, { cif: '10101010' })).filter(
      (m) => m.text === 'survives 2222',
    );
    expect(sent).toHaveLength(1);
  });

  it('a failing send is retried later and the error is kept for operators', async () => {
    let calls = 0;
    const flaky = {
      name: 'flaky',
      send: async () => {
        calls++;
        if (calls === 1) throw new Error('gateway down');
      },
    };
    await inTransaction(database, (trx) =>
      enqueue(trx, { topic: 'flaky', payload: { phone: '+38344000002', text: 'retry 3333' } }),
    );
    const dispatcher = startDispatcher({
      database,
      handlers: { flaky: smsHandler(flaky) },
      pollIntervalMs: 60_000,
    });
    await dispatcher.dispatchOnce();
    const failed = await database.db
      .selectFrom('outbox')
      .selectAll()
      .where('topic', '=', 'flaky')
      .executeTakeFirstOrThrow();
    expect(failed).toMatchObject({ dispatched_at: null, last_error: 'gateway down', attempts: 1 });
    await database.db
      .updateTable('outbox')
      .set({ next_attempt_at: new Date(0) })
      .where('id', '=', failed.id)
      .execute();
    await dispatcher.dispatchOnce();
    await dispatcher.stop();
    expect(calls).toBe(2);
    const done = await database.db
      .selectFrom('outbox')
      .selectAll()
      .where('id', '=', failed.id)
      .executeTakeFirstOrThrow();
    expect(done.dispatched_at).not.toBeNull();
  });

  it('the development SMS provider is refused in production', () => {
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        SMARTPAY_QR_MAC_KEY: 'q'.repeat(40),
        SMARTPAY_OTP_HMAC_KEY: 'o'.repeat(40),
        SMARTPAY_PUBLIC_ORIGIN: 'https://pay.bank.example',
      }),
    ).toThrow(/SMS_PROVIDER=development/);
  });

  describe('the HTTP SMS provider', () => {
    let server: Server;
    let url: string;
    const received: unknown[] = [];
    let failuresLeft = 0;
    let hang = false;
    beforeAll(async () => {
      server = createServer(async (request: IncomingMessage, response) => {
        const body = await new Promise<string>((resolve) => {
          let text = '';
          request.on('data', (chunk) => (text += chunk));
          request.on('end', () => resolve(text));
        });
        if (hang) return; // never answers: the client's timeout must fire
        if (failuresLeft > 0) {
          failuresLeft--;
          response.writeHead(503).end();
          return;
        }
        received.push({ contentType: request.headers['content-type'], body: JSON.parse(body) });
        response.writeHead(202).end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it('POSTs JSON with the phone and text', async () => {
      await httpSms({ url, timeoutMs: 2_000 }).send(database.db, {
        phone: '+38344000003',
        text: 'hello 4444',
      });
      expect(received.at(-1)).toEqual({
        contentType: 'application/json',
        body: { to: '+38344000003', text: 'hello 4444' },
      });
    });

    it('retries when the gateway answers 5xx', async () => {
      failuresLeft = 2;
      await httpSms({ url, timeoutMs: 2_000, attemptsMax: 3 }).send(database.db, {
        phone: '+38344000004',
        text: 'retried 5555',
      });
      expect(received.at(-1)).toMatchObject({ body: { text: 'retried 5555' } });
    });

    it('gives up after the timeout on every attempt, with an error', async () => {
      hang = true;
      await expect(
        httpSms({ url, timeoutMs: 200, attemptsMax: 2 }).send(database.db, {
          phone: '+38344000005',
          text: 'lost',
        }),
      ).rejects.toThrow();
      hang = false;
    });

    it('a code leased while the gateway hangs is leased only for one send, not a minute (a login code lives 3)', async () => {
      hang = true;
      await inTransaction(database, (trx) => enqueue(trx, sms('leased 6666')));
      const sending = startNotifications(
        database,
        loadConfig({
          NODE_ENV: 'test',
          SMARTPAY_SMS_PROVIDER: 'http',
          SMARTPAY_SMS_HTTP_URL: url,
          SMARTPAY_SMS_HTTP_TIMEOUT_MS: '1000',
        }),
      );
      const pass = sending.dispatchOnce();
      await new Promise((resolve) => setTimeout(resolve, 300)); // the send is under way
      const { rows } = await sql<{ leased_s: number }>`
        select extract(epoch from next_attempt_at - now())::float8 as leased_s
          from outbox where dispatched_at is null and payload->>'text' = 'leased 6666'`.execute(
        database.db,
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]!.leased_s).toBeLessThanOrEqual(20);
      hang = false;
      await pass;
      await sending.stop();
    });

    it('a message whose dispatcher died mid-send goes out from another one when its lease ends', async () => {
      await inTransaction(database, (trx) =>
        enqueue(trx, { topic: 'stuck', payload: { phone: '+38344000006', text: 'again 7777' } }),
      );
      // The first dispatcher's send never ends, as in a process that died after leasing.
      const dead = startDispatcher({
        database,
        handlers: { stuck: () => new Promise<void>(() => undefined) },
        pollIntervalMs: 60_000,
        leaseMs: 500,
      });
      void dead.dispatchOnce();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const sent: string[] = [];
      const next = startDispatcher({
        database,
        handlers: { stuck: async (_db, message) => void sent.push(String(message.payload.text)) },
        pollIntervalMs: 60_000,
      });
      expect(await next.dispatchOnce()).toBe(0); // still leased
      await new Promise((resolve) => setTimeout(resolve, 600));
      await next.dispatchOnce();
      await next.stop();
      expect(sent).toEqual(['again 7777']);
    });

    it('is chosen by configuration', () => {
      const sender = smsSenderFor(
        loadConfig({ NODE_ENV: 'test', SMARTPAY_SMS_PROVIDER: 'http', SMARTPAY_SMS_HTTP_URL: url }),
      );
      expect(sender.name).toBe('http');
    });
  });
});
