/**
 * Split-bill codes (issue 14 §3): a payment request for a total in N shares (2–20), equal but
 * for the remainder, which the first share takes (10.00 / 3 = 3.34 + 3.33 + 3.33). Each scan
 * pays one share; by default one payer pays one share; the code closes with its last share.
 *
 * What the code carries: tag 54 is the regular share (3.33), the same for the whole life of the
 * code, so a printed or shared picture never goes stale and checkStoredCode compares it with
 * `amount_minor` like any request's amount. The quote states the exact amount of the share the
 * payer is about to pay (3.34 while the first share is unpaid), and confirm pays exactly that.
 *
 * The share a payment gets is claimed in its write batch by one conditional UPDATE of the
 * code's counter (`splitShareClaimable`), so N shares are never exceeded, whatever the race
 * (invariant 8); the unique index payments_split_share_once holds each share number once.
 */
import { sql } from 'kysely';
import { DomainError, assert } from '../core/errors.ts';
import type { Executor } from '../db/transaction.ts';
import type { CodeRow } from './store.ts';

export const shareCountMin = 2;
export const shareCountMax = 20;

/** A split code's shares as stored. */
export interface SplitFacts {
  readonly shareCount: number;
  readonly totalMinor: bigint;
  /** The regular share: what tag 54 carries. */
  readonly shareMinor: bigint;
  readonly paidShares: number;
  readonly oneSharePerPayer: boolean;
}

type SplitColumns = Pick<
  CodeRow,
  'amount_minor' | 'share_count' | 'total_minor' | 'paid_shares' | 'one_share_per_payer'
>;

/** The split of a stored code, or null for a plain request or an account code. */
export function splitOf(row: SplitColumns): SplitFacts | null {
  if (row.share_count === null) return null;
  assert(row.total_minor !== null && row.amount_minor !== null, 'a split has its amounts');
  return {
    shareCount: row.share_count,
    totalMinor: row.total_minor,
    shareMinor: row.amount_minor,
    paidShares: row.paid_shares,
    oneSharePerPayer: row.one_share_per_payer === true,
  };
}

/** The regular share of a total in `count` shares; the first share adds the remainder. */
export function divideBill(totalMinor: bigint, count: number): { shareMinor: bigint } {
  assert(Number.isSafeInteger(count) && count >= shareCountMin, 'a split has shares');
  return { shareMinor: totalMinor / BigInt(count) };
}

/** The amount of share `number` (1-based): the first takes the remainder. */
export function shareAmountMinor(
  split: Pick<SplitFacts, 'shareCount' | 'totalMinor' | 'shareMinor'>,
  number: number,
): bigint {
  assert(number >= 1 && number <= split.shareCount, 'a share of the split');
  const remainder = split.totalMinor - split.shareMinor * BigInt(split.shareCount);
  return number === 1 ? split.shareMinor + remainder : split.shareMinor;
}

/** The share the next payment pays (a prediction: confirm claims it under the row lock). */
export function nextShareNumber(split: SplitFacts): number {
  assert(split.paidShares < split.shareCount, 'an open split has an unpaid share');
  return split.paidShares + 1;
}

/**
 * The condition under which a payment claims the next share of a split code, written against
 * the row being updated (`qr_codes` in an UPDATE … WHERE): a share is left (invariant 8), the
 * next share's amount is what the payer's quote states (a quote for the first share, made
 * before someone else paid it, would otherwise pay 3.34 for a 3.33 share), and the payer has
 * not paid a share already when the code allows one per payer. The payer's earlier share is
 * seen by this statement: a customer's confirms queue on their daily usage row (limits.ts
 * consumeLimits) before the write batch runs, and each statement reads what committed before it.
 */
export function splitShareClaimable(payerCustomerId: string, amountMinor: bigint) {
  return sql<boolean>`(
    qr_codes.paid_shares < qr_codes.share_count
    and qr_codes.amount_minor
        + case when qr_codes.paid_shares = 0
               then qr_codes.total_minor - qr_codes.amount_minor * qr_codes.share_count
               else 0 end = ${amountMinor}::bigint
    and not (qr_codes.one_share_per_payer and exists (
      select 1 from payments s
       where s.code_id = qr_codes.id and s.share_number is not null
         and s.payer_customer_id = ${payerCustomerId}::uuid)))`;
}

export function sharePaidAlready(): DomainError {
  return new DomainError(
    'SPLIT_SHARE_ALREADY_PAID',
    'you have already paid a share of this bill: each payer pays one share',
  );
}

export function allSharesPaid(): DomainError {
  return new DomainError('SPLIT_ALL_PAID', 'every share of this bill has been paid');
}

export function shareChanged(): DomainError {
  return new DomainError(
    'SPLIT_SHARE_CHANGED',
    'someone else just paid the share you were shown: scan the code again for yours',
  );
}

/**
 * Why an open split code refused a payment's claim (the write batch found it claimable under
 * no share): the payer's earlier share, or else the share amount moved on since the quote.
 * Called after the write batch, inside the same transaction, only on that refusal.
 */
export async function splitClaimRefusal(
  trx: Executor,
  codeId: string,
  payerCustomerId: string,
): Promise<DomainError> {
  const paid = await trx
    .selectFrom('payments')
    .select('id')
    .where('code_id', '=', codeId)
    .where('payer_customer_id', '=', payerCustomerId)
    .where('share_number', 'is not', null)
    .executeTakeFirst();
  const code = await trx
    .selectFrom('qr_codes')
    .select('one_share_per_payer')
    .where('id', '=', codeId)
    .executeTakeFirstOrThrow();
  return paid && code.one_share_per_payer ? sharePaidAlready() : shareChanged();
}
