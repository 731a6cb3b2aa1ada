/**
 * The locked read of a confirm (STYLE.md §12): the quote, its code, the payee's and the payer's
 * QR accounts, the payer's bank account with its pending credits and today's usage, in one
 * statement. Locks, taken by this statement and held to commit:
 *   - the quote and the payer's bank account row, FOR NO KEY UPDATE: one confirm per quote, and
 *     the payer's balance cannot move under the decision (the debit is ours alone). Not FOR
 *     UPDATE: that would also block the foreign-key checks of credits appended to this account
 *     by other payments;
 *   - the payee's QR account FOR SHARE: a delete waits until this payment commits, and many
 *     payers of one popular code do not queue behind each other (DESIGN.md §4).
 * A request's single use is guarded by the write batch's conditional UPDATE of the code row.
 */
import { sql } from 'kysely';
import type { Executor } from '../db/transaction.ts';
import type { QrAccountStatus, QrCodeKind, QrCodeStatus } from '../db/schema.ts';
import { type AssuranceFacts, coolingOffFrom } from './assurance.ts';

export interface ConfirmFacts {
  readonly quote: {
    readonly id: string;
    readonly codeId: string;
    readonly amountMinor: bigint;
    readonly currency: string;
    readonly debitMinor: bigint;
    readonly debitCurrency: string;
    readonly feeMinor: bigint;
    readonly rate: string | null;
    readonly eurMinor: bigint;
    readonly expiresAt: Date;
    readonly usedAt: Date | null;
  };
  readonly code: {
    readonly kind: QrCodeKind;
    readonly status: QrCodeStatus;
    readonly expiresAt: Date | null;
    readonly note: string | null;
  };
  readonly payee: {
    readonly qrAccountId: string;
    readonly accountStatus: QrAccountStatus;
    readonly customerId: string;
    readonly bankAccountId: string;
    /** Masked, as the code shows it. */
    readonly name: string;
  };
  readonly payer: {
    readonly qrAccountId: string;
    readonly accountStatus: QrAccountStatus;
    readonly bankAccountId: string;
    readonly name: string;
    /** Rolled-up balance plus pending credits, under the row lock. */
    readonly balanceMinor: bigint;
    readonly overdraftMinor: bigint;
  };
  readonly usage: { readonly eurMinor: bigint; readonly payments: number };
  /** Payee assurance (assurance.ts): first-time payee, suspected duplicate, cooling-off. */
  readonly assurance: AssuranceFacts;
}

interface Row {
  quote_id: string;
  code_id: string;
  amount_minor: bigint;
  currency: string;
  debit_minor: bigint;
  debit_currency: string;
  fee_minor: bigint;
  rate: string | null;
  eur_minor: bigint;
  quote_expires_at: Date;
  used_at: Date | null;
  code_kind: QrCodeKind;
  code_status: QrCodeStatus;
  code_expires_at: Date | null;
  note: string | null;
  payee_name: string;
  payee_qr_account_id: string;
  payee_account_status: QrAccountStatus;
  payee_customer_id: string;
  payee_bank_account_id: string;
  payer_qr_account_id: string;
  payer_account_status: QrAccountStatus;
  payer_bank_account_id: string;
  payer_name: string;
  payer_balance: bigint | string;
  payer_overdraft: bigint;
  used_eur: bigint | null;
  used_payments: number | null;
  first_time_payee: boolean;
  duplicate_suspected: boolean;
  threshold_eur_minor: bigint | null;
  delay_minutes: number | null;
}

