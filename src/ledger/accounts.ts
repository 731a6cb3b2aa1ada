/**
 * Bank accounts: customer accounts (IBAN, currency, balance, approved overdraft) and the bank's
 * internal accounts, one of each kind per currency (cash, fee income, FX position).
 */
import { sql } from 'kysely';
import { DomainError } from '../core/errors.ts';
import { generateIban, makeBban } from '../core/iban.ts';
import { newId } from '../core/ids.ts';
import { formatAmount } from '../core/money.ts';
import type { Executor } from '../db/transaction.ts';
import type { LedgerAccountKind } from '../db/schema.ts';
import type { BankAccount } from './views.ts';

export type InternalAccountKind = Exclude<LedgerAccountKind, 'customer'>;
export const internalAccountKinds: readonly InternalAccountKind[] = [
  'cash',
  'fee_income',
  'fx_position',
];

export interface LedgerAccount {
  readonly id: string;
  readonly kind: LedgerAccountKind;
  readonly customerId: string | null;
  readonly iban: string | null;
  readonly currency: string;
  /** Every posting of the account, rolled up or still pending. */
  readonly balance: bigint;
  readonly overdraftLimit: bigint;
  /** What the customer may still spend: balance plus the approved overdraft. */
  readonly available: bigint;
  readonly createdAt: Date;
}

export interface IbanScheme {
  readonly country: string;
  readonly bankCode: string;
}

export interface OpenAccountInput {
  readonly customerId: string;
  readonly currency: string;
  readonly overdraftLimit?: bigint;
}

export async function openCustomerAccount(
  db: Executor,
  scheme: IbanScheme,
  input: OpenAccountInput,
): Promise<LedgerAccount> {
  const overdraftLimit = input.overdraftLimit ?? 0n;
  if (overdraftLimit < 0n)
    throw new DomainError('VALIDATION_FAILED', 'overdraft limit cannot be negative', {
      field: 'overdraft',
    });
  const { rows } = await sql<{
    n: bigint;
  }>`select nextval('ledger_account_number_seq') as n`.execute(db);
  const accountNumber = String(rows[0]?.n ?? 0n).padStart(10, '0');
  const iban = generateIban(
    scheme.country,
    makeBban(scheme.country, scheme.bankCode, accountNumber),
  );
  const id = newId();
  await db
    .insertInto('ledger_accounts')
    .values({
      id,
      kind: 'customer',
      customer_id: input.customerId,
      iban,
      currency: input.currency,
      overdraft_limit: overdraftLimit,
    })
    .execute();
  return getAccount(db, id);
}

/** Creates the internal accounts of each currency once; safe to call at every start. */
export async function ensureInternalAccounts(
  db: Executor,
  currencies: readonly string[],
): Promise<void> {
  const rows = currencies.flatMap((currency) =>
    internalAccountKinds.map((kind) => ({
      id: newId(),
      kind,
      currency,
      customer_id: null,
      iban: null,
    })),
  );
  if (rows.length === 0) return;
  await db
    .insertInto('ledger_accounts')
    .values(rows)
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function internalAccountId(
  db: Executor,
  kind: InternalAccountKind,
  currency: string,
): Promise<string> {
  const row = await db
    .selectFrom('ledger_accounts')
    .select('id')
    .where('kind', '=', kind)
    .where('currency', '=', currency)
    .executeTakeFirst();
  if (row) return row.id;
  await ensureInternalAccounts(db, [currency]);
  return internalAccountId(db, kind, currency);
}

const accountColumns = sql<bigint>`a.balance + coalesce((select sum(p.amount) from ledger_pending p where p.account_id = a.id), 0)`;

function selectAccounts(db: Executor) {
  return db
    .selectFrom('ledger_accounts as a')
    .select([
      'a.id',
      'a.kind',
      'a.customer_id',
      'a.iban',
      'a.currency',
      'a.overdraft_limit',
      'a.created_at',
    ])
    .select(accountColumns.as('total'));
}

type AccountRow = Awaited<ReturnType<ReturnType<typeof selectAccounts>['executeTakeFirstOrThrow']>>;

function toAccount(row: AccountRow): LedgerAccount {
  const balance = BigInt(row.total);
  return {
    id: row.id,
    kind: row.kind,
    customerId: row.customer_id,
    iban: row.iban,
    currency: row.currency,
    balance,
    overdraftLimit: row.overdraft_limit,
    available: row.kind === 'customer' ? balance + row.overdraft_limit : balance,
    createdAt: row.created_at,
  };
}

export async function findAccount(db: Executor, id: string): Promise<LedgerAccount | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await selectAccounts(db).where('a.id', '=', id).executeTakeFirst();
  return row && toAccount(row);
}

