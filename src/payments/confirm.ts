/**
 * "Përfundoni Pagesën": one database transaction that re-checks everything the quote showed and
 * moves the money (DESIGN.md §4). Order inside the transaction:
 *   idempotency key → quote → code (lock) → payer QR account → limits (conditional upsert) →
 *   ledger transfer (payer debit under its row lock; payee, fee and FX legs appended) →
 *   request closed → payment row → live events → stored answer.
 * Nothing here updates a row that every payment touches; a popular payee is credited by appends.
 */
import { bankDay } from '../core/clock.ts';
import { DomainError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { formatAmount } from '../core/money.ts';
import type { Selectable } from 'kysely';
import type { Database } from '../db/connection.ts';
import type { PaymentQuotesTable } from '../db/schema.ts';
import { type Executor, inTransaction } from '../db/transaction.ts';
import type { Session } from '../identity/sessions.ts';
import { type PostingInput, internalAccountId, postTransfer } from '../ledger/index.ts';
import { recordEvents } from '../notify/events.ts';
import {
  type ResolvedCode,
  closePaidRequest,
  getQrAccount,
  lockCodeForPayment,
} from '../qr/index.ts';
import { type PaymentView, getPaymentView } from './history.ts';
import { type StoredAnswer, claimKey, requestHash, storeAnswer } from './idempotency.ts';
import { consumeLimits, limitsForLevel } from './limits.ts';
import type { PaymentDeps } from './quotes.ts';

export interface ConfirmInput {
  readonly quoteId: string;
  readonly idempotencyKey: string;
}

export interface ConfirmResult {
  readonly statusCode: number;
  readonly body: PaymentView | unknown;
  /** True when the answer is the stored one of an earlier request with the same key. */
  readonly replayed: boolean;
}

export async function confirmPayment(
  database: Database,
  session: Session,
  input: ConfirmInput,
  deps: PaymentDeps,
): Promise<ConfirmResult> {
  const hash = requestHash({ quoteId: input.quoteId });
  return inTransaction(database, async (trx) => {
    const stored = await claimKey(trx, session.customerId, input.idempotencyKey, hash);
    if (stored) return { ...stored, replayed: true };
    const view = await payQuote(trx, session, input.quoteId, deps);
    const answer: StoredAnswer = { statusCode: 201, body: view };
    await storeAnswer(trx, session.customerId, input.idempotencyKey, answer);
    return { ...answer, replayed: false };
  });
}

async function payQuote(
  trx: Executor,
  session: Session,
  quoteId: string,
  deps: PaymentDeps,
): Promise<PaymentView> {
  const now = deps.clock.now();
  const quote = await lockQuote(trx, session, quoteId, now);
  const code = await lockCodeForPayment(trx, quote.code_id, deps.clock);
  const payer = await getQrAccount(
    trx,
    session.customerId,
    quote.payer_qr_account_id,
    deps.payload,
  );
  if (payer.bankAccountId === code.payee.bankAccountId)
    throw new DomainError('SAME_ACCOUNT', 'payer and payee accounts are the same');
  const day = bankDay(now);
  await consumeLimits(
    trx,
    session.customerId,
    day,
    limitsForLevel(deps.settings, session.level),
    quote.eur_minor,
  );
  const paymentId = newId();
  const transfer = await postTransfer(trx, {
    kind: 'payment',
    description: `SmartPay ${code.code.kind === 'request' ? 'request' : 'payment'} to ${code.payee.name}`,
    reference: paymentId,
    createdBy: `customer:${session.customerId}`,
    postings: await postingsFor(trx, quote, payer.bankAccountId, code),
  });
  if (code.code.kind === 'request')
    await closePaidRequest(trx, { codeId: code.code.id, paymentId }, deps.clock);
  await trx
    .insertInto('payments')
    .values({
      id: paymentId,
      quote_id: quote.id,
      transfer_id: transfer.id,
      code_id: code.code.id,
      code_kind: code.code.kind,
      payer_customer_id: session.customerId,
      payer_qr_account_id: payer.id,
      payer_account_id: payer.bankAccountId,
      payer_name: payer.payeeName,
      payee_customer_id: code.payee.customerId,
      payee_qr_account_id: code.qrAccount.id,
      payee_account_id: code.payee.bankAccountId,
      payee_name: code.payee.name,
      amount_minor: quote.amount_minor,
      currency: quote.currency,
      debit_minor: quote.debit_minor,
      debit_currency: quote.debit_currency,
      fee_minor: quote.fee_minor,
      rate: quote.rate,
      eur_minor: quote.eur_minor,
      level: session.level,
      bank_day: day,
      note: code.code.note,
      created_at: now,
    })
    .execute();
  await trx
    .updateTable('payment_quotes')
    .set({ used_at: now })
    .where('id', '=', quote.id)
    .execute();
  await announce(trx, paymentId, code, quote, payer.payeeName);
  return getPaymentView(trx, session.customerId, paymentId);
}

async function lockQuote(
  trx: Executor,
  session: Session,
  quoteId: string,
  now: Date,
): Promise<Selectable<PaymentQuotesTable>> {
  const quote = await trx
    .selectFrom('payment_quotes')
    .selectAll()
    .where('id', '=', quoteId)
    .where('payer_customer_id', '=', session.customerId)
    .where('session_id', '=', session.id)
    .forUpdate()
    .executeTakeFirst();
  if (!quote) throw new DomainError('NOT_FOUND', 'no such confirmation: scan the code again');
  if (quote.used_at)
    throw new DomainError(
      'QUOTE_EXPIRED',
      'this confirmation was already used: scan the code again',
    );
  if (quote.expires_at <= now)
    throw new DomainError(
      'QUOTE_EXPIRED',
      'the confirmation expired: scan the code again for a fresh one',
    );
  return quote;
}

/** The payee gets exactly the amount; fee to fee income; FX legs keep each currency at zero. */
async function postingsFor(
  trx: Executor,
  quote: Selectable<PaymentQuotesTable>,
  payerAccountId: string,
  code: ResolvedCode,
): Promise<PostingInput[]> {
  const postings: PostingInput[] = [
    { accountId: payerAccountId, amount: -(quote.debit_minor + quote.fee_minor) },
    { accountId: code.payee.bankAccountId, amount: quote.amount_minor },
  ];
  if (quote.fee_minor > 0n)
    postings.push({
      accountId: await internalAccountId(trx, 'fee_income', quote.debit_currency),
      amount: quote.fee_minor,
    });
  if (quote.debit_currency !== quote.currency) {
    postings.push({
      accountId: await internalAccountId(trx, 'fx_position', quote.debit_currency),
      amount: quote.debit_minor,
    });
    postings.push({
      accountId: await internalAccountId(trx, 'fx_position', quote.currency),
      amount: -quote.amount_minor,
    });
  }
  return postings;
}

/** The payee's open screens hear of it once this transaction commits (one insert). */
async function announce(
  trx: Executor,
  paymentId: string,
  code: ResolvedCode,
  quote: Selectable<PaymentQuotesTable>,
  payerName: string,
) {
  const money = {
    amount: formatAmount(quote.amount_minor, quote.currency),
    currency: quote.currency,
  };
  const customerId = code.payee.customerId;
  await recordEvents(trx, [
    {
      customerId,
      payload: {
        type: 'payment.received',
        paymentId,
        payerName,
        ...money,
        qrAccountId: code.qrAccount.id,
      },
    },
    ...(code.code.kind === 'request'
      ? [
          {
            customerId,
            payload: {
              type: 'request.paid' as const,
              requestId: code.code.id,
              paymentId,
              payerName,
              ...money,
            },
          },
        ]
      : []),
  ]);
}
