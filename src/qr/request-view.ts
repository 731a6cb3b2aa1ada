/** How a payment request is shown: its stored fields, its payload and its status as of now. */
import { assert } from '../core/errors.ts';
import { formatAmount } from '../core/money.ts';
import type { QrCodeStatus } from '../db/schema.ts';
import { shareAmountMinor, splitOf } from './split.ts';
import { type CodeRow, type PayloadSettings, codePayload, effectiveStatus } from './store.ts';

/** A split-bill request's shares: "3 nga 5 paguar", each 3.33 (the first 3.34). */
export interface SplitView {
  readonly shareCount: number;
  readonly paidShares: number;
  /** The whole bill, decimal text. */
  readonly total: string;
  /** The regular share (what the code's tag 54 carries) and the first share (+ remainder). */
  readonly shareAmount: string;
  readonly firstShareAmount: string;
  readonly oneSharePerPayer: boolean;
}

export interface PaymentRequestView {
  readonly id: string;
  readonly qrAccountId: string;
  readonly reference: string;
  readonly payload: string;
  /** Decimal text in the currency's exponent, e.g. "12.50"; a split's regular share. */
  readonly amount: string;
  readonly amountMinor: bigint;
  readonly currency: string;
  /** As of the clock: an open request past its expiry reads as expired before the sweep. */
  readonly status: QrCodeStatus;
  readonly note: string | null;
  readonly expiresAt: Date;
  readonly createdAt: Date;
  readonly closedAt: Date | null;
  readonly cancelledAt: Date | null;
  readonly paidByPaymentId: string | null;
  /** Null unless a split-bill request. */
  readonly split: SplitView | null;
}

export function toRequestView(
  row: CodeRow,
  now: Date,
  settings: PayloadSettings,
): PaymentRequestView {
  const { amount_minor: amountMinor, expires_at: expiresAt } = row;
  assert(row.kind === 'request' && amountMinor !== null && expiresAt !== null, 'a request row');
  return {
    id: row.id,
    qrAccountId: row.qr_account_id,
    reference: row.reference,
    payload: codePayload(row, settings),
    amount: formatAmount(amountMinor, row.currency),
    amountMinor,
    currency: row.currency,
    status: effectiveStatus(row, now),
    note: row.note,
    expiresAt,
    createdAt: row.created_at,
    closedAt: row.closed_at,
    cancelledAt: row.cancelled_at,
    paidByPaymentId: row.paid_by_payment_id,
    split: splitView(row),
  };
}

function splitView(row: CodeRow): SplitView | null {
  const split = splitOf(row);
  if (!split) return null;
  const money = (minor: bigint) => formatAmount(minor, row.currency);
  return {
    shareCount: split.shareCount,
    paidShares: split.paidShares,
    total: money(split.totalMinor),
    shareAmount: money(split.shareMinor),
    firstShareAmount: money(shareAmountMinor(split, 1)),
    oneSharePerPayer: split.oneSharePerPayer,
  };
}