/** Undefined when the session has no such quote (another customer's, another session's, none). */
export async function readForConfirm(
  trx: Executor,
  input: {
    readonly quoteId: string;
    readonly customerId: string;
    readonly sessionId: string;
    readonly bankDay: string;
    /** Start of the duplicate window, null when the guard is off (or not asked, at release). */
    readonly duplicateSince: Date | null;
  },
): Promise<ConfirmFacts | undefined> {
  const { rows } = await sql<Row>`
    select q.id as quote_id, q.code_id, q.amount_minor, q.currency, q.debit_minor,
           q.debit_currency, q.fee_minor, q.rate, q.eur_minor, q.expires_at as quote_expires_at,
           q.used_at,
           c.kind as code_kind, c.status as code_status, c.expires_at as code_expires_at, c.note,
           c.payee_name,
           ya.id as payee_qr_account_id, ya.status as payee_account_status,
           ya.customer_id as payee_customer_id, ya.bank_account_id as payee_bank_account_id,
           pa.id as payer_qr_account_id, pa.status as payer_account_status,
           pa.bank_account_id as payer_bank_account_id, pa.payee_name as payer_name,
           pl.balance + coalesce((select sum(p.amount) from ledger_pending p
                                   where p.account_id = pl.id), 0) as payer_balance,
           pl.overdraft_limit as payer_overdraft,
           u.eur_minor as used_eur, u.payments as used_payments,
           not exists (select 1 from payments d
                        where d.payer_customer_id = q.payer_customer_id
                          and d.payee_customer_id = ya.customer_id and d.code_kind <> 'refund') as first_time_payee,
           (exists (select 1 from payments d
                     where d.payer_customer_id = q.payer_customer_id
                       and d.payee_customer_id = ya.customer_id and d.code_kind <> 'refund'
                       and d.amount_minor = q.amount_minor and d.currency = q.currency
                       and d.created_at > ${input.duplicateSince}::timestamptz)
            or exists (select 1 from payment_holds h
                        where h.payer_customer_id = q.payer_customer_id
                          and h.payee_customer_id = ya.customer_id and h.status = 'held'
                          and h.amount_minor = q.amount_minor and h.currency = q.currency
                          and h.created_at > ${input.duplicateSince}::timestamptz))
             as duplicate_suspected,
           co.threshold_eur_minor, co.delay_minutes
      from payment_quotes q
      join qr_codes c on c.id = q.code_id
      join qr_accounts ya on ya.id = c.qr_account_id
      join qr_accounts pa on pa.id = q.payer_qr_account_id and pa.customer_id = q.payer_customer_id
      join ledger_accounts pl on pl.id = pa.bank_account_id
      left join daily_usage u on u.customer_id = q.payer_customer_id
                             and u.bank_day = ${input.bankDay}::date
      left join cooling_off co on co.customer_id = q.payer_customer_id
     where q.id = ${input.quoteId}::uuid
       and q.payer_customer_id = ${input.customerId}::uuid
       and q.session_id = ${input.sessionId}::uuid
       for no key update of q, pl
       for share of ya`.execute(trx);
  const row = rows[0];
  if (!row) return undefined;
  return {
    quote: {
      id: row.quote_id,
      codeId: row.code_id,
      amountMinor: row.amount_minor,
      currency: row.currency,
      debitMinor: row.debit_minor,
      debitCurrency: row.debit_currency,
      feeMinor: row.fee_minor,
      rate: row.rate,
      eurMinor: row.eur_minor,
      expiresAt: row.quote_expires_at,
      usedAt: row.used_at,
    },
    code: {
      kind: row.code_kind,
      status: row.code_status,
      expiresAt: row.code_expires_at,
      note: row.note,
    },
    payee: {
      qrAccountId: row.payee_qr_account_id,
      accountStatus: row.payee_account_status,
      customerId: row.payee_customer_id,
      bankAccountId: row.payee_bank_account_id,
      name: row.payee_name,
    },
    payer: {
      qrAccountId: row.payer_qr_account_id,
      accountStatus: row.payer_account_status,
      bankAccountId: row.payer_bank_account_id,
      name: row.payer_name,
      balanceMinor: BigInt(row.payer_balance),
      overdraftMinor: row.payer_overdraft,
    },
    usage: { eurMinor: row.used_eur ?? 0n, payments: row.used_payments ?? 0 },
    assurance: {
      firstTimePayee: row.first_time_payee,
      duplicateSuspected: row.duplicate_suspected,
      coolingOff: coolingOffFrom(row),
    },
  };
}
