/**
 * The write batch of a confirm, one statement of data-modifying CTEs:
 *   moved    the payer's pending credits, taken out of ledger_pending …
 *   debit    … and folded into the payer's balance together with the debit, only if the result
 *            stays within the approved overdraft (invariant 2; the CHECK constraint
 *            ledger_customer_within_overdraft bounds the same row);
 *   closed   a request closed only while still open and unexpired (invariant 3, with the
 *            unique index payments_request_paid_once): a racing payment of the same request
 *            waits here for the first to commit, then finds it closed and writes nothing more;
 *   transfer, postings, pending   the balanced transfer (invariant 1, re-checked at commit by
 *            the deferred trigger), every leg but the payer's appended to ledger_pending;
 *   refunded for a refund, the original payment's refunded total raised only while it stays within
 *            the original amount (invariant 8, with the CHECK payments_refunded_within_amount):
 *            a racing refund of the same payment waits on its row, then re-checks the total;
 *   used     the quote marked used;
 *   payment  the payment row, returned, so nothing is selected back.
 * Everything after the debit is conditional on it (and on the request closing), and the caller
 * rolls back on any refusal.
 */
import { sql } from 'kysely';
import type { PaymentsTable } from '../db/schema.ts';
import type { Executor } from '../db/transaction.ts';
import type { Selectable } from 'kysely';

export interface PaymentWrite {
  readonly paymentId: string;
  readonly transferId: string;
  readonly description: string;
  readonly createdBy: string;
  readonly now: Date;
  /** The payer's bank account and what leaves it (amount in its currency plus fee). */
  readonly payerAccountId: string;
  readonly debitMinor: bigint;
  /** Every leg, the payer's debit included; balanced per currency (asserted by the caller). */
  readonly postings: ReadonlyArray<{
    readonly accountId: string;
    readonly currency: string;
    readonly amount: bigint;
  }>;
  /** The request to close, or null for an account code. */
  readonly requestId: string | null;
  readonly quoteId: string;
  /** A refund: the payment it returns and how much of that payment's amount (its currency). */
  readonly refundOf?: { readonly paymentId: string; readonly amountMinor: bigint };
  readonly payment: Omit<
    Selectable<PaymentsTable>,
    | 'id'
    | 'status'
    | 'transfer_id'
    | 'created_at'
    | 'refund_of_payment_id'
    | 'refund_of_amount_minor'
    | 'refunded_minor'
  > &
    Partial<Pick<Selectable<PaymentsTable>, 'refund_of_payment_id' | 'refund_of_amount_minor'>>;
}

export interface PaymentWritten {
  /** False when the balance moved below the debit since the read: nothing was written. */
  readonly debited: boolean;
  /** False when a request was closed, cancelled or expired since the read. */
  readonly requestClosed: boolean;
  /** False when a refund would now pass what remains of the original: nothing was written. */
  readonly refundFits: boolean;
  readonly quoteUsed: boolean;
  readonly pendingLegs: number;
  readonly row: Selectable<PaymentsTable> | undefined;
}

type Row = Selectable<PaymentsTable> & {
  debited: number;
  closed: number;
  refunded: number;
  used: number;
  pending: number;
  paid_id: string | null;
};

