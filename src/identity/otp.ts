/**
 * SMS one-time codes: four digits (the guide), stored only as an HMAC bound to the challenge id,
 * so a database read does not reveal a live code and a code cannot be moved to another challenge.
 */
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

export const otpDigits = 4;
export const otpValidityMs = 3 * 60_000;
export const otpAttemptsMax = 3;
export const otpResendIntervalMs = 30_000;
export const otpResendsPerHourMax = 5;

export function newOtpCode(): string {
  return randomInt(0, 10 ** otpDigits)
    .toString()
    .padStart(otpDigits, '0');
}

export function otpHmac(key: string, challengeId: string, code: string): string {
  return createHmac('sha256', key).update(`${challengeId}:${code}`).digest('base64url');
}

export function otpMatches(
  key: string,
  challengeId: string,
  code: string,
  storedHmac: string,
): boolean {
  if (!/^\d{4}$/.test(code)) return false;
  const actual = Buffer.from(otpHmac(key, challengeId, code));
  const expected = Buffer.from(storedHmac);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export function maskPhone(phone: string): string {
  return `${phone.slice(0, 4)}${'•'.repeat(Math.max(0, phone.length - 7))}${phone.slice(-3)}`;
}
