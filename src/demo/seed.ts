/**
 * Seeds the demo bank (DESIGN.md §7: `npm start` on a fresh machine shows a bank with two
 * customers and money). Idempotent: everything is looked up first and only what is missing is
 * created, so a second run changes nothing. Each change goes through the same functions, and so
 * the same audit records, as an operator's command.
 */
import { sql } from 'kysely';
import type { Config } from '../core/config.ts';
import { DomainError } from '../core/errors.ts';
import { parseAmount, parsePercent, parseRate } from '../core/money.ts';
import { recordAudit } from '../db/audit.ts';
import type { Database } from '../db/connection.ts';
import { type Executor, type Tx, inTransaction } from '../db/transaction.ts';
import {
  type Customer,
  createCustomer,
  findCustomerByCif,
  hasCustomers,
} from '../identity/customers.ts';
import {
  deposit,
  ensureInternalAccounts,
  listCustomerAccounts,
  openCustomerAccount,
} from '../ledger/index.ts';
import { currentRates, setRate } from '../payments/rates.ts';
import { listTariffs, setTariff } from '../payments/tariffs.ts';
import {
  type DemoCustomer,
  demoCustomers,
  demoPassword,
  demoRates,
  demoTariff,
  mainDeposit,
  otherDeposit,
} from './data.ts';

export interface DemoCredentials {
  readonly customers: readonly { name: string; cif: string; password: string }[];
}

export interface DemoSeed extends DemoCredentials {
  /** What this run created, e.g. "customer 10000001"; empty when the demo bank was complete. */
  readonly created: readonly string[];
}

export const demoSeedActor = 'system:demo-seed';

export async function seedDemoBank(
  database: Pick<Database, 'db'>,
  config: Config,
  actor: string,
): Promise<DemoSeed> {
  refuseInProduction(config);
  return inTransaction(database, async (trx) => {
    await lockSeed(trx);
    return seed(trx, config, actor);
  });
}

/** For `npm start`: seeds only a bank without customers, and never in production. */
export async function seedDemoIfEmpty(
  database: Pick<Database, 'db'>,
  config: Config,
): Promise<DemoCredentials | undefined> {
  if (config.env === 'production' || !config.seedDemo) return undefined;
  return inTransaction(database, async (trx) => {
    await lockSeed(trx);
    if (await hasCustomers(trx)) return undefined;
    return seed(trx, config, demoSeedActor);
  });
}

function refuseInProduction(config: Config): void {
  if (config.env === 'production')
    throw new DomainError('VALIDATION_FAILED', 'Demo data is never seeded in production');
}

/** Two servers starting at once on one PostgreSQL must not both seed. */
async function lockSeed(trx: Tx): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('smartpay.demo-seed'))`.execute(trx);
}

/** One seeding run: where it writes, as whom, and what it has created so far. */
interface SeedRun {
  readonly trx: Tx;
  readonly config: Config;
  readonly actor: string;
  readonly created: string[];
}

async function seed(trx: Tx, config: Config, actor: string): Promise<DemoSeed> {
  const run: SeedRun = { trx, config, actor, created: [] };
  await ensureInternalAccounts(trx, config.currencies);
  const [main = 'EUR', ...others] = config.currencies.includes('EUR')
    ? ['EUR', ...config.currencies.filter((c) => c !== 'EUR')]
    : config.currencies;
  for (const demo of demoCustomers) {
    const customer = await ensureCustomer(run, demo);
    await ensureAccount(run, customer, {
      currency: main,
      amount: mainDeposit,
      overdraft: demo.overdraft,
    });
    const other = others[demo.otherCurrencyIndex] ?? others[0];
    if (other) await ensureAccount(run, customer, { currency: other, amount: otherDeposit });
  }
  await ensureRates(run);
  await ensureTariffs(run);
  if (run.created.length > 0)
    await recordAudit(trx, { actor, action: 'demo.seed', details: { created: run.created } });
  return {
    customers: demoCustomers.map((c) => ({ name: c.name, cif: c.cif, password: demoPassword })),
    created: run.created,
  };
}

async function ensureCustomer(run: SeedRun, demo: DemoCustomer): Promise<Customer> {
  const existing = await findCustomerByCif(run.trx, demo.cif);
  // A real customer may hold a demo CIF: demo money must never land in their accounts.
  if (existing && (existing.fullName !== demo.name || existing.phone !== demo.phone))
    throw new DomainError(
      'CONFLICT',
      `CIF ${demo.cif} belongs to a customer who is not the demo's ${demo.name}`,
    );
  if (existing) return existing;
  run.created.push(`customer ${demo.cif}`);
  const input = { fullName: demo.name, phone: demo.phone, password: demoPassword, cif: demo.cif };
  return createCustomer(run.trx, input, run.actor);
}

