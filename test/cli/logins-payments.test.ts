import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.ts';
import { loadConfig } from '../../src/core/config.ts';
import type { Database } from '../../src/db/connection.ts';
import { loadSettings } from '../../src/db/settings.ts';
import { inTransaction } from '../../src/db/transaction.ts';
import { findLoginByCif } from '../../src/identity/customers.ts';
import { recordFailedPassword } from '../../src/identity/lockout.ts';
import { verifyPassword } from '../../src/identity/passwords.ts';
import { createSession } from '../../src/identity/sessions.ts';
import { listCustomerAccounts } from '../../src/ledger/accounts.ts';
import { confirmPayment } from '../../src/payments/confirm.ts';
import { createQuote } from '../../src/payments/quotes.ts';
import { confirmRefund, createRefundQuote } from '../../src/payments/refunds.ts';
import {
  createPaymentRequest,
  openQrAccount,
  payloadSettingsFromConfig,
} from '../../src/qr/index.ts';
import { engineName } from '../helpers/database.ts';
import {
  type CliEnvironment,
  cliTimeoutMs,
  createCliEnvironment,
  runCli,
  withCliDatabase,
} from './cli-process.ts';

const config = loadConfig({ NODE_ENV: 'test' });
const payload = payloadSettingsFromConfig(config);

/** Arta asks 12.50 EUR; Besnik pays it, through the same functions the API uses. */
async function payDemoRequest(database: Database): Promise<string> {
  const settings = await loadSettings(database.db);
  const context = { clock: systemClock, payload };
  const [arta, besnik] = await Promise.all(
    ['10000001', '10000002'].map(async (cif) => (await findLoginByCif(database.db, cif))!.customer),
  );
  const artaEur = (await listCustomerAccounts(database.db, arta!.id)).find(
    (a) => a.currency === 'EUR',
  )!;
  const besnikEur = (await listCustomerAccounts(database.db, besnik!.id)).find(
    (a) => a.currency === 'EUR',
  )!;
  const artaQr = await inTransaction(database, (trx) =>
    openQrAccount(
      trx,
      { customerId: arta!.id, bankAccountId: artaEur.id, payeeName: arta!.fullName },
      context,
    ),
  );
  const besnikQr = await inTransaction(database, (trx) =>
    openQrAccount(
      trx,
      { customerId: besnik!.id, bankAccountId: besnikEur.id, payeeName: besnik!.fullName },
      context,
    ),
  );
  const request = await inTransaction(database, (trx) =>
    createPaymentRequest(
      trx,
      { customerId: arta!.id, qrAccountId: artaQr.id, amount: '12.50' },
      { ...context, settings },
    ),
  );
  const { session } = await createSession(
    database.db,
    { customerId: besnik!.id, level: 'full' },
    systemClock,
    settings,
  );
  const deps = { clock: systemClock, payload, settings };
  const quote = await createQuote(
    database.db,
    session,
    { payload: request.payload, fromQrAccountId: besnikQr.id },
    deps,
  );
  const paid = await confirmPayment(
    database,
    session,
    { quoteId: quote.quoteId, idempotencyKey: 'cli-test-payment' },
    deps,
  );
  return (paid.body as { id: string }).id;
}

