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
import { type Nullable, type Selectable, sql } from 'kysely';
import type { Prefixed } from '../db/rows.ts';
import type {
  CoolingOffTable,
  DailyUsageTable,
  LedgerAccountsTable,
  QrAccountStatus,
  QrAccountsTable,
  QrCodeKind,
  QrCodeStatus,
  QrCodesTable,
} from '../db/schema.ts';
import type { Executor } from '../db/transaction.ts';
import { type SplitFacts, splitOf } from '../qr/split.ts';
import { type AssuranceFacts, coolingOffFrom } from './assurance.ts';
import {
  type QuoteFacts,
  type QuoteHead,
  type QuoteKey,
  quoteColumns,
  quoteOf,
  sessionQuote,
} from './confirm-context.ts';

export interface ConfirmFacts {
  readonly quote: QuoteFacts & { readonly codeId: string };
  readonly code: {
    readonly kind: QrCodeKind;
    readonly status: QrCodeStatus;
    readonly expiresAt: Date | null;
    readonly note: string | null;
    /** A split-bill code's shares as read (the claim re-checks under the row lock). */
    readonly split: SplitFacts | null;
    /** The payer has paid a share of this split code already. */
    readonly payerPaidShare: boolean;
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

type Code = Selectable<QrCodesTable>;
type QrAccount = Selectable<QrAccountsTable>;

/**
 * The statement's row: table columns typed from the schema, under a prefix where two tables
 * share a name (`payee_` the code's QR account, `payer_` the payer's QR and bank accounts);
 * only what the statement computes is spelled out.
 */
type Row = QuoteHead &
  Prefixed<'code_', Pick<Code, 'id' | 'kind' | 'status' | 'expires_at'>> &
  Pick<
    Code,
    | 'note'
    | 'payee_name'
    | 'amount_minor'
    | 'share_count'
    | 'total_minor'
    | 'paid_shares'
    | 'one_share_per_payer'
  > &
  Prefixed<'payee_', Pick<QrAccount, 'id' | 'status' | 'customer_id' | 'bank_account_id'>> &
  Prefixed<
    'payer_',
    Pick<QrAccount, 'id' | 'status' | 'bank_account_id'> &
      Pick<Selectable<LedgerAccountsTable>, 'overdraft_limit'>
  > &
  Nullable<Prefixed<'used_', Pick<Selectable<DailyUsageTable>, 'eur_minor' | 'payments'>>> &
  Nullable<Pick<Selectable<CoolingOffTable>, 'threshold_eur_minor' | 'delay_minutes'>> & {
    /** The payer's QR account's masked name. */
    payer_name: QrAccount['payee_name'];
    /** numeric where the sum of pending credits widens it. */
    payer_balance: bigint | string;
    payer_paid_share: boolean;
    first_time_payee: boolean;
    duplicate_suspected: boolean;
  };

/** Undefined when the session has no such quote (another customer's, another session's, none). */
export async function readForConfirm(
  trx: Executor,
  input: QuoteKey & {
    /** Start of the duplicate window, null when the guard is off (or not asked, at release). */
    readonly duplicateSince: Date | null;
  },
): Promise<ConfirmFacts | undefined> {
  const { rows } = await sql<Row>`
    select ${quoteColumns},
           c.id as code_id, c.kind as code_kind, c.status as code_status,
           c.expires_at as code_expires_at, c.note, c.payee_name, c.amount_minor, c.share_count,
           c.total_minor, c.paid_shares, c.one_share_per_payer,
           c.share_count is not null and exists (
             select 1 from payments s where s.code_id = c.id and s.share_number is not null
                and s.payer_customer_id = q.payer_customer_id) as payer_paid_share,
           ya.id as payee_id, ya.status as payee_status, ya.customer_id as payee_customer_id,
           ya.bank_account_id as payee_bank_account_id,
           pa.id as payer_id, pa.status as payer_status,
           pa.bank_account_id as payer_bank_account_id, pa.payee_name as payer_name,
           pl.balance + coalesce((select sum(p.amount) from ledger_pending p
                                   where p.account_id = pl.id), 0) as payer_balance,
           pl.overdraft_limit as payer_overdraft_limit,
           u.eur_minor as used_eur_minor, u.payments as used_payments,
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
     where ${sessionQuote(input)}
       for no key update of q, pl
       for share of ya`.execute(trx);
  const row = rows[0];
  if (!row) return undefined;
  return {
    quote: { ...quoteOf(row), codeId: row.code_id },
    code: {
      kind: row.code_kind,
      status: row.code_status,
      expiresAt: row.code_expires_at,
      note: row.note,
      split: splitOf(row),
      payerPaidShare: row.payer_paid_share,
    },
    payee: {
      qrAccountId: row.payee_id,
      accountStatus: row.payee_status,
      customerId: row.payee_customer_id,
      bankAccountId: row.payee_bank_account_id,
      name: row.payee_name,
    },
    payer: {
      qrAccountId: row.payer_id,
      accountStatus: row.payer_status,
      bankAccountId: row.payer_bank_account_id,
      name: row.payer_name,
      balanceMinor: BigInt(row.payer_balance),
      overdraftMinor: row.payer_overdraft_limit,
    },
    usage: { eurMinor: row.used_eur_minor ?? 0n, payments: row.used_payments ?? 0 },
    assurance: {
      firstTimePayee: row.first_time_payee,
      duplicateSuspected: row.duplicate_suspected,
      coolingOff: coolingOffFrom(row),
    },
  };
}
