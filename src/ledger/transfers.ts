/**
 * Transfers: balanced sets of postings. A customer debit is applied to the account row at once,
 * under its lock, after checking the overdraft; every other leg (customer credits, internal
 * accounts) is appended to ledger_pending and rolled up later, so no transfer waits on a row
 * that every transfer touches (DESIGN.md §4).
 */
import { sql } from 'kysely';
import { DomainError, assert } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { formatAmount } from '../core/money.ts';
import type { TransferKind } from '../db/schema.ts';
import type { Executor } from '../db/transaction.ts';
import { foldPendingCredits } from './accounts.ts';

export interface PostingInput {
  readonly accountId: string;
  /** Signed minor units: negative debits the account, positive credits it. */
  readonly amount: bigint;
}

export interface TransferInput {
  readonly id?: string;
  readonly kind: TransferKind;
  readonly description: string;
  readonly reference?: string | null;
  readonly createdBy: string;
  readonly postings: readonly PostingInput[];
}

export interface Posting {
  readonly id: bigint;
  readonly accountId: string;
  readonly currency: string;
  readonly amount: bigint;
}

export interface Transfer {
  readonly id: string;
  readonly kind: TransferKind;
  readonly description: string;
  readonly reference: string | null;
  readonly createdBy: string;
  readonly postings: readonly Posting[];
}

interface AccountFacts {
  readonly id: string;
  readonly kind: string;
  readonly currency: string;
}

/** Must run inside a transaction: the postings and the debits commit together or not at all. */
export async function postTransfer(trx: Executor, input: TransferInput): Promise<Transfer> {
  assert(input.postings.length >= 2, 'a transfer has at least two postings');
  assert(
    input.postings.every((p) => p.amount !== 0n),
    'postings are never zero',
  );
  const accounts = await loadAccounts(trx, input.postings);
  assertBalanced(input.postings, accounts);
  const debits = customerDebits(input.postings, accounts);
  for (const [accountId, amount] of [...debits].sort(([a], [b]) => (a < b ? -1 : 1))) {
    await debitCustomerAccount(trx, accountId, accounts.get(accountId)?.currency ?? '', amount);
  }
  const id = input.id ?? newId();
  await trx
    .insertInto('ledger_transfers')
    .values({
      id,
      kind: input.kind,
      description: input.description,
      reference: input.reference ?? null,
      created_by: input.createdBy,
    })
    .execute();
  const postings = await insertPostings(trx, id, input.postings, accounts);
  const queued = postings.filter(
    (p) => !(accounts.get(p.accountId)?.kind === 'customer' && p.amount < 0n),
  );
  if (queued.length > 0) {
    await trx
      .insertInto('ledger_pending')
      .values(queued.map((p) => ({ posting_id: p.id, account_id: p.accountId, amount: p.amount })))
      .execute();
  }
  return {
    id,
    kind: input.kind,
    description: input.description,
    reference: input.reference ?? null,
    createdBy: input.createdBy,
    postings,
  };
}

async function loadAccounts(
  trx: Executor,
  postings: readonly PostingInput[],
): Promise<Map<string, AccountFacts>> {
  const ids = [...new Set(postings.map((p) => p.accountId))];
  const rows = await trx
    .selectFrom('ledger_accounts')
    .select(['id', 'kind', 'currency'])
    .where('id', 'in', ids)
    .execute();
  const accounts = new Map(rows.map((r) => [r.id, r]));
  const missing = ids.find((id) => !accounts.has(id));
  if (missing) throw new DomainError('NOT_FOUND', `no account ${missing}`);
  return accounts;
}

function assertBalanced(
  postings: readonly PostingInput[],
  accounts: Map<string, AccountFacts>,
): void {
  assertBalancedPostings(
    postings.map((p) => ({ ...p, currency: accounts.get(p.accountId)?.currency ?? '' })),
  );
}

/** Invariant 1 before any write: a transfer's postings sum to zero in each currency. */
export function assertBalancedPostings(
  postings: ReadonlyArray<{ readonly currency: string; readonly amount: bigint }>,
): void {
  assert(postings.length >= 2, 'a transfer has at least two postings');
  assert(
    postings.every((p) => p.amount !== 0n),
    'postings are never zero',
  );
  const sums = new Map<string, bigint>();
  for (const p of postings) sums.set(p.currency, (sums.get(p.currency) ?? 0n) + p.amount);
  for (const [currency, sum] of sums)
    assert(sum === 0n, `transfer does not balance in ${currency}: ${sum}`);
}

/** Net debit per customer account: these are the legs that must fit in balance plus overdraft. */
function customerDebits(
  postings: readonly PostingInput[],
  accounts: Map<string, AccountFacts>,
): Map<string, bigint> {
  const net = new Map<string, bigint>();
  for (const p of postings) {
    if (accounts.get(p.accountId)?.kind !== 'customer' || p.amount >= 0n) continue;
    net.set(p.accountId, (net.get(p.accountId) ?? 0n) + p.amount);
  }
  return net;
}

/**
 * Locks the account row, folds its own pending credits into the balance, then debits it if the
 * approved overdraft allows. The CHECK constraint on ledger_accounts enforces the same bound.
 */
async function debitCustomerAccount(
  trx: Executor,
  accountId: string,
  currency: string,
  amount: bigint,
): Promise<void> {
  const { balance, overdraftLimit: overdraft } = await foldPendingCredits(trx, accountId);
  if (balance + amount < -overdraft) {
    throw new DomainError(
      'INSUFFICIENT_FUNDS',
      'the account does not have enough money, overdraft included',
      { available: formatAmount(balance + overdraft, currency), currency },
    );
  }
  await trx
    .updateTable('ledger_accounts')
    .set({ balance: sql`balance + ${amount}` })
    .where('id', '=', accountId)
    .execute();
}

async function insertPostings(
  trx: Executor,
  transferId: string,
  postings: readonly PostingInput[],
  accounts: Map<string, AccountFacts>,
): Promise<Posting[]> {
  const rows = await trx
    .insertInto('ledger_postings')
    .values(
      postings.map((p) => ({
        transfer_id: transferId,
        account_id: p.accountId,
        currency: accounts.get(p.accountId)?.currency ?? '',
        amount: p.amount,
      })),
    )
    .returning(['id', 'account_id', 'currency', 'amount'])
    .execute();
  return rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    currency: r.currency,
    amount: r.amount,
  }));
}

export async function getTransfer(db: Executor, id: string): Promise<Transfer | undefined> {
  const transfer = await db
    .selectFrom('ledger_transfers')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!transfer) return undefined;
  const postings = await db
    .selectFrom('ledger_postings')
    .select(['id', 'account_id', 'currency', 'amount'])
    .where('transfer_id', '=', id)
    .orderBy('id')
    .execute();
  return {
    id: transfer.id,
    kind: transfer.kind,
    description: transfer.description,
    reference: transfer.reference,
    createdBy: transfer.created_by,
    postings: postings.map((r) => ({
      id: r.id,
      accountId: r.account_id,
      currency: r.currency,
      amount: r.amount,
    })),
  };
}
