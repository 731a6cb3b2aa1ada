/**
 * What the two confirms share (a payment's, confirm.ts, and a refund's, refunds.ts):
 *   - the idempotent transaction: the Idempotency-Key claimed first, a replay answered from the
 *     stored answer, a new answer stored under the key (invariant 5);
 *   - the opening: the bank day and the limits of the session's level at the moment of
 *     confirming, and the locked read of the session's own quote by its id (confirm-read.ts,
 *     refund-read.ts);
 *   - the head of that read's row: the quote's columns, selected as `quote_<column>` beside the
 *     code's or the original payment's own, and their facts.
 */
import { type Selectable, sql } from 'kysely';
import { bankDay } from '../core/clock.ts';
import type { Database } from '../db/connection.ts';
import type { Prefixed } from '../db/rows.ts';
import type { PaymentQuotesTable, PaymentsTable } from '../db/schema.ts';
import { type Executor, inTransaction } from '../db/transaction.ts';
import type { Session } from '../identity/sessions.ts';
import { type InternalAccounts, internalAccountCache, isUuid } from '../ledger/index.ts';
import { type StoredAnswer, claimKey, requestHash, storeAnswer } from './idempotency.ts';
import { type LevelLimitsMinor, limitsForLevel } from './limits.ts';
import type { PaymentDeps } from './quotes.ts';

export interface ConfirmResult {
  readonly statusCode: number;
  readonly body: unknown;
  /** True when the answer is the stored one of an earlier request with the same key. */
  readonly replayed: boolean;
}

export interface ConfirmDeps extends PaymentDeps {
  /** Internal account ids cached per process; a fresh cache when absent. */
  readonly internalAccounts?: InternalAccounts;
}

/**
 * One confirm per Idempotency-Key: `pay` runs inside the transaction that claims the key for the
 * hash of `request` (the same key with another request is refused).
 */
export async function confirmOnce(
  database: Database,
  session: Session,
  key: { readonly idempotencyKey: string; readonly request: unknown },
  deps: ConfirmDeps,
  pay: (trx: Executor, internal: InternalAccounts) => Promise<StoredAnswer>,
): Promise<ConfirmResult> {
  const hash = requestHash(key.request);
  const internal = deps.internalAccounts ?? internalAccountCache();
  await internal.ready(database.db);
  return inTransaction(database, async (trx) => {
    const stored = await claimKey(trx, session.customerId, key.idempotencyKey, hash);
    if (stored) return { ...stored, replayed: true };
    const answer = await pay(trx, internal);
    await storeAnswer(trx, session.customerId, key.idempotencyKey, answer);
    return { ...answer, replayed: false };
  });
}

/** Whose quote a locked read looks for, and the bank day whose usage it reads beside it. */
export interface QuoteKey {
  readonly quoteId: string;
  readonly customerId: string;
  readonly sessionId: string;
  readonly bankDay: string;
}

/** The condition of both locked reads: the quote `q` by its id, if it is the session's own. */
export function sessionQuote(key: QuoteKey) {
  return sql`q.id = ${key.quoteId}::uuid
       and q.payer_customer_id = ${key.customerId}::uuid
       and q.session_id = ${key.sessionId}::uuid`;
}

/** A confirm's opening: when, under which limits, and what its locked read saw. */
export interface ConfirmContext<F> {
  readonly now: Date;
  readonly day: string;
  readonly limits: LevelLimitsMinor;
  /** Undefined when the session has no such quote (another's, none, or not a UUID). */
  readonly facts: F | undefined;
}

export async function openConfirm<F>(
  trx: Executor,
  session: Session,
  quoteId: string,
  deps: PaymentDeps,
  read: (trx: Executor, key: QuoteKey, now: Date) => Promise<F | undefined>,
): Promise<ConfirmContext<F>> {
  const now = deps.clock.now();
  const day = bankDay(now);
  const limits = limitsForLevel(deps.settings, session.level);
  const key = { quoteId, customerId: session.customerId, sessionId: session.id, bankDay: day };
  const facts = isUuid(quoteId) ? await read(trx, key, now) : undefined;
  return { now, day, limits, facts };
}

/** A quote as a confirm's locked read saw it. */
export interface QuoteFacts {
  readonly id: string;
  /** What the payee receives, in the payee's currency. */
  readonly amountMinor: bigint;
  readonly currency: string;
  /** What the payer pays before the fee, in the currency of the account paying. */
  readonly debitMinor: bigint;
  readonly debitCurrency: string;
  readonly feeMinor: bigint;
  readonly rate: string | null;
  readonly eurMinor: bigint;
  readonly expiresAt: Date;
  readonly usedAt: Date | null;
}

/** The money of a quote, in the columns of the quote and of the payment that pays it. */
type QuotedColumn =
  | 'amount_minor'
  | 'currency'
  | 'debit_minor'
  | 'debit_currency'
  | 'fee_minor'
  | 'rate'
  | 'eur_minor';

/** The head of both locked reads' rows: the quote's columns of `quoteColumns`. */
export type QuoteHead = Prefixed<
  'quote_',
  Pick<Selectable<PaymentQuotesTable>, 'id' | QuotedColumn | 'expires_at' | 'used_at'>
>;

/** The columns of `QuoteHead`, from the quote `q`. */
export const quoteColumns = sql`
  q.id as quote_id, q.amount_minor as quote_amount_minor, q.currency as quote_currency,
  q.debit_minor as quote_debit_minor, q.debit_currency as quote_debit_currency,
  q.fee_minor as quote_fee_minor, q.rate as quote_rate, q.eur_minor as quote_eur_minor,
  q.expires_at as quote_expires_at, q.used_at as quote_used_at`;

export function quoteOf(row: QuoteHead): QuoteFacts {
  return {
    id: row.quote_id,
    amountMinor: row.quote_amount_minor,
    currency: row.quote_currency,
    debitMinor: row.quote_debit_minor,
    debitCurrency: row.quote_debit_currency,
    feeMinor: row.quote_fee_minor,
    rate: row.quote_rate,
    eurMinor: row.quote_eur_minor,
    expiresAt: row.quote_expires_at,
    usedAt: row.quote_used_at,
  };
}

/** What a payment row (a refund's too) keeps of the quote it pays. */
export function quotedColumns(quote: QuoteFacts): Pick<Selectable<PaymentsTable>, QuotedColumn> {
  return {
    amount_minor: quote.amountMinor,
    currency: quote.currency,
    debit_minor: quote.debitMinor,
    debit_currency: quote.debitCurrency,
    fee_minor: quote.feeMinor,
    rate: quote.rate,
    eur_minor: quote.eurMinor,
  };
}
