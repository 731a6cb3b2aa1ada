/**
 * Set-up before any timing. The bank side (rates, tariff, customers, funded accounts) uses the
 * operator CLI's own functions on the bench's database before the server starts; the customers'
 * side (full login with the SMS code, terms, QR account) goes through the server's API, as a
 * phone would. Logins are timed on their own: argon2 is slow on purpose.
 */
import { sql } from 'kysely';
import { parseAmount, parsePercent, parseRate } from '../src/core/money.ts';
import { openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { inTransaction } from '../src/db/transaction.ts';
import { createCustomer } from '../src/identity/customers.ts';
import { deposit, ensureInternalAccounts, openCustomerAccount } from '../src/ledger/index.ts';
import { setRate } from '../src/payments/rates.ts';
import { setTariff } from '../src/payments/tariffs.ts';
import type { Actor } from './protocol.ts';
import type { SmsGateway } from './sms-gateway.ts';
import { summarize } from './stats.ts';
import type { LatencySummary } from './protocol.ts';

export const benchCurrency = 'EUR';
export const openingBalance = '100000.00';
export const benchPassword = 'bench password 1';
const actorName = 'operator:bench';

export interface Customer {
  readonly index: number;
  readonly customerId: string;
  readonly cif: string;
  readonly phone: string;
  readonly bankAccountId: string;
}

/** Runs `work` over items with at most `limit` at once. */
export async function inParallel<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export function phoneOf(index: number): string {
  return `+38349${String(index).padStart(6, '0')}`;
}

/** Migrates the database and creates `count` customers with one funded EUR account each. */
export async function setUpBank(
  target: { databaseUrl: string | undefined; dataDir: string | undefined },
  count: number,
): Promise<Customer[]> {
  const database = await openDatabase({ ...target, poolSize: 4 });
  try {
    await migrateToLatest(database);
    const db = database.db;
    await ensureInternalAccounts(db, ['EUR', 'USD', 'CHF', 'ALL']);
    await setRate(db, 'USD', parseRate('1.08'), actorName);
    await setRate(db, 'CHF', parseRate('0.94'), actorName);
    await setRate(db, 'ALL', parseRate('98.5'), actorName);
    // The guide's e-banking tariff shape: fixed + percent with a floor and a ceiling.
    await setTariff(
      db,
      {
        currency: benchCurrency,
        fixedMinor: 10n,
        percent: parsePercent('0.1'),
        minMinor: 10n,
        maxMinor: 200n,
      },
      actorName,
    );
    const indexes = Array.from({ length: count }, (_, i) => i);
    const customers = await inParallel(indexes, 4, async (index) => {
      const phone = phoneOf(index);
      const customer = await createCustomer(
        db,
        { fullName: `Klienti Bench ${index}`, phone, password: benchPassword },
        actorName,
      );
      const account = await inTransaction(database, async (trx) => {
        const opened = await openCustomerAccount(
          trx,
          { country: 'XK', bankCode: '1212' },
          { customerId: customer.id, currency: benchCurrency, overdraftLimit: 0n },
        );
        await deposit(trx, {
          accountId: opened.id,
          amount: parseAmount(openingBalance, benchCurrency),
          actor: actorName,
        });
        return opened;
      });
      return {
        index,
        customerId: customer.id,
        cif: customer.cif,
        phone,
        bankAccountId: account.id,
      };
    });
    // A bank's database has planner statistics; freshly filled tables have none until
    // autovacuum gets to them (a minute or more), which would slow whichever scenario runs first.
    await sql`analyze`.execute(db);
    return customers;
  } finally {
    await database.close();
  }
}

export interface LoginReport {
  readonly logins: number;
  readonly concurrency: number;
  readonly loginsPerSecond: number;
  /** Password step alone (argon2 verification, challenge, SMS queued). */
  readonly password: LatencySummary;
  /** Password, SMS delivered through the outbox and the gateway, code entered: a full login. */
  readonly full: LatencySummary;
}

async function post(baseUrl: string, path: string, body: unknown, token?: string) {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(json)}`);
  return json;
}

/** Full logins (password + SMS code), enrollment and a QR account per customer, through the API. */
export async function logInEveryone(
  baseUrl: string,
  sms: SmsGateway,
  customers: readonly Customer[],
  concurrency: number,
): Promise<{ actors: Actor[]; report: LoginReport }> {
  const passwordMs: number[] = [];
  const fullMs: number[] = [];
  const terms = (await (await fetch(`${baseUrl}/api/terms`)).json()) as { version: string };
  const started = performance.now();
  const tokens = await inParallel(customers, concurrency, async (customer) => {
    const loginStarted = performance.now();
    const codeSent = sms.nextCode(customer.phone);
    const challenge = await post(baseUrl, '/api/auth/login', {
      cif: customer.cif,
      password: benchPassword,
    });
    passwordMs.push(performance.now() - loginStarted);
    const code = await codeSent;
    const session = await post(baseUrl, '/api/auth/login/otp', {
      challengeId: challenge.challengeId,
      code,
    });
    fullMs.push(performance.now() - loginStarted);
    return String(session.token);
  });
  const elapsedS = (performance.now() - started) / 1000;
  const actors = await inParallel(customers, concurrency, async (customer, i) => {
    const token = tokens[i]!;
    await post(baseUrl, '/api/enrollment', { termsVersion: terms.version }, token);
    const qr = await post(
      baseUrl,
      '/api/qr-accounts',
      { bankAccountId: customer.bankAccountId },
      token,
    );
    const code = qr.accountCode as { payload: string };
    return {
      index: customer.index,
      customerId: customer.customerId,
      token,
      bankAccountId: customer.bankAccountId,
      qrAccountId: String(qr.id),
      accountCode: code.payload,
    };
  });
  return {
    actors,
    report: {
      logins: customers.length,
      concurrency,
      loginsPerSecond: customers.length / elapsedS,
      password: summarize(passwordMs),
      full: summarize(fullMs),
    },
  };
}
