/**
 * Refunds (issue 14 §1): the payee of a payment returns it in full or in part, several times, at
 * most its amount in total, within a bank-setting window. A refund is a payment like any other:
 * quote → confirm with an Idempotency-Key, from the account that received the payment to the
 * payer's, through one balanced transfer, counted in the refunder's own limits at the level of
 * their session, a payment row (kind 'refund', linked to the original) in both parties' lists.
 *
 * Confirm is the payment's slice with a read of its own (refund-read.ts) and the same write
 * batch (confirm-write.ts), whose `refunded` CTE raises the original's refunded total only while
 * it stays within the amount (invariant 8).
 */
import { bankDay } from '../core/clock.ts';
import { DomainError, assert } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { formatAmount, parseAmount } from '../core/money.ts';
import type { Database } from '../db/connection.ts';
import type { Executor } from '../db/transaction.ts';
import type { Session } from '../identity/sessions.ts';
import { type InternalAccounts, isUuid } from '../ledger/index.ts';
import { recordEvents } from '../notify/events.ts';
import { paymentPostings } from './confirm.ts';
import {
  type ConfirmDeps,
  type ConfirmResult,
  confirmOnce,
  openConfirm,
  quotedColumns,
} from './confirm-context.ts';
import { writePayment } from './confirm-write.ts';
import { toView } from './history.ts';
import { consumeLimits, limitOutcome, limitError, limitsForLevel, limitsView } from './limits.ts';
import type { Price } from './pricing.ts';
import { rateText, totalDebit } from './pricing.ts';
import type { PaymentDeps } from './quotes.ts';
import { insufficientFunds } from './refusals.ts';
import { decideRefund, refundPrice, refundRefusal, remainingOf } from './refund-decide.ts';
import {
  type RefundConfirmFacts,
  type RefundFacts,
  readRefundFacts,
  readRefundForConfirm,
} from './refund-read.ts';
import type { RefundQuote } from './refund-views.ts';
import type { LimitsView, Payment } from './views.ts';

export interface RefundQuoteInput {
  readonly paymentId: string;
  /** Absent: everything that remains. */
  readonly amount?: string | undefined;
}

/** The refund's confirmation screen: one read, the decisions in memory, one insert. */
export async function createRefundQuote(
  db: Executor,
  session: Session,
  input: RefundQuoteInput,
  deps: PaymentDeps,
): Promise<RefundQuote> {
  const now = deps.clock.now();
  const facts = isUuid(input.paymentId)
    ? await readRefundFacts(db, {
        paymentId: input.paymentId,
        customerId: session.customerId,
        bankDay: bankDay(now),
      })
    : undefined;
  const amountMinor = facts ? amountToRefund(facts, input.amount) : 0n;
  const outcome = decideRefund(facts, session.customerId, amountMinor, now, deps.settings);
  if (outcome !== 'ok') throw refundRefusal(outcome, facts, deps.settings);
  assert(facts, 'an accepted refund has its payment');
  const price = refundPrice(facts, amountMinor, deps.settings);
  const limits = limitsForLevel(deps.settings, session.level);
  const limit = limitOutcome(limits, facts.usage, price.eurMinor);
  if (limit) throw limitError(limit, limits, facts.usage);
  const available = facts.refunder.balanceMinor + facts.refunder.overdraftMinor;
  if (totalDebit(price) > available) throw insufficientFunds(available, facts.refunder.currency);
  const quoteId = newId();
  const expiresAt = new Date(
    now.getTime() + Number(deps.settings['quotes.validitySeconds']) * 1000,
  );
  await db
    .insertInto('payment_quotes')
    .values({
      id: quoteId,
      payer_customer_id: session.customerId,
      session_id: session.id,
      code_id: null,
      refund_of_payment_id: facts.original.id,
      payer_qr_account_id: facts.original.payeeQrAccountId,
      amount_minor: price.amountMinor,
      currency: price.currency,
      debit_minor: price.convertedMinor,
      debit_currency: price.debitCurrency,
      fee_minor: price.feeMinor,
      rate: rateText(price.rate),
      eur_minor: price.eurMinor,
      created_at: now,
      expires_at: expiresAt,
    })
    .execute();
  return refundQuoteView(facts, price, {
    quoteId,
    available,
    expiresAt,
    limits: limitsView(session.level, limits, facts.usage),
  });
}

function amountToRefund(facts: RefundFacts, typed: string | undefined): bigint {
  if (typed === undefined || typed === '') return remainingOf(facts.original);
  return parseAmount(typed, facts.original.currency);
}

function refundQuoteView(
  facts: RefundFacts,
  price: Price,
  q: { quoteId: string; available: bigint; expiresAt: Date; limits: LimitsView },
): RefundQuote {
  const { original, refunder } = facts;
  const money = (minor: bigint, currency: string) => ({
    amount: formatAmount(minor, currency),
    currency,
  });
  const rate = rateText(price.rate);
  return {
    quoteId: q.quoteId,
    kind: 'refund',
    payee: { name: original.payerName },
    amount: formatAmount(price.amountMinor, price.currency),
    currency: price.currency,
    note: null,
    fee: money(price.feeMinor, price.debitCurrency),
    debit: money(totalDebit(price), price.debitCurrency),
    rate: rate ? { value: rate, from: price.debitCurrency, to: price.currency } : null,
    from: {
      qrAccountId: original.payeeQrAccountId,
      iban: refunder.iban,
      currency: refunder.currency,
    },
    available: money(q.available, refunder.currency),
    limits: q.limits,
    expiresAt: q.expiresAt.toISOString(),
    refund: {
      paymentId: original.id,
      amount: formatAmount(price.convertedMinor, original.currency),
      of: formatAmount(original.amountMinor, original.currency),
      currency: original.currency,
      remaining: formatAmount(remainingOf(original), original.currency),
    },
  };
}

