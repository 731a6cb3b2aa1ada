/**
 * The real HTTP app on a fresh test database, with a test clock and a dispatcher that tests run
 * by hand, plus task verbs for the flows most tests need (create a customer, log in fully).
 */
import { TestClock } from '../../src/core/clock.ts';
import { type Config, loadConfig } from '../../src/core/config.ts';
import { buildApp, type App } from '../../src/http/app.ts';
import { createCustomer } from '../../src/identity/customers.ts';
import type { Dispatcher } from '../../src/notify/dispatcher.ts';
import { startNotifications } from '../../src/notify/index.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { openCustomerAccount, deposit, ensureInternalAccounts } from '../../src/ledger/index.ts';
import { inTransaction } from '../../src/db/transaction.ts';

export const testOrigin = 'http://localhost:8080';

export interface TestApi {
  readonly app: App;
  readonly database: TestDatabase;
  readonly clock: TestClock;
  readonly config: Config;
  readonly dispatcher: Dispatcher;
  close(): Promise<void>;
}

export async function startTestApi(env: Record<string, string> = {}): Promise<TestApi> {
  const database = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    SMARTPAY_PUBLIC_ORIGIN: testOrigin,
    SMARTPAY_LOGIN_RATE_PER_IP: '10000',
    SMARTPAY_LOGIN_RATE_PER_CIF: '10000',
    ...env,
  });
  await ensureInternalAccounts(database.db, config.currencies);
  const clock = new TestClock('2026-06-15T10:00:00Z');
  const app = await buildApp({ config, database, clock, logger: { level: 'silent' } });
  const dispatcher = startNotifications(database, config);
  return {
    app,
    database,
    clock,
    config,
    dispatcher,
    async close() {
      await dispatcher.stop();
      await app.close();
      await database.close();
    },
  };
}

export interface TestCustomer {
  readonly id: string;
  readonly cif: string;
  readonly password: string;
}

export async function createTestCustomer(
  api: TestApi,
  name = 'Arta Krasniqi',
  password = 'correct horse',
): Promise<TestCustomer> {
  const customer = await createCustomer(
    api.database.db,
    { fullName: name, phone: '+38344111222', password },
    'test',
  );
  return { id: customer.id, cif: customer.cif, password };
}

export async function openFundedAccount(
  api: TestApi,
  customerId: string,
  currency = 'EUR',
  balance = 100_000n,
  overdraft = 0n,
) {
  return inTransaction(api.database, async (trx) => {
    const account = await openCustomerAccount(
      trx,
      { country: 'XK', bankCode: '1212' },
      { customerId, currency, overdraftLimit: overdraft },
    );
    if (balance > 0n) await deposit(trx, { accountId: account.id, amount: balance, actor: 'test' });
    return account;
  });
}

/** The last SMS code the development provider "sent" to this CIF. */
export async function lastSmsCode(api: TestApi, cif: string): Promise<string> {
  await api.dispatcher.dispatchOnce();
  const row = await api.database.db
    .selectFrom('sms_messages')
    .select('text')
    .where('cif', '=', cif)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  const code = /(\d{4})/.exec(row?.text ?? '')?.[1];
  if (!code) throw new Error(`no SMS code was sent to ${cif}`);
  return code;
}

export function bearer(token: string) {
  return { authorization: `Bearer ${token}` };
}

export async function fullLogin(api: TestApi, customer: TestCustomer): Promise<string> {
  const login = await api.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { cif: customer.cif, password: customer.password },
  });
  if (login.statusCode !== 200) throw new Error(`login failed: ${login.body}`);
  const code = await lastSmsCode(api, customer.cif);
  const otp = await api.app.inject({
    method: 'POST',
    url: '/api/auth/login/otp',
    payload: { challengeId: login.json().challengeId, code },
  });
  if (otp.statusCode !== 200) throw new Error(`OTP failed: ${otp.body}`);
  return otp.json().token as string;
}

/** Full login plus acceptance of the current terms: ready to use SmartPay. */
export async function enrolledLogin(api: TestApi, customer: TestCustomer): Promise<string> {
  const token = await fullLogin(api, customer);
  const terms = await api.app.inject({ method: 'GET', url: '/api/terms' });
  const enrolled = await api.app.inject({
    method: 'POST',
    url: '/api/enrollment',
    headers: bearer(token),
    payload: { termsVersion: terms.json().version },
  });
  if (enrolled.statusCode !== 200) throw new Error(`enrollment failed: ${enrolled.body}`);
  return token;
}
