/**
 * The one test bank of every tier (vitest API and module tests, server tests, browser tests,
 * fault and security suites). Use it; do not write another app builder, "customer with money"
 * or SMS-code reader.
 *
 * - `startTestBank()`: the real HTTP app (buildApp) on a fresh migrated test database, with a
 *   test clock, the outbox dispatcher (SMS codes land in sms_messages) and `call()` for requests.
 *   `{ listen: true }` also serves it on a free port (browser tests), `{ routes }` adds test-only
 *   routes under /api/test, `{ env }` overrides configuration. `{ sameDatabaseAs: bank }` starts
 *   another instance on that bank's database instead, as a second server process: tests of what
 *   several instances share (limits, settings, live events) or configure differently (keys).
 *   Only a test about buildApp itself calls buildApp.
 * - `setUpBank(bank)`: the bank's rates of the day and its EUR tariff.
 * - `customerWithMoney(db, spec)`: what an operator does: a customer with funded bank accounts.
 * - `customerWithQrAccount(bank, name, spec)`: the same customer enrolled in SmartPay through the
 *   API, with a full session token and an open QR account (its account code).
 * - `smsCode(inbox, cif, after)` / `lastSmsId(inbox, cif)`: the SMS codes the development
 *   provider "sent", for any bank that can list its SMS messages (in-process or over the CLI).
 * - `fullLogin(bank, customer)` / `enrolledLogin(bank, customer)`: the customer's logins.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Clock, TestClock } from '../../src/core/clock.ts';
import { type Config, loadConfig } from '../../src/core/config.ts';
import { newCif, newId } from '../../src/core/ids.ts';
import { parsePercent, parseRate } from '../../src/core/money.ts';
import type { Executor } from '../../src/db/transaction.ts';
import { buildApp, type App } from '../../src/http/app.ts';
import { createCustomer } from '../../src/identity/customers.ts';
import {
  type LedgerAccount,
  deposit,
  ensureInternalAccounts,
  openCustomerAccount,
} from '../../src/ledger/index.ts';
import type { Dispatcher } from '../../src/notify/dispatcher.ts';
import { startNotifications } from '../../src/notify/index.ts';
import { setRate } from '../../src/payments/rates.ts';
import { setTariff } from '../../src/payments/tariffs.ts';
import { createTestDatabase, sharedTestDatabase, type TestDatabase } from './database.ts';
import { freePort } from './own-postgres.ts';

// ---------- The app ----------

/** The origin of an in-process test bank that does not listen (app.inject). */
export const testOrigin = 'http://localhost:8080';

/** The configuration every test bank starts from; `env` of startTestBank overrides it. */
export const testEnv: Readonly<Record<string, string>> = {
  NODE_ENV: 'test',
  SMARTPAY_PUBLIC_ORIGIN: testOrigin,
  SMARTPAY_LOGIN_RATE_PER_IP: '10000',
  SMARTPAY_LOGIN_RATE_PER_CIF: '10000',
};
export const testConfig = loadConfig(testEnv);

export const bankScheme = { country: 'XK', bankCode: '1212' } as const;

/** An answer of the API, the same shape whether it came through app.inject or real HTTP. */
export interface Answer {
  readonly status: number;
  readonly headers: Record<string, unknown> | Headers;
  readonly text: string;
  readonly json: Record<string, unknown> & { code?: string };
}

