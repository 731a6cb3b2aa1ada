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
import { type Nullable, type Selectable, sql } from 'kysely';
import { assert } from '../core/errors.ts';
import type { Prefixed } from '../db/rows.ts';
import type {
  BankRatesTable,
  DailyUsageTable,
  LedgerAccountsTable,
  PaymentsTable,
  TariffsTable,
} from '../db/schema.ts';
import type { Executor } from '../db/transaction.ts';
import {
  type QuoteFacts,
  type QuoteHead,
  type QuoteKey,
  quoteColumns,
  quoteOf,
  sessionQuote,
} from './confirm-context.ts';

type LedgerAccount = Selectable<LedgerAccountsTable>;
type TariffColumns = Nullable<
  Pick<Selectable<TariffsTable>, 'fixed_minor' | 'percent' | 'min_minor' | 'max_minor'>
>;

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
  /** The tariff of the refunder's currency, null columns when it has none. */
  readonly tariff: Readonly<TariffColumns>;
}

/**
 * The quote of a refund: the recipient (the original's payer) receives `amountMinor` in their
 * account's currency; the refunder pays `debitMinor`, the refunded amount in the original
 * currency, before the fee.
 */
export interface RefundConfirmFacts extends RefundFacts {
  readonly quote: QuoteFacts;
}

/** The columns of `factColumns`. */
type Row = Pick<
  Selectable<PaymentsTable>,
  | 'id'
  | 'payer_customer_id'
  | 'payee_customer_id'
  | 'refund_of_payment_id'
  | 'amount_minor'
  | 'refunded_minor'
  | 'currency'
  | 'created_at'
  | 'payer_account_id'
  | 'payer_qr_account_id'
  | 'payer_name'
  | 'payee_account_id'
  | 'payee_qr_account_id'
  | 'payee_name'
> &
  Prefixed<'refunder_', Pick<LedgerAccount, 'iban' | 'currency' | 'overdraft_limit'>> &
  Prefixed<'recipient_', Pick<LedgerAccount, 'currency'>> &
  Nullable<Prefixed<'used_', Pick<Selectable<DailyUsageTable>, 'eur_minor' | 'payments'>>> &
  TariffColumns & {
    /** numeric where the sum of pending postings widens it. */
    refunder_balance: bigint | string;
    /** The latest rates of the two currencies, null where none is set. */
    refunder_per_eur: Selectable<BankRatesTable>['per_eur'] | null;
    recipient_per_eur: Selectable<BankRatesTable>['per_eur'] | null;
  };

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
  ra.overdraft_limit as refunder_overdraft_limit,
  ta.currency as recipient_currency,
  u.eur_minor as used_eur_minor, u.payments as used_payments,
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
  input: QuoteKey,
): Promise<RefundConfirmFacts | undefined> {
  const { rows } = await sql<Row & QuoteHead>`
    select ${factColumns}, ${quoteColumns}
      from payment_quotes q
      join payments o on o.id = q.refund_of_payment_id
      join ledger_accounts ra on ra.id = o.payee_account_id
      join ledger_accounts ta on ta.id = o.payer_account_id
      left join daily_usage u on u.customer_id = q.payer_customer_id
                             and u.bank_day = ${input.bankDay}::date
      left join tariffs t on t.currency = ra.currency
     where ${sessionQuote(input)}
       for no key update of q, ra, o`.execute(trx);
  const row = rows[0];
  if (!row) return undefined;
  return { ...toFacts(row), quote: quoteOf(row) };
}

function toFacts(row: Row): RefundFacts {
  // CHECK in ledger_accounts: a customer account has an IBAN, and a payment is received by one.
  assert(row.refunder_iban !== null, "the account a payment was received by is a customer's");
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
      overdraftMinor: row.refunder_overdraft_limit,
    },
    recipientCurrency: row.recipient_currency,
    usage: { eurMinor: row.used_eur_minor ?? 0n, payments: row.used_payments ?? 0 },
    refunderPerEur: row.refunder_per_eur,
    recipientPerEur: row.recipient_per_eur,
    tariff: row,
  };
}
