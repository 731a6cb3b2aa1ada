/**
 * Every refusal the app can meet, as a sentence in the user's language telling them what to do:
 * the API's error codes (src/core/errors.ts, checked complete by error-message.test.ts) and the
 * browser's own failures (network, camera, WebAuthn).
 */
import type { TFunction } from 'i18next';
import { errorCodes, type ErrorCode } from '../../../src/core/errors.ts';
import { isApiError } from '../api/client.ts';
import { displayAmount } from '../money/amount.ts';

export const clientErrorKeys = [
  'NETWORK',
  'UNKNOWN',
  'WEBAUTHN_CANCELLED',
  'WEBAUTHN_UNAVAILABLE',
  'CAMERA_DENIED',
  'CAMERA_UNAVAILABLE',
  'NO_QR_FOUND',
  'DECODER_FAILED',
] as const;

export type ClientErrorKey = (typeof clientErrorKeys)[number];
export type MessageKey = ErrorCode | ClientErrorKey;

export class ClientError extends Error {
  override readonly name = 'ClientError';
  constructor(readonly key: ClientErrorKey) {
    super(key);
  }
}

export function messageKeyOf(error: unknown): MessageKey {
  if (isApiError(error)) {
    if (error.code === 'NETWORK') return 'NETWORK';
    return (errorCodes as readonly string[]).includes(error.code) ? error.code : 'UNKNOWN';
  }
  if (error instanceof ClientError) return error.key;
  return 'UNKNOWN';
}

export function errorMessage(t: TFunction, error: unknown, language = 'sq'): string {
  const key = messageKeyOf(error);
  const details = isApiError(error) ? error.details : {};
  return t(`errors.${key}`, {
    limit: limitText(details.limit, language),
    seconds: typeof details.retryAfterSeconds === 'number' ? details.retryAfterSeconds : 60,
  });
}

/**
 * A limit as a person reads it: "8.000,00 EUR" for money, "3" for a count. Money arrives as a
 * decimal string in EUR (limits are in EUR) or as `{amount, currency}`; both are read.
 */
export function limitText(limit: unknown, language: string): string {
  if (typeof limit === 'number') return String(limit);
  if (typeof limit === 'string')
    return /^\d+(\.\d+)?$/.test(limit) ? `${displayAmount(limit, language)} EUR` : limit;
  if (typeof limit === 'object' && limit !== null) {
    const { amount, currency } = limit as { amount?: unknown; currency?: unknown };
    if (typeof amount === 'string' && typeof currency === 'string')
      return `${displayAmount(amount, language)} ${currency}`;
  }
  return '';
}