interface DemoAccount {
  readonly currency: string;
  /** Opening deposit, in the account's currency. */
  readonly amount: string;
  readonly overdraft?: string | undefined;
}

/** Opens and funds the account only if the customer has none in that currency yet. */
async function ensureAccount(run: SeedRun, customer: Customer, demo: DemoAccount): Promise<void> {
  const { trx, config, actor } = run;
  const accounts = await listCustomerAccounts(trx, customer.id);
  if (accounts.some((a) => a.currency === demo.currency)) return;
  const overdraftLimit =
    demo.overdraft === undefined ? 0n : parseAmount(demo.overdraft, demo.currency);
  const scheme = { country: config.country, bankCode: config.bankCode };
  const account = await openCustomerAccount(trx, scheme, {
    customerId: customer.id,
    currency: demo.currency,
    overdraftLimit,
  });
  run.created.push(`account ${account.iban} ${demo.currency}`);
  await recordAudit(trx, {
    actor,
    action: 'account.open',
    subject: account.id,
    details: {
      iban: account.iban,
      cif: customer.cif,
      currency: demo.currency,
      overdraft: demo.overdraft ?? '0',
    },
  });
  const amount = parseAmount(demo.amount, demo.currency);
  await deposit(trx, { accountId: account.id, amount, description: 'Demo opening deposit', actor });
}

async function ensureRates(run: SeedRun): Promise<void> {
  const rates = await currentRates(run.trx);
  for (const currency of run.config.currencies) {
    const text = demoRates[currency];
    if (rates.has(currency) || text === undefined) continue;
    await setRate(run.trx, currency, parseRate(text), run.actor);
    run.created.push(`rate ${currency} ${text}`);
  }
}

async function ensureTariffs(run: SeedRun): Promise<void> {
  const existing = new Set((await listTariffs(run.trx)).map((t) => t.currency));
  for (const currency of run.config.currencies) {
    if (existing.has(currency)) continue;
    const figures = demoTariff(currency);
    await setTariff(
      run.trx,
      {
        currency,
        fixedMinor: figures.fixed,
        percent: parsePercent(figures.percent),
        minMinor: figures.min,
        maxMinor: figures.max,
      },
      run.actor,
    );
    run.created.push(`tariff ${currency}`);
  }
}

/**
 * The demo customers this database already has, for the start banner of every later start (the
 * password is the demo one unless an operator changed it). Never in production.
 */
export async function existingDemoCredentials(
  db: Executor,
  config: Config,
): Promise<DemoCredentials | undefined> {
  if (config.env === 'production' || !config.seedDemo) return undefined;
  const rows = await db
    .selectFrom('customers')
    .select(['cif', 'full_name'])
    .where(
      'cif',
      'in',
      demoCustomers.map((c) => c.cif),
    )
    .execute();
  const present = demoCustomers.filter((c) =>
    rows.some((r) => r.cif === c.cif && r.full_name === c.name),
  );
  if (present.length === 0) return undefined;
  return { customers: present.map((c) => ({ name: c.name, cif: c.cif, password: demoPassword })) };
}
