/**
 * The shape of the SmartPay payload (DESIGN.md §3) shared by the encoder (payload.ts) and the
 * parser (parse.ts): its types, fixed values and EMVCo's field limits.
 */
import { currencyInfo } from '../core/currencies.ts';
import { maxMinorFor } from '../core/money.ts';
import type { MacFields, MacKeyUsed, MacKeys } from './mac.ts';

export type CodeKind = 'account' | 'request';

export interface PayloadInput {
  readonly kind: CodeKind;
  readonly reference: string;
  /** ISO 4217 alphabetic; tag 53 carries its numeric code. */
  readonly currency: string;
  /** Requests only: minor units of `currency`. */
  readonly amountMinor?: bigint | null | undefined;
  /** The masked display name ("Arta K."), as maskName returns it. */
  readonly payeeName: string;
  readonly city: string;
  readonly country: string;
  readonly note?: string | null | undefined;
}

export interface PayloadSigning {
  readonly schemeId: string;
  readonly keys: MacKeys;
}

export interface ParsedPayload {
  readonly kind: CodeKind;
  readonly schemeId: string;
  readonly reference: string;
  readonly currency: string;
  readonly currencyNumeric: string;
  readonly amountMinor: bigint | null;
  /** The masked name with its own letters (tag 64/01). */
  readonly payeeName: string;
  /** The same name in upper-case ASCII (tag 59). */
  readonly payeeNameAscii: string;
  readonly language: string;
  readonly city: string;
  readonly country: string;
  /** The note as the payload carries it (ASCII, at most 25 characters), or null. */
  readonly note: string | null;
  readonly macKey: MacKeyUsed;
}

/** Point of initiation method (tag 01): reusable account code or single-use request. */
export const poiByKind = { account: '11', request: '12' } as const satisfies Record<
  CodeKind,
  string
>;
/** Merchant category (tag 52): 4829, money transfer. */
export const merchantCategory = '4829';
export const payloadLanguage = 'sq';
/** EMVCo's longest transaction amount (tag 54), in characters. */
export const amountTextLengthMax = 13;
/** EMVCo's longest merchant city (tag 60) and reference label (62/05). */
export const cityLengthMax = 15;
export const referenceLabelLengthMax = 25;

/** 26/01: at least 128 random bits in base32 (newCodeReference makes 160, 32 characters). */
export const referencePattern = /^[A-Z2-7]{26,32}$/;

/**
 * The largest amount a code can carry: SmartPay's own ceiling (maxMinorFor), lowered where the
 * text would not fit tag 54's 13 characters (999999999.999 for KWD).
 */
export function qrAmountMinorMax(currency: string): bigint {
  const { exponent } = currencyInfo(currency);
  const fits = 10n ** BigInt(amountTextLengthMax - (exponent > 0 ? 1 : 0)) - 1n;
  const ceiling = maxMinorFor(currency);
  return fits < ceiling ? fits : ceiling;
}

/** 62/05: the reference as far as EMVCo's 25-character reference label holds it. */
export function referenceLabel(reference: string): string {
  return reference.slice(0, referenceLabelLengthMax);
}

export function macFields(
  kind: CodeKind,
  reference: string,
  currencyNumeric: string,
  amount: string,
): MacFields {
  return { poi: poiByKind[kind], reference, currencyNumeric, amount };
}