export interface CallOptions {
  readonly token?: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export interface SmsMessage {
  readonly id: bigint;
  readonly text: string;
}

/** A bank a customer can talk to: its API, and the SMS messages its phones received. */
export interface CustomerSide {
  call(method: string, path: string, options?: CallOptions): Promise<Answer>;
  /** The SMS messages sent to a CIF so far, newest first (after the dispatcher ran). */
  smsMessages(cif: string): Promise<readonly SmsMessage[]>;
}

export interface TestBank<C extends Clock = TestClock> extends CustomerSide {
  readonly app: App;
  readonly database: TestDatabase;
  readonly config: Config;
  readonly clock: C;
  readonly dispatcher: Dispatcher;
  /** Where it listens ({ listen: true }), else the configured public origin. */
  readonly url: string;
  close(): Promise<void>;
}

export interface TestBankOptions<C extends Clock> {
  readonly env?: Record<string, string>;
  /** Default: a TestClock at 2026-06-15T10:00:00Z that only tests move. */
  readonly clock?: C;
  /** Serve on a free port of 127.0.0.1 (as http://localhost:port, a secure context). */
  readonly listen?: boolean;
  /** Test-only routes, registered under /api/test. */
  readonly routes?: FastifyPluginAsyncTypebox;
  /**
   * Another instance of this bank, on its database: its own app and dispatcher (and on
   * PostgreSQL its own connection pool), the bank's clock unless `clock` is given, the test
   * configuration with `env`. Closing it leaves the database to the bank: close it first.
   */
  readonly sameDatabaseAs?: Pick<TestBank<C>, 'database' | 'clock'>;
}

export async function startTestBank<C extends Clock = TestClock>(
  options: TestBankOptions<C> = {},
): Promise<TestBank<C>> {
  const port = options.listen ? await freePort() : undefined;
  const listening: Record<string, string> =
    port === undefined
      ? {}
      : { PORT: String(port), SMARTPAY_PUBLIC_ORIGIN: `http://localhost:${port}` };
  const config = loadConfig({ ...testEnv, ...listening, ...options.env });
  const shared = options.sameDatabaseAs;
  const database = shared ? await sharedTestDatabase(shared.database) : await createTestDatabase();
  await ensureInternalAccounts(database.db, config.currencies);
  const clock =
    options.clock ?? shared?.clock ?? (new TestClock('2026-06-15T10:00:00Z') as unknown as C);
  const app = await buildApp({ config, database, clock, logger: { level: 'silent' } });
  if (options.routes) await app.register(options.routes, { prefix: '/api/test' });
  await app.ready();
  if (port !== undefined) await app.listen({ host: '127.0.0.1', port });
  const dispatcher = startNotifications(database, config);
  return {
    app,
    database,
    config,
    clock,
    dispatcher,
    url: config.publicOrigin,
    call: (method, path, callOptions) => injectCall(app, method, path, callOptions),
    async smsMessages(cif) {
      await dispatcher.dispatchOnce();
      const rows = await database.db
        .selectFrom('sms_messages')
        .select(['id', 'text'])
        .where('cif', '=', cif)
        .orderBy('id', 'desc')
        .execute();
      return rows.map((row) => ({ id: BigInt(row.id), text: row.text }));
    },
    async close() {
      await dispatcher.stop();
      await app.close();
      await database.close();
    },
  };
}

async function injectCall(
  app: App,
  method: string,
  url: string,
  options: CallOptions = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await app.inject({
    method: method as 'GET',
    url,
    headers,
    ...(options.body === undefined ? {} : { payload: options.body as object }),
  });
  let json: Answer['json'];
  try {
    json = response.body ? (JSON.parse(response.body) as Answer['json']) : {};
  } catch {
    json = {};
  }
  return { status: response.statusCode, headers: response.headers, text: response.body, json };
}

/** Real time plus an offset that only grows: countdowns in a browser agree with the server. */
export class ShiftedClock implements Clock {
  #offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.#offsetMs);
  }
  advance(ms: number): void {
    if (!(ms >= 0)) throw new Error('the test clock only moves forward');
    this.#offsetMs += ms;
  }
  reset(): void {
    this.#offsetMs = 0;
  }
}

export function bearer(token: string) {
  return { authorization: `Bearer ${token}` };
}

// ---------- The bank's side (what an operator does) ----------

