/**
 * From a scanned payload to the stored code it stands for (DESIGN.md §3): parse and MAC check
 * first (no database work for a forged or edited code), then the lookup by reference and a
 * field-by-field comparison with what is stored, then the refusals for codes that can no longer
 * be paid. The scan answers with resolveScannedCode; payments check the code for the quote
 * (checkStoredCode), and call lockCodeForPayment and closePaidRequest inside the payment's
 * transaction so that a request is paid once.
 */
import type { Clock } from '../core/clock.ts';
import { DomainError, assert } from '../core/errors.ts';
import { formatAmount } from '../core/money.ts';
import type { QrAccountStatus } from '../db/schema.ts';
import type { Executor } from '../db/transaction.ts';
import { qrInvalid } from './emv.ts';
import { payloadLanguage } from './layout.ts';
import { asciiFold, asciiPayeeName, payloadNote } from './names.ts';
import { type ParsedPayload, parseSmartPayPayload } from './payload.ts';
import {
  type CodeRow,
  type PayloadSettings,
  checkId,
  closedCodeError,
  effectiveStatus,
  notFound,
} from './store.ts';
import { type SplitFacts, splitOf } from './split.ts';
import type { ResolvedCodeAnswer } from './views.ts';

export interface ResolvedCode {
  readonly code: {
    readonly id: string;
    readonly kind: CodeRow['kind'];
    readonly reference: string;
    /** Null for an account code: the payer types the amount. */
    readonly amountMinor: bigint | null;
    readonly currency: string;
    readonly note: string | null;
    readonly expiresAt: Date | null;
    /** A split-bill code's shares (split.ts); null for every other code. */
    readonly split: SplitFacts | null;
  };
  readonly qrAccount: { readonly id: string; readonly status: QrAccountStatus };
  /** Where the money goes: the payee's customer, bank account and masked display name. */
  readonly payee: {
    readonly customerId: string;
    readonly bankAccountId: string;
    readonly name: string;
    readonly currency: string;
  };
}

export interface ResolveContext {
  readonly clock: Clock;
  readonly payload: Pick<PayloadSettings, 'schemeId' | 'keys' | 'country' | 'city'>;
}

function selectCodes(db: Executor) {
  return db
    .selectFrom('qr_codes as c')
    .innerJoin('qr_accounts as a', 'a.id', 'c.qr_account_id')
    .selectAll('c')
    .select(['a.status as account_status', 'a.bank_account_id', 'a.customer_id as owner_id']);
}

/** A stored code with the three facts of its QR account that paying needs. */
export type StoredCodeRow = CodeRow & {
  readonly account_status: QrAccountStatus;
  readonly bank_account_id: string;
  readonly owner_id: string;
};
type JoinedRow = StoredCodeRow;

/**
 * What resolving a payload can refuse, in order of precedence: a forged, edited or unknown code
 * first (before any database work for the first two), then a deleted QR account (it covers all
 * of its codes), then the code's own state.
 */
export const resolveRefusals = [
  'QR_INVALID',
  'QR_ACCOUNT_NOT_VALID',
  'QR_CANCELLED',
  'QR_USED',
  'SPLIT_ALL_PAID',
  'QR_EXPIRED',
] as const;

/** The stored code a payable payload stands for, or the reason it cannot be paid. */
export async function resolvePayload(
  db: Executor,
  text: string,
  context: ResolveContext,
): Promise<ResolvedCode> {
  const parsed = parseSmartPayPayload(text, context.payload);
  const row = await selectCodes(db).where('c.reference', '=', parsed.reference).executeTakeFirst();
  return checkStoredCode(parsed, row, context.clock.now(), context.payload);
}

/**
 * A code the moment it is scanned (POST /api/payments/resolve): who it pays, in which currency,
 * the fixed amount if any, or the refusal, before the payer types anything.
 */
export async function resolveScannedCode(
  db: Executor,
  text: string,
  context: ResolveContext,
): Promise<ResolvedCodeAnswer> {
  const { code, payee } = await resolvePayload(db, text, context);
  return {
    kind: code.kind,
    payee: { name: payee.name },
    currency: code.currency,
    amount: code.amountMinor === null ? null : formatAmount(code.amountMinor, code.currency),
    note: code.note,
    expiresAt: code.expiresAt?.toISOString() ?? null,
  };
}

/**
 * The pure half of resolving, for callers that read the code row together with other facts
 * (the payment quote): the code a parsed payload stands for, or the reason it cannot be paid.
 */
