/**
 * IBANs (ISO 13616): country code, two check digits (ISO 7064 MOD 97-10), then the country's
 * BBAN. Besides the checksum we check each country's BBAN layout from the SWIFT IBAN registry,
 * so a letter where the registry wants digits is refused even when the checksum happens to match.
 */
import { DomainError, assert } from './errors.ts';

/** ISO 13616 caps IBANs at 34 characters. */
export const ibanLengthMax = 34;
/** Input may be spaced ("XK05 1212 …"); anything longer than this is not worth reading. */
export const ibanTextLengthMax = 64;

/**
 * BBAN layouts in registry notation without the "!": 4a = 4 letters, 16n = 16 digits,
 * 12c = 12 letters or digits. The IBAN length is 4 + the layout's length.
 */
const bbanLayouts: Readonly<Record<string, string>> = {
  AL: '8n16c',
  AT: '16n',
  BA: '16n',
  BE: '12n',
  BG: '4a6n8c',
  CH: '5n12c',
  CZ: '20n',
  DE: '18n',
  DK: '14n',
  ES: '20n',
  FI: '14n',
  FR: '10n11c2n',
  GB: '4a14n',
  GR: '7n16c',
  HR: '17n',
  HU: '24n',
  IE: '4a14n',
  IT: '1a10n12c',
  LI: '5n12c',
  LU: '3n13c',
  ME: '18n',
  MK: '3n10c2n',
  NL: '4a10n',
  NO: '11n',
  PL: '24n',
  PT: '21n',
  RO: '4a16c',
  RS: '18n',
  SE: '20n',
  SI: '15n',
  SK: '20n',
  TR: '6n16c',
  XK: '16n',
};

interface CountryFormat {
  readonly length: number;
  readonly bban: RegExp;
}

const characterClasses: Readonly<Record<string, string>> = {
  n: '[0-9]',
  a: '[A-Z]',
  c: '[A-Z0-9]',
};

function compileLayout(layout: string): CountryFormat {
  const pieces = [...layout.matchAll(/([0-9]+)([nac])/g)];
  assert(
    pieces.map((piece) => piece[0]).join('') === layout,
    `BBAN layout ${layout} is well formed`,
  );
  let length = 4;
  let pattern = '';
  for (const [, count = '', kind = ''] of pieces) {
    length += Number.parseInt(count, 10);
    pattern += `${characterClasses[kind]}{${count}}`;
  }
  return { length, bban: new RegExp(`^${pattern}$`) };
}

const formats = new Map<string, CountryFormat>(
  Object.entries(bbanLayouts).map(([country, layout]) => [country, compileLayout(layout)]),
);

export const ibanCountries: readonly string[] = Object.freeze([...formats.keys()]);

/** Total IBAN length for a country, or undefined when the bank does not know its format. */
export function ibanLengthFor(country: string): number | undefined {
  return formats.get(country)?.length;
}

/** Upper case without spaces: the form IBANs are stored and compared in. */
export function normalizeIban(text: string): string {
  return text.replace(/ /g, '').toUpperCase();
}

/** The paper format: groups of four separated by single spaces. */
export function formatIban(iban: string): string {
  return normalizeIban(iban).replace(/(.{4})(?=.)/g, '$1 ');
}

export type IbanRejection =
  'not_a_string' | 'too_long' | 'characters' | 'country' | 'length' | 'format' | 'check_digits';

/** Why `text` is not a valid IBAN, or undefined when it is one. */
export function ibanProblem(text: unknown): IbanRejection | undefined {
  if (typeof text !== 'string') return 'not_a_string';
  if (text.length > ibanTextLengthMax) return 'too_long';
  const iban = normalizeIban(text);
  if (!/^[A-Z0-9]+$/.test(iban)) return 'characters';
  const format = formats.get(iban.slice(0, 2));
  if (format === undefined) return 'country';
  if (iban.length !== format.length) return 'length';
  if (!/^[0-9]{2}$/.test(iban.slice(2, 4)) || !format.bban.test(iban.slice(4))) return 'format';
  // 98 - x never yields 00, 01 or 99; refusing them also stops "01" standing in for "98".
  const check = iban.slice(2, 4);
  if (check === '00' || check === '01' || check === '99') return 'check_digits';
  if (mod97(iban.slice(4) + iban.slice(0, 4)) !== 1) return 'check_digits';
  return undefined;
}

