/**
 * Identifiers and random tokens. Row ids are UUID v7 (RFC 9562): the first 48 bits are the Unix
 * time in milliseconds, so new rows land at the right end of a B-tree index instead of at random
 * pages, and ids sort by creation time to the millisecond. Randomness can be injected for tests.
 */
import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import { DomainError, assert } from './errors.ts';

export type RandomBytes = (size: number) => Uint8Array;

export const systemRandomBytes: RandomBytes = (size) => cryptoRandomBytes(size);

export interface IdGenerator {
  newId(): string;
}

/** Largest Unix millisecond time a UUID v7 can hold (48 bits, year 10889). */
const uuidTimeMsMax = 2 ** 48 - 1;
/** 12 bits of rand_a and 62 of rand_b fit in 10 random bytes once version and variant are set. */
const uuidRandomBytes = 10;

export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A UUID v7 from a Unix time in ms and 10 random bytes (pure, so it can be tested exactly). */
export function uuidV7(unixMs: number, random: Uint8Array): string {
  assert(Number.isSafeInteger(unixMs) && unixMs >= 0 && unixMs <= uuidTimeMsMax, 'time fits');
  assert(random.length >= uuidRandomBytes, 'enough random bytes');
  const bytes = new Uint8Array(16);
  let time = BigInt(unixMs);
  for (let index = 5; index >= 0; index -= 1) {
    bytes[index] = Number(time & 0xffn);
    time >>= 8n;
  }
  bytes.set(random.subarray(0, uuidRandomBytes), 6);
  bytes[6] = 0x70 | ((bytes[6] ?? 0) & 0x0f); // version 7
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f); // variant 10 (RFC 9562)
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The Unix time in ms a UUID v7 was made at. */
export function uuidV7Time(id: string): number {
  assert(uuidPattern.test(id) && id[14] === '7', 'a UUID v7');
  return Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}

export function newId(): string {
  return uuidV7(Date.now(), systemRandomBytes(uuidRandomBytes));
}

export const systemIds: IdGenerator = { newId };

/**
 * Deterministic ids for tests: valid UUID v7 strings with time 0 and a counter, so they sort in
 * the order they were made and a test can predict them.
 */
export class SequentialIds implements IdGenerator {
  #next: number;

  constructor(first = 1) {
    assert(Number.isSafeInteger(first) && first >= 0, 'first is a whole number');
    this.#next = first;
  }

  newId(): string {
    const counter = this.#next.toString(16).padStart(12, '0');
    this.#next += 1;
    return `00000000-0000-7000-8000-${counter}`;
  }
}

/** Bearer secrets (sessions, challenges): 32 random bytes is 256 bits. */
export function randomToken(bytes = 32, random: RandomBytes = systemRandomBytes): string {
  assert(Number.isSafeInteger(bytes) && bytes >= 1 && bytes <= 1024, 'token size in 1..1024');
  return Buffer.from(random(bytes)).toString('base64url');
}

const base32Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32, upper case, without "=" padding (QR alphanumeric mode has no lower case). */
export function base32Encode(buf: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of buf) {
    value = ((value << 8) | byte) & 0xfff; // only the not yet emitted bits (< 13) matter
    bits += 8;
    while (bits >= 5) {
      out += base32Alphabet[(value >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += base32Alphabet[(value << (5 - bits)) & 31];
  return out;
}

/**
 * Inverse of base32Encode, accepting only its canonical output (upper case, no padding, unused
 * trailing bits zero), so every byte string has exactly one accepted spelling.
 */
export function base32Decode(text: string): Uint8Array {
  // 1, 3 and 6 leftover characters cannot come from whole bytes.
  if (
    typeof text !== 'string' ||
    !/^[A-Z2-7]*$/.test(text) ||
    [1, 3, 6].includes(text.length % 8)
  ) {
    throw notBase32();
  }
  const out = new Uint8Array(Math.floor((text.length * 5) / 8));
  let bits = 0;
  let value = 0;
  let index = 0;
  for (const char of text) {
    value = ((value << 5) | base32Alphabet.indexOf(char)) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      out[index] = (value >> (bits - 8)) & 0xff;
      index += 1;
      bits -= 8;
    }
  }
  if ((value & ((1 << bits) - 1)) !== 0) throw notBase32();
  return out;
}

function notBase32(): DomainError {
  return new DomainError('VALIDATION_FAILED', 'Text is not canonical base32', {
    field: 'base32',
    reason: 'format',
  });
}

/** Payment-code reference (DESIGN.md §3, tag 26/01): 160 random bits, 32 base32 characters. */
export function newCodeReference(random: RandomBytes = systemRandomBytes): string {
  return base32Encode(random(20));
}

const cifMin = 10_000_000;
const cifSpan = 90_000_000;
/** Largest multiple of the span below 2^32: draws at or above it are redrawn, to stay uniform. */
const cifDrawLimit = Math.floor(2 ** 32 / cifSpan) * cifSpan;
/** Each draw is redrawn with probability 1.5 %; 64 failures in a row means a broken source. */
const cifDrawsMax = 64;

/** Customer number: 8 random digits, never a leading zero (so it survives spreadsheets). */
export function newCif(random: RandomBytes = systemRandomBytes): string {
  for (let draw = 0; draw < cifDrawsMax; draw += 1) {
    const bytes = random(4);
    const value = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0);
    if (value < cifDrawLimit) return String(cifMin + (value % cifSpan));
  }
  throw new Error(`assertion failed: random source gave ${cifDrawsMax} biased draws in a row`);
}
