/**
 * The refusals of the two payment use cases, in order of precedence (STYLE.md §13): what a route
 * documents in OpenAPI and what test/server/declared-outcomes.test.ts holds against the codes the
 * use cases can throw and the answers they give.
 */
import type { ErrorCode } from '../core/errors.ts';
import { resolveRefusals } from '../qr/resolve.ts';

/** `createQuote`: the code first (forged, deleted account, closed), then who pays, then money. */
export const quoteRefusals = [
  ...resolveRefusals,
  'NOT_FOUND',
  'SAME_ACCOUNT',
  'VALIDATION_FAILED',
  'RATE_MISSING',
  'LIMIT_PER_PAYMENT',
  'LIMIT_COUNT_PER_DAY',
  'LIMIT_PER_DAY',
  'INSUFFICIENT_FUNDS',
] as const satisfies readonly ErrorCode[];

/**
 * `confirmPayment`: the Idempotency-Key first (missing, reused with another body, its first
 * request still running), then the quote (unknown, used or expired), then everything the quote
 * checked, checked again under locks; last the payee-assurance question (a suspected duplicate).
 */
export const confirmRefusals = [
  'IDEMPOTENCY_KEY_REQUIRED',
  'IDEMPOTENCY_CONFLICT',
  'CONFLICT',
  'NOT_FOUND',
  'QUOTE_EXPIRED',
  ...resolveRefusals,
  'SAME_ACCOUNT',
  'LIMIT_PER_PAYMENT',
  'LIMIT_COUNT_PER_DAY',
  'LIMIT_PER_DAY',
  'INSUFFICIENT_FUNDS',
  'DUPLICATE_SUSPECTED',
] as const satisfies readonly ErrorCode[];

/** Cancelling a held payment ("Anulo"): someone else's or none, then no longer held. */
export const holdCancelRefusals = [
  'NOT_FOUND',
  'HOLD_NOT_CANCELLABLE',
] as const satisfies readonly ErrorCode[];

/** The refusals of a refund, shared by its quote and its confirm, in order of precedence. */
const refundRefusals = [
  'NOT_FOUND',
  'REFUND_NOT_PAYEE',
  'REFUND_OF_REFUND',
  'REFUND_WINDOW_CLOSED',
  'REFUND_EXCEEDS_REMAINING',
] as const satisfies readonly ErrorCode[];

/** `createRefundQuote`: the payment and who refunds it, the amount, then the refunder's money. */
export const refundQuoteRefusals = [
  ...refundRefusals,
  'VALIDATION_FAILED',
  'RATE_MISSING',
  'LIMIT_PER_PAYMENT',
  'LIMIT_COUNT_PER_DAY',
  'LIMIT_PER_DAY',
  'INSUFFICIENT_FUNDS',
] as const satisfies readonly ErrorCode[];

/** `confirmRefund`: the key, the quote, then everything the quote checked, under locks. */
export const refundConfirmRefusals = [
  'IDEMPOTENCY_KEY_REQUIRED',
  'IDEMPOTENCY_CONFLICT',
  'CONFLICT',
  'NOT_FOUND',
  'QUOTE_EXPIRED',
  ...refundRefusals,
  'LIMIT_PER_PAYMENT',
  'LIMIT_COUNT_PER_DAY',
  'LIMIT_PER_DAY',
  'INSUFFICIENT_FUNDS',
] as const satisfies readonly ErrorCode[];

/** `askRefund`: the reason, the payment (the asker must be its payer), what can be asked. */
export const askRefundRefusals = [
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'REFUND_OF_REFUND',
  'REFUND_WINDOW_CLOSED',
  'REFUND_EXCEEDS_REMAINING',
  'CONFLICT',
] as const satisfies readonly ErrorCode[];

/** `answerRefundRequest`: the request, then (accepting) everything a refund quote refuses. */
export const answerRefundRefusals = [
  'REFUND_REQUEST_NOT_OPEN',
  ...refundQuoteRefusals,
] as const satisfies readonly ErrorCode[];