export function isValidIban(text: unknown): boolean {
  return ibanProblem(text) === undefined;
}

/** Normalized IBAN, or VALIDATION_FAILED {field:'iban', reason} for anything else. */
export function parseIban(text: unknown): string {
  const problem = ibanProblem(text);
  if (problem !== undefined || typeof text !== 'string') {
    throw new DomainError('VALIDATION_FAILED', 'IBAN is not valid', {
      field: 'iban',
      reason: problem ?? 'not_a_string',
    });
  }
  return normalizeIban(text);
}

/** Adds the country code and the check digits to a BBAN that fits the country's layout. */
export function generateIban(country: string, bban: string): string {
  const format = formats.get(country);
  if (format === undefined) throw unknownCountry(country);
  if (!format.bban.test(bban)) {
    throw new DomainError('VALIDATION_FAILED', `BBAN does not fit the ${country} layout`, {
      field: 'bban',
      reason: 'format',
    });
  }
  const check = 98 - mod97(`${bban}${country}00`);
  return `${country}${twoDigits(check)}${bban}`;
}

/**
 * Bank code and account number digits of the national BBAN layouts that end in a two-digit
 * national check. Serbia, North Macedonia, Montenegro, Bosnia and Herzegovina, Slovenia and
 * Kosovo all use ISO 7064 MOD 97-10 over the preceding digits for it (checked against published
 * IBANs in the tests). BA's "account" is branch (3) + account (8); SI's bank code includes the branch.
 */
const nationalLayouts = new Map<string, { bankDigits: number; accountDigits: number }>([
  ['XK', { bankDigits: 4, accountDigits: 10 }],
  ['RS', { bankDigits: 3, accountDigits: 13 }],
  ['MK', { bankDigits: 3, accountDigits: 10 }],
  ['ME', { bankDigits: 3, accountDigits: 13 }],
  ['BA', { bankDigits: 3, accountDigits: 11 }],
  ['SI', { bankDigits: 5, accountDigits: 8 }],
]);

export const bbanCountries: readonly string[] = Object.freeze([...nationalLayouts.keys()]);

/**
 * bank code + account number + national check, the check being 98 - (digits × 100 mod 97).
 * A shorter account number is zero-padded on the left, as the national formats write it.
 */
export function makeBban(country: string, bankCode: string, accountNumber: string): string {
  const layout = nationalLayouts.get(country);
  if (layout === undefined) throw unknownCountry(country);
  requireDigits(bankCode, layout.bankDigits, layout.bankDigits, 'bankCode');
  requireDigits(accountNumber, 1, layout.accountDigits, 'accountNumber');
  const digits = bankCode + accountNumber.padStart(layout.accountDigits, '0');
  return `${digits}${twoDigits(98 - mod97(`${digits}00`))}`;
}

function requireDigits(value: string, lengthMin: number, lengthMax: number, field: string): void {
  const fits = /^[0-9]+$/.test(value) && value.length >= lengthMin && value.length <= lengthMax;
  if (!fits) {
    const size = lengthMin === lengthMax ? `${lengthMax}` : `up to ${lengthMax}`;
    throw new DomainError('VALIDATION_FAILED', `${field} must be ${size} digits`, {
      field,
      reason: 'format',
    });
  }
}

function unknownCountry(country: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `No IBAN format known for country ${country}`, {
    field: 'country',
    reason: 'country',
  });
}

function twoDigits(value: number): string {
  assert(Number.isInteger(value) && value >= 0 && value <= 99, 'two digits');
  return String(value).padStart(2, '0');
}

/**
 * Remainder mod 97 of the number formed by replacing A..Z with 10..35, computed digit by digit
 * so no big integer is ever built.
 */
function mod97(text: string): number {
  let remainder = 0;
  for (const char of text) {
    const value = Number.parseInt(char, 36);
    assert(value >= 0 && value < 36, 'alphanumeric input');
    remainder = (remainder * (value < 10 ? 10 : 100) + value) % 97;
  }
  return remainder;
}
