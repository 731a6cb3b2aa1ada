/** How a payment request is shown: its stored fields, its payload and its status as of now. */
import { assert } from '../core/errors.ts';
import { formatAmount } from '../core/money.ts';
import type { QrCodeStatus } from '../db/schema.ts';
import { type CodeRow, type PayloadSettings, codePayload, effectiveStatus } from './store.ts';

export interface PaymentRequestView {
  readonly id: string;
  readonly qrAccountId: string;
  readonly reference: string;
  readonly payload: string;
  /** Decimal text in the currency's exponent, e.g. "12.50". */
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
  };
}
