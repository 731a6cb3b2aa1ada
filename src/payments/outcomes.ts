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
