/**
 * "Kërko kthimin": the payer of a payment asks its payee for a refund, with a short reason. The
 * payee sees open requests, accepts one (which starts a refund quote for the amount asked: the
 * refund itself is confirmed like any refund) or declines it; the payer hears the answer and
 * sees it on the payment. One open request per payment (unique index). Both parties see a
 * payment's refunds and requests (refundsOfPayment).
 */
import { bankDay } from '../core/clock.ts';
import { DomainError, assert } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { formatAmount, parseAmount } from '../core/money.ts';
import type { Database } from '../db/connection.ts';
import type { RefundRequestStatus } from '../db/schema.ts';
import { type Executor, inTransaction } from '../db/transaction.ts';
import type { Session } from '../identity/sessions.ts';
import { isUuid } from '../ledger/index.ts';
import { recordEvents } from '../notify/events.ts';
import { paymentOfParty, refundsOf, toView } from './history.ts';
import type { PaymentDeps } from './quotes.ts';
import { decideRefund, refundRefusal, remainingOf } from './refund-decide.ts';
import { readRefundFacts } from './refund-read.ts';
import { createRefundQuote } from './refunds.ts';
import type {
  RefundAnswer,
  RefundRequest,
  RefundRequestList,
  RefundsOfPayment,
} from './refund-views.ts';

export const refundReasonLengthMax = 140;

