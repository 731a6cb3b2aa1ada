/**
 * What a refund needs, in one statement each (STYLE.md §12), like the quote and confirm reads of
 * a payment: the original payment as one of its parties sees it, the refunder's bank account (the
 * one that received the payment) with its pending credits, the recipient's account currency,
 * today's usage, both rates of the day and the tariff of the refund's currency.
 *
 * The confirm read starts from the refund quote and locks, held to commit:
 *   - the quote and the refunder's bank account row FOR NO KEY UPDATE, as a payment's confirm;
 *   - the original payment row FOR NO KEY UPDATE: concurrent refunds of one payment queue here,
 *     so the decision sees the refunded total as it is (the write batch's conditional UPDATE and
 *     the CHECK constraint guard it again; the refund row's foreign key only needs KEY SHARE).
 */
import { sql } from 'kysely';
import type { Executor } from '../db/transaction.ts';

export interface RefundFacts {
  readonly original: {
    readonly id: string;
    readonly payerCustomerId: string;
    readonly payeeCustomerId: string;
    /** Set when the "original" is itself a refund. */
    readonly refundOfPaymentId: string | null;
    readonly amountMinor: bigint;
    readonly refundedMinor: bigint;
    readonly currency: string;
    readonly createdAt: Date;
    readonly payerAccountId: string;
    readonly payerQrAccountId: string;
    readonly payerName: string;
    readonly payeeAccountId: string;
    readonly payeeQrAccountId: string;
    readonly payeeName: string;
  };
  /** The account that received the payment, which the refund leaves from. */
  readonly refunder: {
    readonly iban: string;
    readonly currency: string;
    /** Rolled-up balance plus pending postings. */
    readonly balanceMinor: bigint;
    readonly overdraftMinor: bigint;
  };
  /** The currency of the payer's account, which the refund goes back to. */
  readonly recipientCurrency: string;
  readonly usage: { readonly eurMinor: bigint; readonly payments: number };
  readonly refunderPerEur: string | null;
  readonly recipientPerEur: string | null;
  readonly tariff: {
    readonly fixed_minor: bigint | null;
    readonly percent: string | null;
    readonly min_minor: bigint | null;
    readonly max_minor: bigint | null;
  };
}

export interface RefundConfirmFacts extends RefundFacts {
  readonly quote: {
    readonly id: string;
    /** What the recipient receives, in the recipient's currency. */
    readonly amountMinor: bigint;
    readonly currency: string;
    /** What the refunder pays before the fee: the refunded amount, in the original currency. */
    readonly debitMinor: bigint;
    readonly debitCurrency: string;
    readonly feeMinor: bigint;
    readonly rate: string | null;
    readonly eurMinor: bigint;
    readonly expiresAt: Date;
    readonly usedAt: Date | null;
  };
}

interface Row {
  id: string;
  payer_customer_id: string;
  payee_customer_id: string;
  refund_of_payment_id: string | null;
  amount_minor: bigint;
  refunded_minor: bigint;
  currency: string;
  created_at: Date;
  payer_account_id: string;
  payer_qr_account_id: string;
  payer_name: string;
  payee_account_id: string;
  payee_qr_account_id: string;
  payee_name: string;
  refunder_iban: string;
  refunder_currency: string;
  refunder_balance: bigint | string;
  refunder_overdraft: bigint;
  recipient_currency: string;
  used_eur: bigint | null;
  used_payments: number | null;
  refunder_per_eur: string | null;
  recipient_per_eur: string | null;
  fixed_minor: bigint | null;
  percent: string | null;
  min_minor: bigint | null;
  max_minor: bigint | null;
}

interface QuoteRow extends Row {
  quote_id: string;
  quote_amount_minor: bigint;
  quote_currency: string;
  quote_debit_minor: bigint;
  quote_debit_currency: string;
  quote_fee_minor: bigint;
  quote_rate: string | null;
  quote_eur_minor: bigint;
  quote_expires_at: Date;
  quote_used_at: Date | null;
}

const rateOfDay = (currency: unknown) =>
  sql<string | null>`(select r.per_eur from bank_rates r where r.currency = ${currency}
                       order by r.id desc limit 1)`;

