/**
 * Expected business outcomes carry a stable code (DESIGN.md §5). Services throw or return
 * DomainError; only http/ maps codes to HTTP statuses (http/problem.ts), in one table.
 */
export const errorCodes = [
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'CONFLICT',
  'UNAUTHENTICATED',
  'SESSION_EXPIRED',
  'FULL_LOGIN_REQUIRED',
  'NOT_ENROLLED',
  'INVALID_CREDENTIALS',
  'ACCOUNT_LOCKED',
  'OTP_INVALID',
  'OTP_EXPIRED',
  'OTP_THROTTLED',
  'SMARTOTP_DISABLED',
  'DEVICE_NOT_TRUSTED',
  'RATE_LIMITED',
  'ORIGIN_MISMATCH',
  'TERMS_VERSION_MISMATCH',
  'QR_INVALID',
  'QR_EXPIRED',
  'QR_USED',
  'QR_CANCELLED',
  'QR_ACCOUNT_NOT_VALID',
  'QR_ACCOUNT_EXISTS',
  'QUOTE_EXPIRED',
  'SAME_ACCOUNT',
  'LIMIT_PER_PAYMENT',
  'LIMIT_PER_DAY',
  'LIMIT_COUNT_PER_DAY',
  'INSUFFICIENT_FUNDS',
  'DUPLICATE_SUSPECTED',
  'HOLD_NOT_CANCELLABLE',
  'CURRENCY_NOT_OFFERED',
  'RATE_MISSING',
  'REFUND_EXCEEDS_REMAINING',
  'REFUND_WINDOW_CLOSED',
  'REFUND_NOT_PAYEE',
  'REFUND_OF_REFUND',
  'REFUND_REQUEST_NOT_OPEN',
  'IDEMPOTENCY_CONFLICT',
  'IDEMPOTENCY_KEY_REQUIRED',
  'RECEIPT_NOT_GENUINE',
  'OPERATOR_CHANNEL_BUSY',
  'SERVICE_UNAVAILABLE',
  'DATABASE_TIMEOUT',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export function isDomainError(error: unknown, code?: ErrorCode): error is DomainError {
  return error instanceof DomainError && (code === undefined || error.code === code);
}

/** For conditions that can only come from a bug: never for business outcomes. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}