/** The rates of the day (USD 1.08, CHF 0.94, ALL 98.5 per EUR) and the EUR tariff. */
export async function setUpBank(
  bank: { readonly database: { readonly db: Executor } },
  options: { feePercent?: string } = {},
): Promise<void> {
  const db = bank.database.db;
  await setRate(db, 'USD', parseRate('1.08'), 'test');
  await setRate(db, 'CHF', parseRate('0.94'), 'test');
  await setRate(db, 'ALL', parseRate('98.5'), 'test');
  await setTariff(
    db,
    {
      currency: 'EUR',
      fixedMinor: 10n,
      percent: parsePercent(options.feePercent ?? '0.1'),
      minMinor: 10n,
      maxMinor: 200n,
    },
    'test',
  );
}

export interface AccountSpec {
  readonly currency?: string;
  /** Minor units, deposited by the operator. Default 100_000n (1,000.00). */
  readonly balance?: bigint;
  /** Approved overdraft, minor units. Default none. */
  readonly overdraft?: bigint;
}

export interface CustomerSpec extends AccountSpec {
  readonly name?: string;
  readonly password?: string;
  readonly phone?: string;
  /** Several bank accounts instead of the one that currency/balance/overdraft describe. */
  readonly accounts?: readonly AccountSpec[];
  /**
   * false: no password hash (argon2 is slow on purpose), so the customer cannot log in; for
   * module tests that never go through the API.
   */
  readonly canLogIn?: boolean;
}

export interface TestCustomer {
  readonly customerId: string;
  readonly cif: string;
  readonly password: string;
  readonly name: string;
  /** The first bank account (the only one unless `accounts` asked for several; '' for none). */
  readonly bankAccountId: string;
  /** Every bank account's id by currency. */
  readonly accounts: Readonly<Record<string, string>>;
}

export const testPassword = 'correct horse battery';

/** A customer of the bank with funded accounts, made straight through the module functions. */
export async function customerWithMoney(
  db: Executor,
  spec: CustomerSpec = {},
): Promise<TestCustomer> {
  return (await customerWithLedgerAccounts(db, spec)).customer;
}

/** One funded bank account of a new customer (who cannot log in): ledger tests. */
export async function fundedAccount(db: Executor, spec: AccountSpec = {}): Promise<LedgerAccount> {
  const { opened } = await customerWithLedgerAccounts(db, {
    balance: 0n,
    ...spec,
    canLogIn: false,
  });
  return opened[0]!;
}

