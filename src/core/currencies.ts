/**
 * ISO 4217 currencies the bank can hold: alphabetic code, numeric code (used in the EMV QR
 * payload, field 53) and minor-unit exponent. Every money computation takes its scale from here,
 * so no literal 100 appears in money code.
 */
import { DomainError } from './errors.ts';

export interface CurrencyInfo {
  readonly code: string;
  /** Three digits, zero-padded as ISO 4217 writes it ("008" for ALL). */
  readonly numeric: string;
  /** Number of decimals of the minor unit: 2 for EUR (cents), 0 for JPY, 3 for KWD. */
  readonly exponent: number;
}

const table = [
  { code: 'EUR', numeric: '978', exponent: 2 },
  { code: 'USD', numeric: '840', exponent: 2 },
  { code: 'GBP', numeric: '826', exponent: 2 },
  { code: 'CHF', numeric: '756', exponent: 2 },
  { code: 'ALL', numeric: '008', exponent: 2 },
  { code: 'MKD', numeric: '807', exponent: 2 },
  { code: 'RSD', numeric: '941', exponent: 2 },
  { code: 'BAM', numeric: '977', exponent: 2 },
  { code: 'TRY', numeric: '949', exponent: 2 },
  { code: 'JPY', numeric: '392', exponent: 0 },
  { code: 'KWD', numeric: '414', exponent: 3 },
  { code: 'BHD', numeric: '048', exponent: 3 },
  { code: 'SEK', numeric: '752', exponent: 2 },
  { code: 'NOK', numeric: '578', exponent: 2 },
  { code: 'DKK', numeric: '208', exponent: 2 },
  { code: 'PLN', numeric: '985', exponent: 2 },
  { code: 'HUF', numeric: '348', exponent: 2 },
  { code: 'CZK', numeric: '203', exponent: 2 },
  { code: 'CAD', numeric: '124', exponent: 2 },
  { code: 'AUD', numeric: '036', exponent: 2 },
] as const satisfies readonly CurrencyInfo[];

export type CurrencyCode = (typeof table)[number]['code'];

export const currencies: readonly CurrencyInfo[] = Object.freeze(
  table.map((entry) => Object.freeze({ ...entry })),
);

// Maps rather than object lookups, so input such as "constructor" can never hit a prototype key.
const byCode = new Map<string, CurrencyInfo>(currencies.map((info) => [info.code, info]));
const byNumeric = new Map<string, CurrencyInfo>(currencies.map((info) => [info.numeric, info]));

function notOffered(value: string, field: string): DomainError {
  return new DomainError('CURRENCY_NOT_OFFERED', `Currency ${value} is not offered`, {
    field,
    currency: value,
  });
}

/** Codes are matched exactly (upper case, as ISO 4217 and the database check write them). */
export function currencyInfo(code: string): CurrencyInfo {
  const info = typeof code === 'string' ? byCode.get(code) : undefined;
  if (info === undefined) throw notOffered(String(code), 'currency');
  return info;
}

export function currencyByNumeric(numeric: string): CurrencyInfo {
  const info = typeof numeric === 'string' ? byNumeric.get(numeric) : undefined;
  if (info === undefined) throw notOffered(String(numeric), 'currencyNumeric');
  return info;
}

export function isKnownCurrency(code: unknown): code is CurrencyCode {
  return typeof code === 'string' && byCode.has(code);
}

export function currencyExponent(code: string): number {
  return currencyInfo(code).exponent;
}

/** 10^exponent: how many minor units make one major unit (100 for EUR, 1 for JPY). */
export function minorUnitsPerMajor(code: string): bigint {
  return 10n ** BigInt(currencyExponent(code));
}
