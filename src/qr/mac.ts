/**
 * The payload's MAC (DESIGN.md §3, tag 26/02): HMAC-SHA-256 over the fields that decide where
 * money goes and how much, truncated to 128 bits. It makes a forged or edited code fail before
 * any database work; the name and note are display copies, checked against the database instead.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { base32Decode, base32Encode } from '../core/ids.ts';
import { assert, isDomainError } from '../core/errors.ts';

/** The current key signs; the previous one is still accepted while codes signed with it live. */
export interface MacKeys {
  readonly current: string;
  readonly previous?: string | undefined;
}

export interface MacFields {
  /** Point of initiation: "11" account code, "12" payment request. */
  readonly poi: string;
  readonly reference: string;
  readonly currencyNumeric: string;
  /** Tag 54 as written, or "" for an account code. */
  readonly amount: string;
}

export const macBytes = 16;
/** Versioned, so a future change of the canonical form cannot collide with this one. */
const macDomain = 'smartpay-qr-mac-v1';

/** One field per line: none of them can contain a line break, so the split is unambiguous. */
function canonical(fields: MacFields): string {
  return [macDomain, fields.poi, fields.reference, fields.currencyNumeric, fields.amount].join(
    '\n',
  );
}

function macOf(key: string, fields: MacFields): Buffer {
  assert(key.length > 0, 'a MAC key is set');
  const digest = createHmac('sha256', key).update(canonical(fields), 'utf8').digest();
  return digest.subarray(0, macBytes);
}

export function computeMac(keys: MacKeys, fields: MacFields): string {
  return base32Encode(macOf(keys.current, fields));
}

export type MacKeyUsed = 'current' | 'previous';

/**
 * Which key made `mac`, or undefined when neither did. Compared in constant time so the answer's
 * timing says nothing about how many leading bytes of a guess were right.
 */
export function verifyMac(keys: MacKeys, fields: MacFields, mac: string): MacKeyUsed | undefined {
  const given = decodeMac(mac);
  if (given === undefined) return undefined;
  if (timingSafeEqual(given, macOf(keys.current, fields))) return 'current';
  if (keys.previous !== undefined && timingSafeEqual(given, macOf(keys.previous, fields)))
    return 'previous';
  return undefined;
}

function decodeMac(mac: string): Buffer | undefined {
  try {
    const bytes = base32Decode(mac);
    return bytes.length === macBytes ? Buffer.from(bytes) : undefined;
  } catch (error) {
    if (isDomainError(error)) return undefined;
    throw error;
  }
}