export function checkStoredCode(
  parsed: ParsedPayload,
  row: StoredCodeRow | undefined,
  now: Date,
  issued: Pick<PayloadSettings, 'country' | 'city'>,
): ResolvedCode {
  // A MAC-valid reference that is not stored: signed with our key elsewhere (another
  // environment sharing a key) or the row is gone. Either way not payable.
  if (!row) throw qrInvalid('unknown_code', 'no such code');
  if (!matchesStored(parsed, row, issued))
    throw qrInvalid('mismatch', 'it differs from the issued code');
  refuseUnpayable(row, now);
  return toResolved(row);
}

/**
 * Every field the payload carries, against the stored record and the bank's settings the
 * issued payload was written from (country, city and language are not stored per code).
 */
function matchesStored(
  parsed: ParsedPayload,
  row: CodeRow,
  issued: Pick<PayloadSettings, 'country' | 'city'>,
): boolean {
  return (
    parsed.country === issued.country &&
    parsed.city === asciiFold(issued.city) &&
    parsed.language === payloadLanguage &&
    parsed.kind === row.kind &&
    parsed.currency === row.currency &&
    parsed.amountMinor === row.amount_minor &&
    parsed.payeeName === row.payee_name &&
    parsed.payeeNameAscii === asciiPayeeName(row.payee_name) &&
    parsed.note === (payloadNote(row.note) ?? null)
  );
}

/** Deleted account first: the guide's "account/ticket not valid" covers all its codes (§7.3). */
function refuseUnpayable(row: JoinedRow, now: Date): void {
  const refusal = unpayableReason(row, now);
  if (refusal) throw refusal;
}

/** Why a stored code cannot be paid at `now`, in order of precedence, or undefined. */
export function unpayableReason(
  row: Pick<StoredCodeRow, 'account_status' | 'status' | 'expires_at' | 'share_count'>,
  now: Date,
): DomainError | undefined {
  if (row.account_status !== 'open')
    return new DomainError('QR_ACCOUNT_NOT_VALID', 'The QR account of this code has been deleted');
  return closedCodeError(effectiveStatus(row, now), row.share_count !== null);
}

function toResolved(row: JoinedRow): ResolvedCode {
  return {
    code: {
      id: row.id,
      kind: row.kind,
      reference: row.reference,
      amountMinor: row.amount_minor,
      currency: row.currency,
      note: row.note,
      expiresAt: row.expires_at,
      split: splitOf(row),
    },
    qrAccount: { id: row.qr_account_id, status: row.account_status },
    payee: {
      customerId: row.owner_id,
      bankAccountId: row.bank_account_id,
      name: row.payee_name,
      currency: row.currency,
    },
  };
}

/**
 * Inside the payment's transaction: locks the code row (a cancel, a delete or another payment of
 * the same request waits for this transaction) and checks again that it can be paid.
 */
export async function lockCodeForPayment(
  trx: Executor,
  codeId: string,
  clock: Clock,
): Promise<ResolvedCode> {
  const id = checkId(codeId, 'QR code');
  const code = await trx
    .selectFrom('qr_codes')
    .select(['kind', 'qr_account_id'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!code) throw notFound('QR code');
  // A request is paid once: its row is locked exclusively. An account code is paid by many at
  // once: a shared lock on its QR account is enough to keep a delete from slipping in between,
  // and a popular payee's code does not become a queue (DESIGN.md §4).
  if (code.kind === 'request')
    await trx.selectFrom('qr_codes').select('id').where('id', '=', id).forUpdate().execute();
  else
    await trx
      .selectFrom('qr_accounts')
      .select('id')
      .where('id', '=', code.qr_account_id)
      .forShare()
      .execute();
  const row = await selectCodes(trx).where('c.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('QR code');
  refuseUnpayable(row, clock.now());
  return toResolved(row);
}

/**
 * Marks a locked, payable request as paid by `paymentId`. The conditions are repeated in the
 * UPDATE so that even a caller that skipped the lock cannot close a request twice.
 */
export async function closePaidRequest(
  trx: Executor,
  input: { readonly codeId: string; readonly paymentId: string },
  clock: Clock,
): Promise<void> {
  const now = clock.now();
  const result = await trx
    .updateTable('qr_codes')
    .set({ status: 'closed', closed_at: now, paid_by_payment_id: input.paymentId })
    .where('id', '=', checkId(input.codeId, 'QR code'))
    .where('kind', '=', 'request')
    .where('status', '=', 'open')
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (result.numUpdatedRows === 1n) return;
  await lockCodeForPayment(trx, input.codeId, clock); // throws the precise reason, if any
  assert(false, 'only a payment request is closed by a payment');
}