/** "Kthe pagesën": confirms a refund quote, once per Idempotency-Key. */
export async function confirmRefund(
  database: Database,
  session: Session,
  input: { readonly quoteId: string; readonly idempotencyKey: string },
  deps: ConfirmDeps,
): Promise<ConfirmResult> {
  const key = { idempotencyKey: input.idempotencyKey, request: { refundQuoteId: input.quoteId } };
  return confirmOnce(database, session, key, deps, async (trx, internal) => ({
    statusCode: 201,
    body: await payRefund(trx, session, input.quoteId, deps, internal),
  }));
}

function quoteRefusal(facts: RefundConfirmFacts | undefined, now: Date): DomainError | undefined {
  if (!facts) return new DomainError('NOT_FOUND', 'no such confirmation: start the refund again');
  if (facts.quote.usedAt)
    return new DomainError('QUOTE_EXPIRED', 'this confirmation was already used');
  if (facts.quote.expiresAt <= now)
    return new DomainError('QUOTE_EXPIRED', 'the confirmation expired: start the refund again');
  return undefined;
}

async function payRefund(
  trx: Executor,
  session: Session,
  quoteId: string,
  deps: ConfirmDeps,
  internal: InternalAccounts,
): Promise<Payment> {
  const { now, day, limits, facts } = await openConfirm(
    trx,
    session,
    quoteId,
    deps,
    readRefundForConfirm,
  );
  const stale = quoteRefusal(facts, now);
  if (stale) throw stale;
  assert(facts, 'a live refund quote has its facts');
  const { quote, original, refunder } = facts;
  const outcome = decideRefund(facts, session.customerId, quote.debitMinor, now, deps.settings);
  if (outcome !== 'ok') throw refundRefusal(outcome, facts, deps.settings);
  const limit = limitOutcome(limits, facts.usage, quote.eurMinor);
  if (limit) throw limitError(limit, limits, facts.usage);
  const debitMinor = quote.debitMinor + quote.feeMinor;
  const available = refunder.balanceMinor + refunder.overdraftMinor;
  if (debitMinor > available) throw insufficientFunds(available, refunder.currency);
  await consumeLimits(trx, session.customerId, day, limits, quote.eurMinor);
  const paymentId = newId();
  const written = await writePayment(trx, {
    paymentId,
    transferId: newId(),
    description: `SmartPay refund of payment ${original.id} to ${original.payerName}`,
    createdBy: `customer:${session.customerId}`,
    now,
    payerAccountId: original.payeeAccountId,
    debitMinor,
    // The payer gets the converted refund back from the account that received the payment.
    postings: await paymentPostings(
      facts.original.payeeAccountId,
      facts.original.payerAccountId,
      facts.quote,
      (kind, currency) => internal.idOf(trx, kind, currency),
    ),
    requestId: null,
    quoteId: quote.id,
    refundOf: { paymentId: original.id, amountMinor: quote.debitMinor },
    payment: {
      quote_id: quote.id,
      code_id: null,
      code_kind: 'refund',
      payer_customer_id: session.customerId,
      payer_qr_account_id: original.payeeQrAccountId,
      payer_account_id: original.payeeAccountId,
      payer_name: original.payeeName,
      payee_customer_id: original.payerCustomerId,
      payee_qr_account_id: original.payerQrAccountId,
      payee_account_id: original.payerAccountId,
      payee_name: original.payerName,
      ...quotedColumns(quote),
      level: session.level,
      bank_day: day,
      note: null,
      refund_of_payment_id: original.id,
      refund_of_amount_minor: original.amountMinor,
    },
  });
  if (!written.debited) throw insufficientFunds(available, refunder.currency);
  // The original row was locked by the read, so only a bug lets the total move under us.
  assert(written.refundFits, 'the refunded total fits: the read locked the original payment');
  assert(written.row && written.quoteUsed, 'the refund and its used quote are written together');
  assert(written.row.amount_minor === quote.amountMinor, 'the payer gets the quoted amount back');
  assert(
    written.row.debit_minor + written.row.fee_minor === debitMinor,
    'the refunder pays the refunded amount plus the fee',
  );
  await recordEvents(trx, [
    {
      customerId: original.payerCustomerId,
      payload: {
        type: 'refund.received',
        paymentId,
        refundOfPaymentId: original.id,
        payeeName: original.payeeName,
        amount: formatAmount(quote.amountMinor, quote.currency),
        currency: quote.currency,
        refunded: formatAmount(quote.debitMinor, original.currency),
        of: formatAmount(original.amountMinor, original.currency),
        originalCurrency: original.currency,
      },
    },
  ]);
  return toView(written.row, session.customerId);
}