async function customerWithLedgerAccounts(db: Executor, spec: CustomerSpec) {
  const name = spec.name ?? 'Arta Krasniqi';
  const password = spec.password ?? testPassword;
  const phone = spec.phone ?? '+38344111222';
  const accounts = spec.accounts ?? [spec];
  const work = async (trx: Executor) => {
    const { id, cif } =
      spec.canLogIn === false
        ? await insertCustomerWithoutPassword(trx, name, phone)
        : await createCustomer(trx, { fullName: name, phone, password }, 'test');
    const opened: LedgerAccount[] = [];
    for (const account of accounts) opened.push(await openBankAccount(trx, id, account));
    const byCurrency: Record<string, string> = {};
    for (const account of opened) byCurrency[account.currency] ??= account.id;
    const customer: TestCustomer = {
      customerId: id,
      cif,
      password,
      name,
      bankAccountId: opened[0]?.id ?? '',
      accounts: byCurrency,
    };
    return { customer, opened };
  };
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/** Another funded bank account for an existing customer. */
export async function openBankAccount(
  db: Executor,
  customerId: string,
  spec: AccountSpec = {},
): Promise<LedgerAccount> {
  const currency = spec.currency ?? 'EUR';
  await ensureInternalAccounts(db, [currency]);
  const created = await openCustomerAccount(db, bankScheme, {
    customerId,
    currency,
    overdraftLimit: spec.overdraft ?? 0n,
  });
  const balance = spec.balance ?? 100_000n;
  if (balance === 0n) return created;
  return (await deposit(db, { accountId: created.id, amount: balance, actor: 'test' })).account;
}

async function insertCustomerWithoutPassword(db: Executor, name: string, phone: string) {
  const row = { id: newId(), cif: newCif(), full_name: name, phone, password_hash: 'not-a-hash' };
  await db.insertInto('customers').values(row).execute();
  return row;
}

/** The customer's bank account in `currency`. */
export function accountIn(customer: TestCustomer, currency = 'EUR'): string {
  const id = customer.accounts[currency];
  if (id === undefined) throw new Error(`test customer has no ${currency} account`);
  return id;
}

// ---------- The customer's side ----------

/** The newest SMS code sent to a CIF after message `after` (waits for the dispatcher). */
export async function smsCode(
  inbox: Pick<CustomerSide, 'smsMessages'>,
  cif: string,
  after = 0n,
): Promise<{ code: string; id: bigint }> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const messages = await inbox.smsMessages(cif);
    const newest = messages.find((m) => m.id > after && /\d{4}/.test(m.text));
    if (newest) return { code: /(\d{4})/.exec(newest.text)![1]!, id: newest.id };
    if (Date.now() > deadline) throw new Error(`no SMS code reached ${cif}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The id of the newest SMS sent to a CIF (0n for none): `after` for the next smsCode. */
export async function lastSmsId(
  inbox: Pick<CustomerSide, 'smsMessages'>,
  cif: string,
): Promise<bigint> {
  return (await inbox.smsMessages(cif))[0]?.id ?? 0n;
}

/** Password then SMS code: a full session token. */
export async function fullLogin(
  bank: CustomerSide,
  customer: { readonly cif: string; readonly password: string },
): Promise<string> {
  const before = await lastSmsId(bank, customer.cif);
  const login = await bank.call('POST', '/api/auth/login', {
    body: { cif: customer.cif, password: customer.password },
  });
  if (login.status !== 200) throw new Error(`login failed: ${login.text}`);
  const { code } = await smsCode(bank, customer.cif, before);
  const otp = await bank.call('POST', '/api/auth/login/otp', {
    body: { challengeId: login.json.challengeId, code },
  });
  if (otp.status !== 200) throw new Error(`OTP failed: ${otp.text}`);
  return otp.json.token as string;
}

/** Full login plus acceptance of the current terms: ready to use SmartPay. */
export async function enrolledLogin(
  bank: CustomerSide,
  customer: { readonly cif: string; readonly password: string },
): Promise<string> {
  const token = await fullLogin(bank, customer);
  const terms = await bank.call('GET', '/api/terms');
  const enrolled = await bank.call('POST', '/api/enrollment', {
    token,
    body: { termsVersion: terms.json.version },
  });
  if (enrolled.status !== 200) throw new Error(`enrollment failed: ${enrolled.text}`);
  return token;
}

export interface SmartPayCustomer extends TestCustomer {
  /** A full session. */
  readonly token: string;
  readonly qrAccountId: string;
  /** The QR account's account code (payload text). */
  readonly accountCode: string;
}

/** A customer with money, enrolled, logged in fully, with a QR account on the first account. */
export async function customerWithQrAccount(
  bank: CustomerSide & { readonly database: { readonly db: Executor } },
  name: string,
  spec: Omit<CustomerSpec, 'name' | 'canLogIn'> = {},
): Promise<SmartPayCustomer> {
  const customer = await customerWithMoney(bank.database.db, { ...spec, name });
  const token = await enrolledLogin(bank, customer);
  const opened = await bank.call('POST', '/api/qr-accounts', {
    token,
    body: { bankAccountId: customer.bankAccountId },
  });
  if (opened.status !== 201) throw new Error(`opening the QR account failed: ${opened.text}`);
  const accountCode = opened.json.accountCode as { payload: string };
  return {
    ...customer,
    token,
    qrAccountId: opened.json.id as string,
    accountCode: accountCode.payload,
  };
}