export async function getAccount(db: Executor, id: string): Promise<LedgerAccount> {
  const account = await findAccount(db, id);
  if (!account) throw new DomainError('NOT_FOUND', `no account ${id}`);
  return account;
}

export async function findAccountByIban(
  db: Executor,
  iban: string,
): Promise<LedgerAccount | undefined> {
  const row = await selectAccounts(db)
    .where('a.iban', '=', iban.replace(/\s+/g, '').toUpperCase())
    .executeTakeFirst();
  return row && toAccount(row);
}

export async function listCustomerAccounts(
  db: Executor,
  customerId: string,
): Promise<LedgerAccount[]> {
  const rows = await selectAccounts(db)
    .where('a.customer_id', '=', customerId)
    .orderBy('a.created_at')
    .orderBy('a.id')
    .execute();
  return rows.map(toAccount);
}

/** The customer's bank accounts as the app lists them (GET /api/bank-accounts). */
export async function customerBankAccounts(
  db: Executor,
  customerId: string,
): Promise<BankAccount[]> {
  return (await listCustomerAccounts(db, customerId)).map((account) => ({
    id: account.id,
    // Customer accounts always have one (openCustomerAccount); only internal ones have none.
    iban: account.iban ?? '',
    currency: account.currency,
    balance: formatAmount(account.balance, account.currency),
    available: formatAmount(account.available, account.currency),
    overdraftLimit: formatAmount(account.overdraftLimit, account.currency),
  }));
}

export async function listInternalAccounts(db: Executor): Promise<LedgerAccount[]> {
  const rows = await selectAccounts(db)
    .where('a.kind', '<>', 'customer')
    .orderBy('a.currency')
    .orderBy('a.kind')
    .execute();
  return rows.map(toAccount);
}

/**
 * Approves a new overdraft. Lowering it below what the customer already uses is refused: the
 * account would break invariant 2 at once.
 */
export async function setOverdraft(
  db: Executor,
  accountId: string,
  limit: bigint,
): Promise<LedgerAccount> {
  if (limit < 0n)
    throw new DomainError('VALIDATION_FAILED', 'overdraft limit cannot be negative', {
      field: 'overdraft',
    });
  const before = await getAccount(db, accountId);
  if (before.kind !== 'customer')
    throw new DomainError('VALIDATION_FAILED', 'only customer accounts have an overdraft');
  // Under the row lock, fold the account's pending credits into its balance, so the CHECK
  // constraint judges the new limit against the whole balance, as a debit does.
  const { balance } = await foldPendingCredits(db, accountId);
  if (balance < -limit) {
    const used = formatAmount(-balance, before.currency);
    throw new DomainError(
      'INSUFFICIENT_FUNDS',
      `the account already uses ${used} ${before.currency} of overdraft; the limit cannot go below that`,
      { overdraftUsed: used, currency: before.currency },
    );
  }
  await db
    .updateTable('ledger_accounts')
    .set({ overdraft_limit: limit })
    .where('id', '=', accountId)
    .execute();
  return getAccount(db, accountId);
}

/**
 * Locks the account row and moves its queued postings into the balance. The row lock comes
 * first, before the pending rows are taken (as in a payment and the roll-up), so none of them
 * can deadlock with another.
 */
export async function foldPendingCredits(
  db: Executor,
  accountId: string,
): Promise<{ balance: bigint; overdraftLimit: bigint }> {
  const { rows } = await sql<{ balance: bigint; overdraft_limit: bigint }>`
    with locked as (select id from ledger_accounts where id = ${accountId} for no key update),
    moved as (
      delete from ledger_pending where account_id = (select id from locked) returning amount
    )
    update ledger_accounts set balance = balance + coalesce((select sum(amount) from moved), 0)
     where id = (select id from locked)
    returning balance, overdraft_limit`.execute(db);
  const row = rows[0];
  if (!row) throw new DomainError('NOT_FOUND', `no account ${accountId}`);
  return { balance: row.balance, overdraftLimit: row.overdraft_limit };
}

export function isUuid(text: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text);
}