export async function askRefund(
  db: Executor,
  session: Session,
  input: {
    readonly paymentId: string;
    readonly amount?: string | undefined;
    readonly reason: string;
  },
  deps: PaymentDeps,
): Promise<RefundRequest> {
  const now = deps.clock.now();
  const reason = input.reason.trim();
  if (reason.length === 0 || reason.length > refundReasonLengthMax)
    throw new DomainError('VALIDATION_FAILED', `say why in 1 to ${refundReasonLengthMax} letters`, {
      field: 'reason',
    });
  const facts = isUuid(input.paymentId)
    ? await readRefundFacts(db, {
        paymentId: input.paymentId,
        customerId: session.customerId,
        bankDay: bankDay(now),
      })
    : undefined;
  if (!facts) throw new DomainError('NOT_FOUND', 'no such payment');
  const { original } = facts;
  if (original.payerCustomerId !== session.customerId)
    throw new DomainError('VALIDATION_FAILED', 'you received this payment: refund it instead', {
      field: 'paymentId',
    });
  const amountMinor =
    input.amount === undefined || input.amount === ''
      ? remainingOf(original)
      : parseAmount(input.amount, original.currency);
  // What the payee could refund now is what the payer may ask for.
  const outcome = decideRefund(facts, original.payeeCustomerId, amountMinor, now, deps.settings);
  if (outcome !== 'ok') throw refundRefusal(outcome, facts, deps.settings);
  const id = newId();
  const inserted = await db
    .insertInto('refund_requests')
    .values({
      id,
      payment_id: original.id,
      payer_customer_id: original.payerCustomerId,
      payee_customer_id: original.payeeCustomerId,
      amount_minor: amountMinor,
      currency: original.currency,
      reason,
      created_at: now,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted)
    throw new DomainError('CONFLICT', 'a refund request of this payment is waiting for an answer');
  const view: RefundRequest = {
    id,
    paymentId: original.id,
    amount: formatAmount(amountMinor, original.currency),
    currency: original.currency,
    reason,
    status: 'open',
    payerName: original.payerName,
    payeeName: original.payeeName,
    createdAt: now.toISOString(),
    decidedAt: null,
  };
  await recordEvents(db, [
    {
      customerId: original.payeeCustomerId,
      payload: {
        type: 'refund.requested',
        requestId: id,
        paymentId: original.id,
        payerName: original.payerName,
        amount: view.amount,
        currency: view.currency,
        reason,
      },
    },
  ]);
  return view;
}

interface RequestRow {
  id: string;
  payment_id: string;
  amount_minor: bigint;
  currency: string;
  reason: string;
  status: RefundRequestStatus;
  created_at: Date;
  decided_at: Date | null;
  payer_name: string;
  payee_name: string;
  payer_customer_id: string;
  payee_customer_id: string;
}

function requestsOf(db: Executor) {
  return db
    .selectFrom('refund_requests as r')
    .innerJoin('payments as p', 'p.id', 'r.payment_id')
    .select([
      'r.id',
      'r.payment_id',
      'r.amount_minor',
      'r.currency',
      'r.reason',
      'r.status',
      'r.created_at',
      'r.decided_at',
      'r.payer_customer_id',
      'r.payee_customer_id',
      'p.payer_name',
      'p.payee_name',
    ]);
}

function toRequestView(row: RequestRow): RefundRequest {
  return {
    id: row.id,
    paymentId: row.payment_id,
    amount: formatAmount(row.amount_minor, row.currency),
    currency: row.currency,
    reason: row.reason,
    status: row.status,
    payerName: row.payer_name,
    payeeName: row.payee_name,
    createdAt: row.created_at.toISOString(),
    decidedAt: row.decided_at?.toISOString() ?? null,
  };
}

/** The refund requests waiting for the customer's answer, newest first. */
export async function openRefundRequests(
  db: Executor,
  customerId: string,
): Promise<RefundRequestList> {
  const rows = await requestsOf(db)
    .where('r.payee_customer_id', '=', customerId)
    .where('r.status', '=', 'open')
    .orderBy('r.created_at', 'desc')
    .limit(100)
    .execute();
  return { items: rows.map(toRequestView) };
}

/**
 * A payment's refunds (oldest first) and refund requests (newest first), for its two parties
 * only: anyone else gets NOT_FOUND, as for the payment itself.
 */
export async function refundsOfPayment(
  db: Executor,
  customerId: string,
  paymentId: string,
): Promise<RefundsOfPayment> {
  const payment = await paymentOfParty(db, customerId, paymentId);
  const refunds = await refundsOf(db, payment.id);
  return {
    refunds: refunds.map((row) => toView(row, customerId)),
    requests: await refundRequestsOfPayment(db, customerId, payment.id),
  };
}

/** Every refund request of a payment, newest first, for its two parties. */
async function refundRequestsOfPayment(
  db: Executor,
  customerId: string,
  paymentId: string,
): Promise<RefundRequest[]> {
  if (!isUuid(paymentId)) return [];
  const rows = await requestsOf(db)
    .where('r.payment_id', '=', paymentId)
    .where((eb) =>
      eb.or([
        eb('r.payer_customer_id', '=', customerId),
        eb('r.payee_customer_id', '=', customerId),
      ]),
    )
    .orderBy('r.created_at', 'desc')
    .execute();
  return rows.map(toRequestView);
}

/** The payee accepts (a refund quote for the amount asked) or declines a request. */
export async function answerRefundRequest(
  database: Database,
  session: Session,
  input: { readonly requestId: string; readonly answer: 'accept' | 'decline' },
  deps: PaymentDeps,
): Promise<RefundAnswer> {
  return inTransaction(database, async (trx) => {
    const row = isUuid(input.requestId)
      ? await requestsOf(trx)
          .where('r.id', '=', input.requestId)
          .where('r.payee_customer_id', '=', session.customerId)
          .forUpdate('r')
          .executeTakeFirst()
      : undefined;
    if (!row) throw new DomainError('NOT_FOUND', 'no such refund request');
    if (row.status !== 'open')
      throw new DomainError('REFUND_REQUEST_NOT_OPEN', `this request was already ${row.status}`);
    const quote =
      input.answer === 'accept'
        ? await createRefundQuote(
            trx,
            session,
            { paymentId: row.payment_id, amount: formatAmount(row.amount_minor, row.currency) },
            deps,
          )
        : null;
    const status = input.answer === 'accept' ? 'accepted' : 'declined';
    const now = deps.clock.now();
    const updated = await trx
      .updateTable('refund_requests')
      .set({ status, decided_at: now })
      .where('id', '=', row.id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    assert(updated.numUpdatedRows === 1n, 'the locked open request is answered once');
    await recordEvents(trx, [
      {
        customerId: row.payer_customer_id,
        payload: {
          type: 'refund.request.answered',
          requestId: row.id,
          paymentId: row.payment_id,
          status,
          payeeName: row.payee_name,
          amount: formatAmount(row.amount_minor, row.currency),
          currency: row.currency,
        },
      },
    ]);
    return {
      request: toRequestView({ ...row, status, decided_at: now }),
      quote,
    };
  });
}
