/**
 * Everything a quote needs, in one statement (issue 10: quote ≤ 5 statements per request): the
 * code by reference with its QR account, the payer's QR account and its bank account with the
 * balance still pending, today's usage, the rates of the day of both currencies and the payer
 * currency's tariff. Left joins from one row, so a missing code or payer account is a null
 * column and the caller says which refusal applies, in its order of precedence.
 *
 * It reads tables of qr, ledger and payments in one query on purpose (STYLE.md §12): the quote is
 * one use case, and assembling it from each module's lookups cost eleven round trips.
 */
import { sql } from 'kysely';
import { assert } from '../core/errors.ts';
import type { Executor } from '../db/transaction.ts';
import type { StoredCodeRow } from '../qr/index.ts';
import { type CoolingOff, coolingOffFrom } from './assurance.ts';

export interface QuoteFacts {
  /** The code and its QR account, absent when no code has the reference. */
  readonly code: StoredCodeRow | undefined;
  /** The payer's open QR account and its bank account, absent when not the customer's or deleted. */
  readonly payer:
    | {
        readonly qrAccountId: string;
        readonly bankAccountId: string;
        readonly iban: string;
        readonly currency: string;
        /** Rolled-up balance plus pending postings. */
        readonly balanceMinor: bigint;
        readonly overdraftMinor: bigint;
      }
    | undefined;
  readonly usage: { readonly eurMinor: bigint; readonly payments: number };
  /** Rate-of-day texts per EUR (null when none is set; EUR needs none). */
  readonly payerPerEur: string | null;
  readonly payeePerEur: string | null;
  readonly tariff: {
    readonly fixed_minor: bigint | null;
    readonly percent: string | null;
    readonly min_minor: bigint | null;
    readonly max_minor: bigint | null;
  };
  /** Payee assurance (assurance.ts): whether the payer ever paid the code's owner, … */
  readonly firstTimePayee: boolean;
  /** … the amounts ("minor:currency") paid or held to them since the duplicate window began, … */
  readonly recentAmounts: readonly string[];
  /** … and the payer's cooling-off choice. */
  readonly coolingOff: CoolingOff | null;
}

interface Row {
  code_id: string | null;
  qr_account_id: string;
  customer_id: string;
  kind: StoredCodeRow['kind'];
  reference: string;
  amount_minor: bigint | null;
  currency: string;
  note: string | null;
  payee_name: string;
  status: StoredCodeRow['status'];
  expires_at: Date | null;
  created_at: Date;
  closed_at: Date | null;
  cancelled_at: Date | null;
  paid_by_payment_id: string | null;
  account_status: StoredCodeRow['account_status'];
  bank_account_id: string;
  owner_id: string;
  payer_qr_account_id: string | null;
  payer_bank_account_id: string;
  payer_iban: string;
  payer_currency: string;
  payer_balance: bigint;
  payer_overdraft: bigint;
  used_eur: bigint | null;
  used_payments: number | null;
  payer_per_eur: string | null;
  payee_per_eur: string | null;
  fixed_minor: bigint | null;
  percent: string | null;
  min_minor: bigint | null;
  max_minor: bigint | null;
  first_time_payee: boolean;
  recent_amounts: string | null;
  threshold_eur_minor: bigint | null;
  delay_minutes: number | null;
}

const rateOfDay = (currency: unknown) =>
  sql<string | null>`(select r.per_eur from bank_rates r where r.currency = ${currency}
                       order by r.id desc limit 1)`;

export async function readQuoteFacts(
  db: Executor,
  input: {
    readonly reference: string;
    readonly customerId: string;
    readonly payerQrAccountId: string | null;
    readonly bankDay: string;
    /** Start of the duplicate window, null when the guard is off. */
    readonly duplicateSince: Date | null;
  },
): Promise<QuoteFacts> {
  const { rows } = await sql<Row>`
    select c.id as code_id, c.qr_account_id, c.customer_id, c.kind, c.reference, c.amount_minor,
           c.currency, c.note, c.payee_name, c.status, c.expires_at, c.created_at, c.closed_at,
           c.cancelled_at, c.paid_by_payment_id,
           ya.status as account_status, ya.bank_account_id, ya.customer_id as owner_id,
           pa.id as payer_qr_account_id, pa.bank_account_id as payer_bank_account_id,
           pl.iban as payer_iban, pl.currency as payer_currency,
           pl.balance + coalesce((select sum(p.amount) from ledger_pending p
                                   where p.account_id = pl.id), 0) as payer_balance,
           pl.overdraft_limit as payer_overdraft,
           u.eur_minor as used_eur, u.payments as used_payments,
           ${rateOfDay(sql.ref('pl.currency'))} as payer_per_eur,
           ${rateOfDay(sql.ref('c.currency'))} as payee_per_eur,
           t.fixed_minor, t.percent, t.min_minor, t.max_minor,
           not exists (select 1 from payments d
                        where d.payer_customer_id = ${input.customerId}::uuid
                          and d.payee_customer_id = ya.customer_id and d.code_kind <> 'refund') as first_time_payee,
           (select string_agg(r.amount, ',') from (
              select d.amount_minor || ':' || d.currency as amount from payments d
               where d.payer_customer_id = ${input.customerId}::uuid
                 and d.payee_customer_id = ya.customer_id and d.code_kind <> 'refund'
                 and d.created_at > ${input.duplicateSince}::timestamptz
              union all
              select h.amount_minor || ':' || h.currency from payment_holds h
               where h.payer_customer_id = ${input.customerId}::uuid
                 and h.payee_customer_id = ya.customer_id and h.status = 'held'
                 and h.created_at > ${input.duplicateSince}::timestamptz) as r) as recent_amounts,
           co.threshold_eur_minor, co.delay_minutes
      from (select 1) as one
      left join qr_codes c on c.reference = ${input.reference}
      left join qr_accounts ya on ya.id = c.qr_account_id
      left join qr_accounts pa on pa.id = ${input.payerQrAccountId}::uuid
                              and pa.customer_id = ${input.customerId}::uuid
                              and pa.status = 'open'
      left join ledger_accounts pl on pl.id = pa.bank_account_id
      left join daily_usage u on u.customer_id = ${input.customerId}::uuid
                             and u.bank_day = ${input.bankDay}::date
      left join tariffs t on t.currency = pl.currency
      left join cooling_off co on co.customer_id = ${input.customerId}::uuid`.execute(db);
  const row = rows[0];
  assert(row, 'the quote read always returns one row');
  return {
    code: row.code_id === null ? undefined : { ...row, id: row.code_id },
    payer:
      row.payer_qr_account_id === null
        ? undefined
        : {
            qrAccountId: row.payer_qr_account_id,
            bankAccountId: row.payer_bank_account_id,
            iban: row.payer_iban,
            currency: row.payer_currency,
            balanceMinor: BigInt(row.payer_balance),
            overdraftMinor: row.payer_overdraft,
          },
    usage: { eurMinor: row.used_eur ?? 0n, payments: row.used_payments ?? 0 },
    payerPerEur: row.payer_per_eur,
    payeePerEur: row.payee_per_eur,
    tariff: row,
    firstTimePayee: row.first_time_payee,
    recentAmounts: row.recent_amounts ? row.recent_amounts.split(',') : [],
    coolingOff: coolingOffFrom(row),
  };
}