/** The columns both reads share, from `o` (original), `ra` (refunder), `ta` (recipient). */
const factColumns = sql`
  o.id, o.payer_customer_id, o.payee_customer_id, o.refund_of_payment_id, o.amount_minor,
  o.refunded_minor, o.currency, o.created_at, o.payer_account_id, o.payer_qr_account_id,
  o.payer_name, o.payee_account_id, o.payee_qr_account_id, o.payee_name,
  ra.iban as refunder_iban, ra.currency as refunder_currency,
  ra.balance + coalesce((select sum(p.amount) from ledger_pending p
                          where p.account_id = ra.id), 0) as refunder_balance,
  ra.overdraft_limit as refunder_overdraft,
  ta.currency as recipient_currency,
  u.eur_minor as used_eur, u.payments as used_payments,
  ${rateOfDay(sql.ref('ra.currency'))} as refunder_per_eur,
  ${rateOfDay(sql.ref('ta.currency'))} as recipient_per_eur,
  t.fixed_minor, t.percent, t.min_minor, t.max_minor`;

/** Undefined when the customer is neither party of the payment (or there is none). */
export async function readRefundFacts(
  db: Executor,
  input: { readonly paymentId: string; readonly customerId: string; readonly bankDay: string },
): Promise<RefundFacts | undefined> {
  const { rows } = await sql<Row>`
    select ${factColumns}
      from payments o
      join ledger_accounts ra on ra.id = o.payee_account_id
      join ledger_accounts ta on ta.id = o.payer_account_id
      left join daily_usage u on u.customer_id = ${input.customerId}::uuid
                             and u.bank_day = ${input.bankDay}::date
      left join tariffs t on t.currency = ra.currency
     where o.id = ${input.paymentId}::uuid
       and (o.payer_customer_id = ${input.customerId}::uuid
            or o.payee_customer_id = ${input.customerId}::uuid)`.execute(db);
  const row = rows[0];
  return row && toFacts(row);
}

/** Undefined when the session has no such refund quote. */
export async function readRefundForConfirm(
  trx: Executor,
  input: {
    readonly quoteId: string;
    readonly customerId: string;
    readonly sessionId: string;
    readonly bankDay: string;
  },
): Promise<RefundConfirmFacts | undefined> {
  const { rows } = await sql<QuoteRow>`
    select ${factColumns},
           q.id as quote_id, q.amount_minor as quote_amount_minor, q.currency as quote_currency,
           q.debit_minor as quote_debit_minor, q.debit_currency as quote_debit_currency,
           q.fee_minor as quote_fee_minor, q.rate as quote_rate, q.eur_minor as quote_eur_minor,
           q.expires_at as quote_expires_at, q.used_at as quote_used_at
      from payment_quotes q
      join payments o on o.id = q.refund_of_payment_id
      join ledger_accounts ra on ra.id = o.payee_account_id
      join ledger_accounts ta on ta.id = o.payer_account_id
      left join daily_usage u on u.customer_id = q.payer_customer_id
                             and u.bank_day = ${input.bankDay}::date
      left join tariffs t on t.currency = ra.currency
     where q.id = ${input.quoteId}::uuid
       and q.payer_customer_id = ${input.customerId}::uuid
       and q.session_id = ${input.sessionId}::uuid
       for no key update of q, ra, o`.execute(trx);
  const row = rows[0];
  if (!row) return undefined;
  return {
    ...toFacts(row),
    quote: {
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
    },
  };
}

function toFacts(row: Row): RefundFacts {
  return {
    original: {
      id: row.id,
      payerCustomerId: row.payer_customer_id,
      payeeCustomerId: row.payee_customer_id,
      refundOfPaymentId: row.refund_of_payment_id,
      amountMinor: row.amount_minor,
      refundedMinor: row.refunded_minor,
      currency: row.currency,
      createdAt: row.created_at,
      payerAccountId: row.payer_account_id,
      payerQrAccountId: row.payer_qr_account_id,
      payerName: row.payer_name,
      payeeAccountId: row.payee_account_id,
      payeeQrAccountId: row.payee_qr_account_id,
      payeeName: row.payee_name,
    },
    refunder: {
      iban: row.refunder_iban,
      currency: row.refunder_currency,
      balanceMinor: BigInt(row.refunder_balance),
      overdraftMinor: row.refunder_overdraft,
    },
    recipientCurrency: row.recipient_currency,
    usage: { eurMinor: row.used_eur ?? 0n, payments: row.used_payments ?? 0 },
    refunderPerEur: row.refunder_per_eur,
    recipientPerEur: row.recipient_per_eur,
    tariff: row,
  };
}