describe(`smartpay customer logins and payments commands on ${engineName}`, () => {
  let cli: CliEnvironment;
  let paymentId: string;
  const run = (...args: string[]) => runCli(cli, args);

  beforeAll(async () => {
    cli = await createCliEnvironment();
    expect((await run('demo', 'seed')).code).toBe(0);
    paymentId = await withCliDatabase(cli, payDemoRequest);
  }, cliTimeoutMs * 2);
  afterAll(async () => {
    await cli.close();
  });

  it(
    'payments list and show give both sides, and the postings balance',
    { timeout: cliTimeoutMs * 2 },
    async () => {
      const listed = await run('payments', 'list', '--json');
      expect(listed.code, listed.stderr).toBe(0);
      const { payments } = listed.json<{
        payments: {
          id: string;
          payer: { name: string };
          payee: { name: string };
          amount: string;
          fee: string;
        }[];
      }>();
      expect(payments).toHaveLength(1);
      expect(payments[0]).toMatchObject({
        id: paymentId,
        payer: { name: 'Besnik G.' },
        payee: { name: 'Arta K.' },
        amount: '12.50',
      });
      const shown = await run('payments', 'show', paymentId, '--json');
      const { postings } = shown.json<{ postings: { amount: string; currency: string }[] }>();
      const cents = postings.map((p) => BigInt(p.amount.replace('.', '')));
      expect(cents.reduce((a, b) => a + b, 0n)).toBe(0n);
      expect((await run('payments', 'list', '--cif', '10000001')).stdout).toContain('Arta K.');
      const missing = await run('payments', 'show', '00000000-0000-7000-8000-000000000000');
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('no payment');
      expect((await run('ledger', 'verify')).code).toBe(0);
    },
  );

  it('customer unlock clears a lockout and is audited', { timeout: cliTimeoutMs * 2 }, async () => {
    await withCliDatabase(cli, async (database) => {
      const settings = await loadSettings(database.db);
      for (let i = 0; i < 5; i++)
        await inTransaction(database, (trx) =>
          recordFailedPassword(trx, '10000001', systemClock, settings, null),
        );
    });
    const unlocked = await run('customer', 'unlock', '10000001', '--json');
    expect(unlocked.json()).toEqual({ cif: '10000001', wasLocked: true });
    expect((await run('customer', 'unlock', '10000001')).stdout).toContain('no failed logins');
    expect(
      (await run('audit', 'list', '--action', 'login.unlocked', '--json')).json<{
        entries: unknown[];
      }>().entries,
    ).toHaveLength(2);
  });

  it(
    'customer set-password changes the password and refuses a short one',
    { timeout: cliTimeoutMs * 2 },
    async () => {
      const changed = await runCli(
        cli,
        ['customer', 'set-password', '10000002', '--password-stdin'],
        { input: 'a new secret 42\n' },
      );
      expect(changed.code, changed.stderr).toBe(0);
      await withCliDatabase(cli, async (database) => {
        const login = await findLoginByCif(database.db, '10000002');
        expect(await verifyPassword(login!.passwordHash, 'a new secret 42')).toBe(true);
        expect(await verifyPassword(login!.passwordHash, 'demo1234')).toBe(false);
      });
      const short = await run('customer', 'set-password', '10000002', '--password', 'short');
      expect(short.code).toBe(1);
      expect(short.stderr).toContain('at least 8');
      expect(
        (await run('customer', 'set-password', '99999999', '--password', 'long enough')).code,
      ).toBe(1);
    },
  );

  it(
    'customer devices lists trusted devices (none for the demo customers)',
    { timeout: cliTimeoutMs },
    async () => {
      const devices = await run('customer', 'devices', '10000001', '--json');
      expect(devices.json()).toEqual({ cif: '10000001', devices: [] });
    },
  );

  it(
    'payments refunds shows what the payee refunded of a payment',
    { timeout: cliTimeoutMs * 2 },
    async () => {
      await withCliDatabase(cli, async (database) => {
        const settings = await loadSettings(database.db);
        const arta = (await findLoginByCif(database.db, '10000001'))!.customer;
        const { session } = await createSession(
          database.db,
          { customerId: arta.id, level: 'full' },
          systemClock,
          settings,
        );
        const deps = { clock: systemClock, payload, settings };
        const quote = await createRefundQuote(
          database.db,
          session,
          { paymentId, amount: '5.00' },
          deps,
        );
        await confirmRefund(
          database,
          session,
          { quoteId: quote.quoteId, idempotencyKey: 'cli-test-refund' },
          deps,
        );
      });
      const shown = await run('payments', 'refunds', paymentId, '--json');
      expect(shown.code, shown.stderr).toBe(0);
      expect(
        shown.json<{ payment: { refunded: string }; refunds: { debit: string }[] }>(),
      ).toMatchObject({ payment: { refunded: '5.00' }, refunds: [{ debit: '5.00' }] });
      expect((await run('payments', 'refunds', paymentId)).stdout).toContain('Refunded');
      expect((await run('ledger', 'verify')).code).toBe(0);
    },
  );
});
