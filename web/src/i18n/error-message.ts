/**
 * Every refusal the app can meet, as a sentence in the user's language telling them what to do:
 * the API's error codes (src/core/errors.ts, checked complete by error-message.test.ts) and the
 * browser's own failures (network, camera, WebAuthn).
 */
import type { TFunction } from 'i18next';
import { errorCodes, type ErrorCode } from '../../../src/core/errors.ts';
import { isApiError } from '../api/client.ts';

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

export const allMessageKeys: readonly MessageKey[] = [...errorCodes, ...clientErrorKeys];

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

export function errorMessage(t: TFunction, error: unknown): string {
  const key = messageKeyOf(error);
  const details = isApiError(error) ? error.details : {};
  return t(`errors.${key}`, {
    limit:
      typeof details.limit === 'string' || typeof details.limit === 'number' ? details.limit : '',
    seconds: typeof details.retryAfterSeconds === 'number' ? details.retryAfterSeconds : 60,
  });
}
