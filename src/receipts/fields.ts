/**
 * What a receipt says, and the exact bytes its signature covers. The fields are what the printed
 * receipt shows (masked names, amount, fee, rate, time, short reference) and nothing more, so the
 * public verification page can show them without revealing anything the receipt did not.
 * Pure: no I/O, so the PDF, the PNG, the CLI and the server all sign and check the same bytes.
 */
import { Type, type Static, type TString } from 'typebox';
import { base32Encode, type RandomBytes, systemRandomBytes } from '../core/ids.ts';

const Nullable = <T extends TString>(schema: T) => Type.Union([schema, Type.Null()]);

/**
 * The fields, as the API answers and checks them (the receipt routes, the web app's receipt);
 * parseReceiptFields reads them from untrusted JSON.
 */
export const ReceiptFieldsSchema = Type.Object(
  {
    version: Type.Literal(1),
    kind: Type.Union([Type.Literal('payment'), Type.Literal('refund')]),
    /** Short reference printed on the receipt and in its verification address. */
    reference: Type.String({ maxLength: 32 }),
    payer: Type.String({ maxLength: 64 }),
    payee: Type.String({ maxLength: 64 }),
    amount: Type.String({ maxLength: 40 }),
    currency: Type.String({ maxLength: 3 }),
    /** The payer's fee, in the payer account's currency. */
    fee: Type.String({ maxLength: 40 }),
    feeCurrency: Type.String({ maxLength: 3 }),
    /** Units of the payee's currency per unit of the payer's, when they differ (as quoted). */
    rate: Nullable(Type.String({ maxLength: 40 })),
    /** ISO 8601 UTC time of the payment. */
    paidAt: Type.String({ maxLength: 40 }),
    /** For a refund: the reference of the original payment's receipt. */
    refundOf: Nullable(Type.String({ maxLength: 32 })),
  },
  { additionalProperties: false, description: 'exactly what the receipt shows; signed as is' },
);
export type ReceiptFields = Static<typeof ReceiptFieldsSchema>;
export type ReceiptKind = ReceiptFields['kind'];

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

/** What canonicalReceiptBytes signs, in words, for those who check receipts themselves. */
export const signedBytesText =
  '"SmartPay receipt v1\\n" followed by the fields as JSON in the order of the fields schema';

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
