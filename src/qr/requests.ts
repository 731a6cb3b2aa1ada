/**
 * Payment requests (guide §5.2, §7.1, §7.2): a fixed amount, an optional note, a validity set by
 * the bank, single use. Statuses: open, closed (paid), cancelled, expired.
 */
import type { BankSettings } from '../core/settings.ts';
import type { Clock } from '../core/clock.ts';
import { DomainError } from '../core/errors.ts';
import { newCodeReference } from '../core/ids.ts';
import { parseAmount } from '../core/money.ts';
import { recordAudit } from '../db/audit.ts';
import type { Executor } from '../db/transaction.ts';
import { qrAmountMinorMax } from './payload.ts';
import { type PaymentRequestView, toRequestView } from './request-view.ts';
import { divideBill, shareAmountMinor, shareCountMax, shareCountMin } from './split.ts';
import {
  type QrContext,
  checkId,
  closedCodeError,
  customerActor,
  effectiveStatus,
  idsOf,
  notFound,
} from './store.ts';

export { listPaymentRequests, pageSizeDefault, pageSizeMax } from './request-list.ts';
export type { PaymentRequestPage, PaymentRequestQuery } from './request-list.ts';
export { type PaymentRequestView, toRequestView } from './request-view.ts';

/** Longest note, in characters (code points). */
export const noteLengthMax = 140;
const minuteMs = 60_000;
const eur = 'EUR';

export interface CreatePaymentRequestInput {
  readonly customerId: string;
  readonly qrAccountId: string;
  /** Decimal text in the QR account's currency, e.g. "12.50". */
  readonly amount: unknown;
  readonly note?: unknown;
  /** "Ndaje faturën": the amount is the whole bill, paid in this many shares (2–20). */
  readonly shares?: unknown;
  /** A split code lets each payer pay one share unless this is false. */
  readonly oneSharePerPayer?: unknown;
}

export interface RequestContext extends QrContext {
  readonly settings: BankSettings;
}

