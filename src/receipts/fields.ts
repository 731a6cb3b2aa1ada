/**
 * What a receipt says, and the exact bytes its signature covers. The fields are what the printed
 * receipt shows (masked names, amount, fee, rate, time, short reference) and nothing more, so the
 * public verification page can show them without revealing anything the receipt did not.
 * Pure: no I/O, so the PDF, the PNG, the CLI and the server all sign and check the same bytes.
 */
import { base32Encode, type RandomBytes, systemRandomBytes } from '../core/ids.ts';

export type ReceiptKind = 'payment' | 'refund';

export interface ReceiptFields {
  readonly version: 1;
  readonly kind: ReceiptKind;
  /** Short reference printed on the receipt and in its verification address. */
  readonly reference: string;
  readonly payer: string;
  readonly payee: string;
  readonly amount: string;
  readonly currency: string;
  /** The payer's fee, in the payer account's currency. */
  readonly fee: string;
  readonly feeCurrency: string;
  /** Units of the payee's currency per unit of the payer's, when they differ (as quoted). */
  readonly rate: string | null;
  /** ISO 8601 UTC time of the payment. */
  readonly paidAt: string;
  /** For a refund: the reference of the original payment's receipt. */
  readonly refundOf: string | null;
}

/** The fixed order of the canonical encoding: never depends on how an object was built. */
const fieldOrder = [
  'version',
  'kind',
  'reference',
  'payer',
  'payee',
  'amount',
  'currency',
  'fee',
  'feeCurrency',
  'rate',
  'paidAt',
  'refundOf',
] as const satisfies readonly (keyof ReceiptFields)[];

const domainSeparator = 'SmartPay receipt v1\n';

/** The signed bytes: a domain separator, then the fields as JSON in the fixed order. */
export function canonicalReceiptBytes(fields: ReceiptFields): Uint8Array {
  return new TextEncoder().encode(domainSeparator + canonicalReceiptJson(fields));
}

export function canonicalReceiptJson(fields: ReceiptFields): string {
  const ordered: Record<string, unknown> = {};
  for (const key of fieldOrder) ordered[key] = fields[key];
  return JSON.stringify(ordered);
}

/**
 * Reads fields from untrusted JSON (a PDF's metadata, an API body): exactly the known keys with
 * the right types, or undefined. Extra or missing keys make it not a receipt.
 */
export function parseReceiptFields(value: unknown): ReceiptFields | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length !== fieldOrder.length || !fieldOrder.every((key) => keys.includes(key)))
    return undefined;
  const text = (key: string) => typeof record[key] === 'string' && record[key] !== '';
  const textOrNull = (key: string) => record[key] === null || text(key);
  const ok =
    record.version === 1 &&
    (record.kind === 'payment' || record.kind === 'refund') &&
    ['reference', 'payer', 'payee', 'amount', 'currency', 'fee', 'feeCurrency', 'paidAt'].every(
      text,
    ) &&
    textOrNull('rate') &&
    textOrNull('refundOf');
  return ok ? (record as unknown as ReceiptFields) : undefined;
}

/** 60 random bits as 12 base32 characters: short enough to read out, too many to guess. */
export const referenceLength = 12;
export const referencePattern = /^[A-Z2-7]{12}$/;

export function newReceiptReference(random: RandomBytes = systemRandomBytes): string {
  return base32Encode(random(8)).slice(0, referenceLength);
}

/** "7KQ2-M9XD-4TRA": groups of four for reading aloud or typing. */
export function formatReference(reference: string): string {
  return reference.match(/.{1,4}/g)?.join('-') ?? reference;
}

/** Accepts the grouped form, lower case and spaces, as people type it. */
export function normalizeReference(text: string): string {
  return text.replace(/[\s-]/g, '').toUpperCase();
}
