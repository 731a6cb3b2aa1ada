/** How a payment request is shown: its stored fields, its payload and its status as of now. */
import { assert } from '../core/errors.ts';
import { formatAmount } from '../core/money.ts';
import { shareAmountMinor, splitOf } from './split.ts';
import { type CodeRow, type PayloadSettings, codePayload, effectiveStatus } from './store.ts';
import type { PaymentRequest, Split } from './views.ts';

/**
 * A payment request as the module answers it: the API's shape (views.ts PaymentRequest), with
 * its code reference and its amount in minor units for the bank's own use (not sent), and
 * without its payer's name: that is stored with the payment, so the payments module adds it
 * (payments/request-payers.ts withPayers).
 */
export type PaymentRequestView = Omit<PaymentRequest, 'paidBy'> & {
  readonly reference: string;
  readonly amountMinor: bigint;
};

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
    expiresAt: expiresAt.toISOString(),
    createdAt: row.created_at.toISOString(),
    closedAt: row.closed_at?.toISOString() ?? null,
    cancelledAt: row.cancelled_at?.toISOString() ?? null,
    paidByPaymentId: row.paid_by_payment_id,
    split: splitView(row),
  };
}

function splitView(row: CodeRow): Split | null {
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