/** "Specifikoni Shumën" → amount → "Aprovo". */
export async function createPaymentRequest(
  trx: Executor,
  input: CreatePaymentRequestInput,
  context: RequestContext,
): Promise<PaymentRequestView> {
  const account = await openAccountOf(trx, input.customerId, input.qrAccountId);
  const amountMax = requestAmountMax(account.currency, context.settings);
  const split = checkSplit(input);
  const amountMinor = parseAmount(input.amount, account.currency, {
    maxMinor: split ? amountMax * BigInt(split.shareCount) : amountMax,
  });
  const shares = split && splitAmounts(amountMinor, split.shareCount, amountMax);
  const note = normalizeNote(input.note);
  const now = context.clock.now();
  const validityMs = Number(context.settings['requests.validityMinutes']) * minuteMs;
  const row = await trx
    .insertInto('qr_codes')
    .values({
      id: idsOf(context).newId(),
      qr_account_id: account.id,
      customer_id: account.customer_id,
      kind: 'request',
      reference: newCodeReference(context.random),
      amount_minor: shares ? shares.shareMinor : amountMinor,
      ...(split && { share_count: split.shareCount, total_minor: amountMinor }),
      ...(split && { one_share_per_payer: split.oneSharePerPayer }),
      currency: account.currency,
      note,
      payee_name: account.payee_name,
      status: 'open',
      expires_at: new Date(now.getTime() + validityMs),
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(trx, {
    actor: customerActor(account.customer_id),
    action: 'qr.request.create',
    subject: row.id,
    details: {
      qrAccountId: account.id,
      amountMinor,
      currency: account.currency,
      ...(split && { shares: split.shareCount }),
    },
  });
  return toRequestView(row, now, context.payload);
}

/**
 * The customer's open QR account, share-locked so a delete running at the same time waits for
 * this request (and then cancels it) instead of missing it.
 */
async function openAccountOf(trx: Executor, customerId: string, qrAccountId: string) {
  const account = await trx
    .selectFrom('qr_accounts')
    .select(['id', 'customer_id', 'currency', 'payee_name', 'status'])
    .where('id', '=', checkId(qrAccountId, 'QR account'))
    .where('customer_id', '=', checkId(customerId, 'QR account'))
    .forShare()
    .executeTakeFirst();
  if (!account) throw notFound('QR account');
  if (account.status !== 'open')
    throw new DomainError('QR_ACCOUNT_NOT_VALID', 'The QR account has been deleted');
  return account;
}

/** The shares asked for, checked; undefined for a plain request. */
function checkSplit(input: CreatePaymentRequestInput) {
  if (input.shares === undefined || input.shares === null) return undefined;
  const count = input.shares;
  if (typeof count !== 'number' || !Number.isInteger(count))
    throw splitError('shares', 'not_an_integer', 'shares must be a whole number');
  if (count < shareCountMin || count > shareCountMax)
    throw splitError(
      'shares',
      'range',
      `a bill is split into ${shareCountMin} to ${shareCountMax} shares`,
    );
  const one = input.oneSharePerPayer ?? true;
  if (typeof one !== 'boolean')
    throw splitError('oneSharePerPayer', 'not_a_boolean', 'oneSharePerPayer must be true or false');
  return { shareCount: count, oneSharePerPayer: one };
}

/** Every share at least one minor unit, the largest (the first) payable under the request cap. */
function splitAmounts(totalMinor: bigint, count: number, amountMax: bigint) {
  const shares = divideBill(totalMinor, count);
  if (shares.shareMinor < 1n)
    throw splitError('amount', 'too_small', 'the bill is too small for that many shares');
  const first = shareAmountMinor({ ...shares, shareCount: count, totalMinor }, 1);
  if (first > amountMax)
    throw splitError('amount', 'too_large', 'a share is above what one payment can be');
  return shares;
}

function splitError(field: string, reason: string, message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', message, { field, reason });
}

/**
 * Nobody can pay more than the full-login limit per payment (an EUR figure), so an EUR request
 * above it could never be paid. Other currencies are held to what tag 54 can carry; the payer's
 * limit check converts at the day's rate when they pay.
 */
function requestAmountMax(currency: string, settings: BankSettings): bigint {
  const codeMax = qrAmountMinorMax(currency);
  if (currency !== eur) return codeMax;
  const limit = settings['limits.full.perPayment'];
  return limit < codeMax ? limit : codeMax;
}

/** Bidirectional-text controls can make a note display as something else than it says. */
const refusedInNote = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/** Trimmed; empty means no note; control characters are refused, not silently dropped. */
export function normalizeNote(note: unknown): string | null {
  if (note === undefined || note === null) return null;
  if (typeof note !== 'string') throw noteError('not_a_string', 'Note must be text');
  const trimmed = note.normalize('NFC').trim();
  if (trimmed === '') return null;
  if (refusedInNote.test(trimmed))
    throw noteError('characters', 'Note must not contain control characters');
  if (Array.from(trimmed).length > noteLengthMax)
    throw noteError('too_long', `Note must be at most ${noteLengthMax} characters`);
  return trimmed;
}

function noteError(reason: string, message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', message, { field: 'note', reason });
}

/** One request of the customer; NOT_FOUND for others' and for account codes. */
export async function getPaymentRequest(
  db: Executor,
  customerId: string,
  id: string,
  context: Pick<QrContext, 'clock' | 'payload'>,
): Promise<PaymentRequestView> {
  const row = await selectRequest(db, customerId, id).executeTakeFirst();
  if (!row) throw notFound('payment request');
  return toRequestView(row, context.clock.now(), context.payload);
}

/** The operator's view (`smartpay request show`): any customer's request, with its owner. */
export async function getPaymentRequestForOperator(
  db: Executor,
  id: string,
  context: Pick<QrContext, 'clock' | 'payload'>,
): Promise<PaymentRequestView & { readonly customerId: string; readonly payeeName: string }> {
  const row = await db
    .selectFrom('qr_codes')
    .selectAll()
    .where('id', '=', checkId(id, 'payment request'))
    .where('kind', '=', 'request')
    .executeTakeFirst();
  if (!row) throw notFound('payment request');
  return {
    ...toRequestView(row, context.clock.now(), context.payload),
    customerId: row.customer_id,
    payeeName: row.payee_name,
  };
}

function selectRequest(db: Executor, customerId: string, id: string) {
  return db
    .selectFrom('qr_codes')
    .selectAll()
    .where('id', '=', checkId(id, 'payment request'))
    .where('customer_id', '=', checkId(customerId, 'payment request'))
    .where('kind', '=', 'request');
}

/**
 * "Anulo QR": only while open and unexpired. The row is locked so a payment of the same request
 * either finished before (QR_USED) or finds it cancelled.
 */
export async function cancelPaymentRequest(
  trx: Executor,
  customerId: string,
  id: string,
  context: Pick<QrContext, 'clock' | 'payload'>,
): Promise<PaymentRequestView> {
  const row = await selectRequest(trx, customerId, id).forUpdate().executeTakeFirst();
  if (!row) throw notFound('payment request');
  const now = context.clock.now();
  const refusal = closedCodeError(effectiveStatus(row, now), row.share_count !== null);
  if (refusal) throw refusal;
  const cancelled = await trx
    .updateTable('qr_codes')
    .set({ status: 'cancelled', cancelled_at: now })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(trx, {
    actor: customerActor(row.customer_id),
    action: 'qr.request.cancel',
    subject: row.id,
  });
  return toRequestView(cancelled, now, context.payload);
}

/** Writes down the expiry of open requests whose time has passed; returns how many. */
export async function sweepExpiredRequests(db: Executor, clock: Clock): Promise<number> {
  const result = await db
    .updateTable('qr_codes')
    .set({ status: 'expired' })
    .where('kind', '=', 'request')
    .where('status', '=', 'open')
    .where('expires_at', '<=', clock.now())
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