export async function writePayment(trx: Executor, w: PaymentWrite): Promise<PaymentWritten> {
  const p = w.payment;
  const refundOf = w.refundOf?.paymentId ?? null;
  const refundMinor = w.refundOf?.amountMinor ?? 0n;
  const legs = sql.join(
    w.postings.map(
      (leg, i) =>
        sql`(${i}::int, ${leg.accountId}::uuid, ${leg.currency}::char(3), ${leg.amount}::bigint)`,
    ),
  );
  const { rows } = await sql<Row>`
    with moved as (
      delete from ledger_pending where account_id = ${w.payerAccountId}::uuid returning amount
    ),
    debit as (
      update ledger_accounts a
         set balance = a.balance + coalesce((select sum(amount) from moved), 0) - ${w.debitMinor}::bigint
       where a.id = ${w.payerAccountId}::uuid
         and a.balance + coalesce((select sum(amount) from moved), 0) - ${w.debitMinor}::bigint
             >= -a.overdraft_limit
      returning a.id
    ),
    closed as (
      update qr_codes
         set status = 'closed', closed_at = ${w.now}, paid_by_payment_id = ${w.paymentId}::uuid
       where id = ${w.requestId}::uuid and kind = 'request' and status = 'open'
         and expires_at > ${w.now} and exists (select 1 from debit)
      returning id
    ),
    refunded as (
      update payments
         set refunded_minor = refunded_minor + ${refundMinor}::bigint
       where id = ${refundOf}::uuid and refund_of_payment_id is null
         and refunded_minor + ${refundMinor}::bigint <= amount_minor
         and exists (select 1 from debit)
      returning id
    ),
    transfer as (
      insert into ledger_transfers (id, kind, description, reference, created_by)
      select ${w.transferId}::uuid, 'payment', ${w.description}, ${w.paymentId}, ${w.createdBy}
       where exists (select 1 from debit)
         and (${w.requestId}::uuid is null or exists (select 1 from closed))
         and (${refundOf}::uuid is null or exists (select 1 from refunded))
      returning id
    ),
    postings as (
      insert into ledger_postings (transfer_id, account_id, currency, amount)
      select t.id, leg.account_id, leg.currency, leg.amount
        from transfer t, (values ${legs}) as leg (n, account_id, currency, amount)
       order by leg.n
      returning id, account_id, amount
    ),
    pending as (
      insert into ledger_pending (posting_id, account_id, amount)
      select id, account_id, amount from postings where account_id <> ${w.payerAccountId}::uuid
      returning posting_id
    ),
    used as (
      update payment_quotes set used_at = ${w.now}
       where id = ${w.quoteId}::uuid and used_at is null and exists (select 1 from transfer)
      returning id
    ),
    payment as (
      insert into payments (
        id, quote_id, transfer_id, code_id, code_kind, payer_customer_id, payer_qr_account_id,
        payer_account_id, payer_name, payee_customer_id, payee_qr_account_id, payee_account_id,
        payee_name, amount_minor, currency, debit_minor, debit_currency, fee_minor, rate,
        eur_minor, level, bank_day, note, refund_of_payment_id, refund_of_amount_minor,
        created_at)
      select ${w.paymentId}::uuid, ${p.quote_id}::uuid, t.id, ${p.code_id}::uuid, ${p.code_kind},
             ${p.payer_customer_id}::uuid, ${p.payer_qr_account_id}::uuid,
             ${p.payer_account_id}::uuid, ${p.payer_name}, ${p.payee_customer_id}::uuid,
             ${p.payee_qr_account_id}::uuid, ${p.payee_account_id}::uuid, ${p.payee_name},
             ${p.amount_minor}::bigint, ${p.currency}, ${p.debit_minor}::bigint,
             ${p.debit_currency}, ${p.fee_minor}::bigint, ${p.rate}::numeric,
             ${p.eur_minor}::bigint, ${p.level}, ${p.bank_day}::date, ${p.note},
             ${p.refund_of_payment_id ?? null}::uuid, ${p.refund_of_amount_minor ?? null}::bigint,
             ${w.now}
        from transfer t
      returning *
    )
    select payment.*, payment.id as paid_id,
           (select count(*) from debit)::int as debited,
           (select count(*) from closed)::int as closed,
           (select count(*) from refunded)::int as refunded,
           (select count(*) from used)::int as used,
           (select count(*) from pending)::int as pending
      from (select 1) as one left join payment on true`.execute(trx);
  const row = rows[0];
  const {
    debited,
    closed,
    refunded,
    used,
    pending,
    paid_id: paidId,
    ...payment
  } = row ?? ({} as Row);
  return {
    debited: debited === 1,
    requestClosed: w.requestId === null || closed === 1,
    refundFits: refundOf === null || refunded === 1,
    quoteUsed: used === 1,
    pendingLegs: pending ?? 0,
    row: paidId ? (payment as Selectable<PaymentsTable>) : undefined,
  };
}
