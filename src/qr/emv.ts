/**
 * Generic EMVCo QR TLV (EMV QRCPS Merchant-Presented Mode): each data object is a 2-digit tag, a
 * 2-digit length and the value. Lengths count characters (Unicode code points), not bytes, as
 * the specification says for its "S" (any Unicode) format; the CRC runs over the UTF-8 bytes.
 * Nothing here knows SmartPay: payload.ts builds the SmartPay payload on top of it.
 */
import { DomainError, assert } from '../core/errors.ts';

/** Longest payload we read or write, in characters; a SmartPay payload is about 300. */
export const payloadLengthMax = 512;
/** Two decimal digits of length: one data object holds 1..99 characters. */
export const valueLengthMax = 99;

export interface TlvField {
  readonly tag: string;
  readonly value: string;
}

/** Why a payload was refused; carried in DomainError details as `reason`, never matched as text. */
export type QrRejection =
  | 'not_a_string'
  | 'too_long'
  | 'characters'
  | 'truncated'
  | 'tag_format'
  | 'length_format'
  | 'duplicate_tag'
  | 'missing_tag'
  | 'unexpected_tag'
  | 'order'
  | 'crc'
  | 'format'
  | 'version'
  | 'poi'
  | 'category'
  | 'scheme'
  | 'reference'
  | 'mac'
  | 'currency'
  | 'amount'
  | 'unknown_code'
  | 'mismatch';

export function qrInvalid(reason: QrRejection, message: string): DomainError {
  return new DomainError('QR_INVALID', `QR code is not valid: ${message}`, { reason });
}

export function tlv(tag: string, value: string): TlvField {
  return { tag, value };
}

/** Character count as EMVCo counts it: code points, so "最佳运输" is 4. */
export function charLength(text: string): number {
  let count = 0;
  for (const _char of text) count += 1;
  return count;
}

export function encodeTlv(fields: readonly TlvField[]): string {
  return fields.map(encodeField).join('');
}

function encodeField(field: TlvField): string {
  assert(/^\d{2}$/.test(field.tag), `tag "${field.tag}" is two digits`);
  const length = charLength(field.value);
  assert(length >= 1 && length <= valueLengthMax, `tag ${field.tag} holds 1..99 characters`);
  return `${field.tag}${String(length).padStart(2, '0')}${field.value}`;
}

/**
 * Splits TLV text into its fields, in order. Refuses anything that is not exactly a sequence of
 * well-formed fields: a field running past the end, a non-numeric tag or length, a zero length,
 * or a tag given twice at this level (a second copy could disagree with the first).
 */
export function parseTlv(text: string): TlvField[] {
  if (typeof text !== 'string') throw qrInvalid('not_a_string', 'payload must be text');
  // Cheap bound first (UTF-16 units >= code points), then the exact one.
  if (text.length > payloadLengthMax * 2 || charLength(text) > payloadLengthMax)
    throw qrInvalid('too_long', `longer than ${payloadLengthMax} characters`);
  const chars = Array.from(text);
  const fields: TlvField[] = [];
  const seen = new Set<string>();
  for (let at = 0; at < chars.length;) {
    const field = readField(chars, at);
    if (seen.has(field.tag)) throw qrInvalid('duplicate_tag', `tag ${field.tag} appears twice`);
    seen.add(field.tag);
    fields.push({ tag: field.tag, value: field.value });
    at = field.next;
  }
  return fields;
}

function readField(chars: readonly string[], at: number) {
  if (at + 4 > chars.length) throw qrInvalid('truncated', 'a data object is cut short');
  const tag = chars.slice(at, at + 2).join('');
  const lengthText = chars.slice(at + 2, at + 4).join('');
  if (!/^\d{2}$/.test(tag)) throw qrInvalid('tag_format', `tag "${tag}" is not two digits`);
  if (!/^\d{2}$/.test(lengthText) || lengthText === '00')
    throw qrInvalid('length_format', `tag ${tag} has length "${lengthText}"`);
  const next = at + 4 + Number.parseInt(lengthText, 10);
  if (next > chars.length) throw qrInvalid('truncated', `tag ${tag} runs past the end`);
  return { tag, value: chars.slice(at + 4, next).join(''), next };
}

/** The fields by tag; parseTlv has already refused duplicates. */
export function fieldMap(fields: readonly TlvField[]): ReadonlyMap<string, string> {
  return new Map(fields.map((field) => [field.tag, field.value]));
}

/**
 * CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, not reflected, no final xor) of the text's
 * UTF-8 bytes, as 4 upper-case hex digits. EMVCo tag 63 covers everything before its value,
 * including "6304" itself.
 */
export function crc16CcittFalse(text: string): string {
  let crc = 0xffff;
  for (const byte of new TextEncoder().encode(text)) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit += 1) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

const crcTrailerLength = 8; // "6304" + 4 hex digits

/** Appends tag 63 with the CRC of everything before it. */
export function withCrc(body: string): string {
  const covered = `${body}6304`;
  return covered + crc16CcittFalse(covered);
}

/**
 * Checks that the text ends with tag 63 (as EMVCo requires it be last) holding the right CRC,
 * and returns the text before tag 63.
 */
export function checkCrc(text: string): string {
  const trailerAt = text.length - crcTrailerLength;
  const trailer = text.slice(trailerAt);
  if (trailerAt < 0 || !/^6304[0-9A-F]{4}$/.test(trailer))
    throw qrInvalid('crc', 'it does not end with a CRC (tag 63)');
  const covered = text.slice(0, trailerAt + 4);
  if (crc16CcittFalse(covered) !== trailer.slice(4)) throw qrInvalid('crc', 'the CRC is wrong');
  return text.slice(0, trailerAt);
}
