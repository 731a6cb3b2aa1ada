/**
 * "Përfundoni Pagesën" as one use case (STYLE.md §12), one transaction (retried on
 * serialization failure or deadlock):
 *   1. claim the Idempotency-Key (a replay answers from the stored answer);
 *   2. the locked read (confirm-read.ts): quote, code, both QR accounts, the payer's balance;
 *      steps 1-2 and the end of 6 as a refund's confirm has them (confirm-context.ts);
 *   3. the decision, pure (confirm-decide.ts), first refusal in order of precedence;
 *   4. the day's usage counted with a conditional upsert (limits under races, invariant 6);
 *   5. the write batch (confirm-write.ts): conditional debit folding pending credits, transfer,
 *      postings, pending legs, request closed, quote used, payment row returned;
 *   6. the payee's live events, one insert; the answer stored under the key;
 * or, when the payer's cooling-off holds it (assurance.ts), the hold written instead of 4-6
 * (holds.ts: 202, released later through the same steps 4-6, settlePayment);
 * then assertions on what was written: the payee receives exactly the quoted amount, the payer
 * pays amount plus fee. Nothing updates a row every payment touches (DESIGN.md §4).
 */
import { assert } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { formatAmount } from '../core/money.ts';
import type { Database } from '../db/connection.ts';
import type { Executor } from '../db/transaction.ts';
import type { Selectable } from 'kysely';
import type { PaymentsTable, SessionLevel } from '../db/schema.ts';
import type { Session } from '../identity/sessions.ts';
import { type InternalAccounts, assertBalancedPostings } from '../ledger/index.ts';
import { type LiveEvent, recordEvents } from '../notify/events.ts';
import { lockCodeForPayment, splitClaimRefusal } from '../qr/index.ts';
import { duplicateSince } from './assurance.ts';
import {
  type ConfirmDeps,
  type ConfirmResult,
  confirmOnce,
  openConfirm,
  quotedColumns,
} from './confirm-context.ts';
import { type ConfirmFacts, readForConfirm } from './confirm-read.ts';
import { confirmRefusal, debitOf, decideConfirm } from './confirm-decide.ts';
import { type PaymentWrite, writePayment } from './confirm-write.ts';
import { toView } from './history.ts';
import { holdPayment } from './holds.ts';
import type { StoredAnswer } from './idempotency.ts';
import { type LevelLimitsMinor, consumeLimits } from './limits.ts';
import { insufficientFunds } from './refusals.ts';
import { recordSplitProgress } from './split-progress.ts';

export interface ConfirmInput {
  readonly quoteId: string;
  readonly idempotencyKey: string;
  /**
   * The payer's second confirmation of a suspected duplicate (DUPLICATE_SUSPECTED). An answer
   * to a question, not part of what is paid: it is outside the request hash, so a retry with
   * the same key replays the first answer with or without it.
   */
  readonly confirmDuplicate?: boolean;
}

export async function confirmPayment(
  database: Database,
  session: Session,
  input: ConfirmInput,
  deps: ConfirmDeps,
): Promise<ConfirmResult> {
  const key = { idempotencyKey: input.idempotencyKey, request: { quoteId: input.quoteId } };
  return confirmOnce(database, session, key, deps, (trx, internal) =>
    payQuote(trx, session, input, deps, internal),
  );
}

async function payQuote(
  trx: Executor,
  session: Session,
  input: ConfirmInput,
  deps: ConfirmDeps,
  internal: InternalAccounts,
): Promise<StoredAnswer> {
  const { now, day, limits, facts } = await openConfirm(
    trx,
    session,
    input.quoteId,
    deps,
    (t, key, at) =>
      readForConfirm(t, { ...key, duplicateSince: duplicateSince(deps.settings, at) }),
  );
  const outcome = decideConfirm(facts, limits, now, {
    confirmDuplicate: input.confirmDuplicate === true,
  });
  if (outcome === 'held') {
    assert(facts, 'a held confirm has its facts');
    return { statusCode: 202, body: await holdPayment(trx, facts, session, now) };
  }
  if (outcome !== 'ok') throw confirmRefusal(outcome, facts, limits);
  assert(facts, 'an accepted confirm has its facts');
  const row = await settlePayment(
    trx,
    facts,
    { customerId: session.customerId, level: session.level, paymentId: newId(), now, day, limits },
    { clock: deps.clock, internal },
  );
  return { statusCode: 201, body: toView(row, session.customerId) };
}

/** Who pays, when, and under which limits: the confirming session, or a released hold's. */
export interface Settlement {
  readonly customerId: string;
  readonly level: SessionLevel;
  readonly paymentId: string;
  readonly now: Date;
  readonly day: string;
  readonly limits: LevelLimitsMinor;
  /** A released hold's quote was marked used when it was held. */
  readonly quoteUsedByHold?: boolean;
  /** Events written beside the payee's, in the same insert (a released hold tells its payer). */
  readonly moreEvents?: ReadonlyArray<{ readonly customerId: string; readonly payload: LiveEvent }>;
}

/**
 * Steps 4-6 for an accepted payment: the day's usage, the write batch, the assertions, the
 * payee's events. Refusals (limits, funds, the request no longer open) throw; the caller's
 * transaction then rolls back with nothing written.
 */
export async function settlePayment(
  trx: Executor,
  facts: ConfirmFacts,
  s: Settlement,
  deps: { readonly clock: ConfirmDeps['clock']; readonly internal: InternalAccounts },
): Promise<Selectable<PaymentsTable>> {
  const { internal } = deps;
  await consumeLimits(trx, s.customerId, s.day, s.limits, facts.quote.eurMinor);
  const { paymentId, now } = s;
  const written = await writePayment(trx, {
    paymentId,
    transferId: newId(),
    description: `SmartPay ${facts.code.kind === 'request' ? 'request' : 'payment'} to ${facts.payee.name}`,
    createdBy: `customer:${s.customerId}`,
    now,
    payerAccountId: facts.payer.bankAccountId,
    debitMinor: debitOf(facts.quote),
    postings: await paymentPostings(
      facts.payer.bankAccountId,
      facts.payee.bankAccountId,
      facts.quote,
      (kind, currency) => internal.idOf(trx, kind, currency),
    ),
    requestId: facts.code.kind === 'request' ? facts.quote.codeId : null,
    quoteId: facts.quote.id,
    payment: paymentRow(facts, s, s.day),
  });
  if (!written.debited)
    throw insufficientFunds(
      facts.payer.balanceMinor + facts.payer.overdraftMinor,
      facts.quote.debitCurrency,
    );
  if (!written.requestClosed) {
    await lockCodeForPayment(trx, facts.quote.codeId, deps.clock); // throws the precise reason
    assert(facts.code.split, 'a request still open is closed by its payment');
    throw await splitClaimRefusal(trx, facts.quote.codeId, s.customerId);
  }
  assert(
    written.row && (written.quoteUsed || s.quoteUsedByHold === true),
    'the payment and its used quote are written together',
  );
  assert(written.row.amount_minor === facts.quote.amountMinor, 'the payee gets the quoted amount');
  assert(
    written.row.debit_minor + written.row.fee_minor === debitOf(facts.quote),
    'the payer pays the quoted amount plus the fee',
  );
  const events = [...liveEvents(facts, paymentId), ...(s.moreEvents ?? [])];
  const share = written.row.share_number;
  if (facts.code.split && share !== null)
    await recordSplitProgress(trx, {
      codeId: facts.quote.codeId,
      payeeCustomerId: facts.payee.customerId,
      progress: {
        type: 'split.progress',
        requestId: facts.quote.codeId,
        paymentId,
        paidShares: share,
        shareCount: facts.code.split.shareCount,
        status: share === facts.code.split.shareCount ? 'closed' : 'open',
      },
      // The payee hears the share's progress instead of request.paid (the request stays open).
      events: events.filter((e) => e.payload.type !== 'request.paid'),
    });
  else await recordEvents(trx, events);
  return written.row;
}

export type InternalId = (kind: 'fee_income' | 'fx_position', currency: string) => Promise<string>;

/** What one payment moves: amount in the receiving currency, debit and fee in the paying one. */
interface Moved {
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly debitMinor: bigint;
  readonly debitCurrency: string;
  readonly feeMinor: bigint;
}

/**
 * The legs of one payment (a refund too): the paying account gives debit plus fee, the receiving
 * account gets exactly the amount, the fee goes to fee income, and FX legs keep each currency at
 * zero.
 */
export async function paymentPostings(
  fromAccountId: string,
  toAccountId: string,
  moved: Moved,
  internalId: InternalId,
) {
  const postings = [
    {
      accountId: fromAccountId,
      currency: moved.debitCurrency,
      amount: -(moved.debitMinor + moved.feeMinor),
    },
    { accountId: toAccountId, currency: moved.currency, amount: moved.amountMinor },
  ];
  if (moved.feeMinor > 0n)
    postings.push({
      accountId: await internalId('fee_income', moved.debitCurrency),
      currency: moved.debitCurrency,
      amount: moved.feeMinor,
    });
  if (moved.debitCurrency !== moved.currency)
    postings.push(
      {
        accountId: await internalId('fx_position', moved.debitCurrency),
        currency: moved.debitCurrency,
        amount: moved.debitMinor,
      },
      {
        accountId: await internalId('fx_position', moved.currency),
        currency: moved.currency,
        amount: -moved.amountMinor,
      },
    );
  assertBalancedPostings(postings);
  return postings;
}

function paymentRow(
  facts: ConfirmFacts,
  session: Pick<Settlement, 'customerId' | 'level'>,
  day: string,
): PaymentWrite['payment'] {
  const { quote, payer, payee, code } = facts;
  return {
    quote_id: quote.id,
    code_id: quote.codeId,
    code_kind: code.kind,
    payer_customer_id: session.customerId,
    payer_qr_account_id: payer.qrAccountId,
    payer_account_id: payer.bankAccountId,
    payer_name: payer.name,
    payee_customer_id: payee.customerId,
    payee_qr_account_id: payee.qrAccountId,
    payee_account_id: payee.bankAccountId,
    payee_name: payee.name,
    ...quotedColumns(quote),
    level: session.level,
    bank_day: day,
    note: code.note,
  };
}

/** What the payee's open screens hear once this transaction commits. */
function liveEvents(facts: ConfirmFacts, paymentId: string) {
  const { quote, payee, payer } = facts;
  const money = {
    amount: formatAmount(quote.amountMinor, quote.currency),
    currency: quote.currency,
  };
  const received = {
    customerId: payee.customerId,
    payload: {
      type: 'payment.received' as const,
      paymentId,
      payerName: payer.name,
      ...money,
      qrAccountId: payee.qrAccountId,
    },
  };
  if (facts.code.kind !== 'request') return [received];
  const paid = {
    customerId: payee.customerId,
    payload: {
      type: 'request.paid' as const,
      requestId: quote.codeId,
      paymentId,
      payerName: payer.name,
      ...money,
    },
  };
  return [received, paid];
}
