import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDomainError } from './errors.ts';
import {
  bbanCountries,
  formatIban,
  generateIban,
  ibanCountries,
  ibanLengthFor,
  ibanProblem,
  isValidIban,
  makeBban,
  normalizeIban,
  parseIban,
} from './iban.ts';

function refusal(action: () => unknown): { code: string; details: unknown } {
  try {
    action();
  } catch (error) {
    if (isDomainError(error)) return { code: error.code, details: error.details };
    throw error;
  }
  throw new Error('expected a DomainError, but nothing was thrown');
}

/** Published examples (SWIFT IBAN registry and national banks). */
const knownValid = [
  'XK051212012345678906',
  'AL47212110090000000235698741',
  'DE89370400440532013000',
  'GB82WEST12345698765432',
  'MK07250120000058984',
  'RS35260005601001611379',
  'ME25505000012345678951',
  'BA391290079401028494',
  'CH9300762011623852957',
  'AT611904300234573201',
  'NL91ABNA0417164300',
  'BE68539007547034',
  'FR1420041010050500013M02606',
  'IT60X0542811101000000123456',
  'SI56263300012039086',
  'HR1210010051863000160',
];

describe('isValidIban', () => {
  it.each(knownValid)('accepts the published IBAN %s', (iban) => {
    expect(isValidIban(iban)).toBe(true);
  });

  it('accepts spaces and lower case', () => {
    expect(isValidIban('XK05 1212 0123 4567 8906')).toBe(true);
    expect(isValidIban('gb82 west 1234 5698 7654 32')).toBe(true);
  });

  it.each(
    [
      { why: 'a changed digit', text: 'XK051212012345678907', problem: 'check_digits' },
      { why: 'swapped digits', text: 'DE89370400440532031000', problem: 'check_digits' },
      { why: 'a digit too many', text: 'XK0512120123456789061', problem: 'length' },
      { why: 'a digit too few', text: 'DE8937040044053201300', problem: 'length' },
      { why: 'an unknown country', text: 'ZZ051212012345678906', problem: 'country' },
      { why: 'a country without IBANs', text: 'US64SVBKUS6S3300958879', problem: 'country' },
      { why: 'a letter where digits belong', text: 'XK05121201234567890A', problem: 'format' },
      {
        why: 'digits where a bank code has letters',
        text: 'GB82123412345698765432',
        problem: 'format',
      },
      { why: 'letters as check digits', text: 'XKAB1212012345678906', problem: 'format' },
      {
        why: 'check digits 01 standing in for 98',
        text: 'ME01505000012345678951',
        problem: 'check_digits',
      },
      { why: 'punctuation', text: 'XK05-1212-0123-4567-8906', problem: 'characters' },
      { why: 'a tab instead of spaces', text: 'XK05\t1212012345678906', problem: 'characters' },
      { why: 'an empty string', text: '', problem: 'characters' },
      { why: 'a very long text', text: 'XK05 '.repeat(20), problem: 'too_long' },
      { why: 'a number', text: 1212012345, problem: 'not_a_string' },
    ].map((row) => [row.why, row] as const),
  )('refuses %s', (_why, { text, problem }) => {
    expect(isValidIban(text)).toBe(false);
    expect(ibanProblem(text)).toBe(problem);
  });
});

describe('IBAN text', () => {
  it('normalizes to upper case without spaces', () => {
    expect(normalizeIban(' xk05 1212 0123 4567 8906 ')).toBe('XK051212012345678906');
  });

  it('formats in groups of four', () => {
    expect(formatIban('XK051212012345678906')).toBe('XK05 1212 0123 4567 8906');
    expect(formatIban('mk07250120000058984')).toBe('MK07 2501 2000 0058 984');
  });

  it('parses valid input to the normalized form and refuses the rest with a reason', () => {
    expect(parseIban('xk05 1212 0123 4567 8906')).toBe('XK051212012345678906');
    expect(refusal(() => parseIban('XK051212012345678907'))).toEqual({
      code: 'VALIDATION_FAILED',
      details: { field: 'iban', reason: 'check_digits' },
    });
  });

  it('knows the IBAN length of the countries it serves', () => {
    const lengths = { XK: 20, AL: 28, MK: 19, RS: 22, DE: 22, GB: 22, FR: 27, IT: 27 };
    const more = { ME: 22, BA: 20, CH: 21, AT: 20, NL: 18, BE: 16 };
    for (const [country, length] of Object.entries({ ...lengths, ...more })) {
      expect(ibanLengthFor(country), country).toBe(length);
    }
    expect(ibanLengthFor('US')).toBeUndefined();
    expect(ibanLengthFor('constructor')).toBeUndefined();
  });
});

describe('generateIban and makeBban', () => {
  it('reproduces published IBANs from their BBANs', () => {
    for (const iban of knownValid) expect(generateIban(iban.slice(0, 2), iban.slice(4))).toBe(iban);
  });

  it('builds Kosovo BBANs with the MOD 97 national check', () => {
    expect(makeBban('XK', '1212', '0123456789')).toBe('1212012345678906');
    expect(generateIban('XK', makeBban('XK', '1212', '123456789'))).toBe('XK051212012345678906');
  });

  it('builds the national check of the region like the published IBANs', () => {
    expect(makeBban('RS', '260', '0056010016113')).toBe('260005601001611379');
    expect(makeBban('MK', '250', '1200000589')).toBe('250120000058984');
    expect(makeBban('ME', '505', '123456789')).toBe('505000012345678951');
    expect(makeBban('BA', '129', '00794010284')).toBe('1290079401028494');
    expect(makeBban('SI', '26330', '120390')).toBe('263300012039086');
  });

  it.each(
    [
      { why: 'a bank code too short', args: ['XK', '121', '0123456789'], field: 'bankCode' },
      { why: 'letters in the bank code', args: ['XK', '12A2', '0123456789'], field: 'bankCode' },
      {
        why: 'an account number too long',
        args: ['XK', '1212', '01234567890'],
        field: 'accountNumber',
      },
      { why: 'an empty account number', args: ['XK', '1212', ''], field: 'accountNumber' },
      {
        why: 'a country without a national check',
        args: ['DE', '37040044', '0532013000'],
        field: 'country',
      },
    ].map((row) => [row.why, row] as const),
  )('refuses to make a BBAN with %s', (_why, { args, field }) => {
    const [country = '', bankCode = '', accountNumber = ''] = args;
    expect(refusal(() => makeBban(country, bankCode, accountNumber))).toEqual({
      code: 'VALIDATION_FAILED',
      details: expect.objectContaining({ field }),
    });
  });

  it('refuses to generate an IBAN for an unknown country or a BBAN of the wrong shape', () => {
    expect(refusal(() => generateIban('ZZ', '1212012345678906')).details).toEqual({
      field: 'country',
      reason: 'country',
    });
    expect(refusal(() => generateIban('XK', '121201234567890')).details).toEqual({
      field: 'bban',
      reason: 'format',
    });
  });

  const digits = (minLength: number, maxLength: number) =>
    fc.string({ unit: fc.constantFrom(...'0123456789'), minLength, maxLength });
  /** Bank-code and account-number digits of each country makeBban supports. */
  const layouts: readonly (readonly [string, number, number])[] = [
    ['XK', 4, 10],
    ['RS', 3, 13],
    ['MK', 3, 10],
    ['ME', 3, 13],
    ['BA', 3, 11],
    ['SI', 5, 8],
  ];
  const generated = fc
    .constantFrom(...layouts)
    .chain(([country, bankDigits, accountDigits]) =>
      fc.tuple(fc.constant(country), digits(bankDigits, bankDigits), digits(1, accountDigits)),
    )
    .map(([country, bank, account]) => generateIban(country, makeBban(country, bank, account)));

  it('supports makeBban for exactly the countries the generator covers', () => {
    expect([...bbanCountries].sort()).toEqual(layouts.map(([country]) => country).sort());
  });

  it('always generates IBANs that validate', () => {
    fc.assert(
      fc.property(generated, (iban) => {
        expect(isValidIban(iban)).toBe(true);
      }),
    );
  });

  it('catches any single changed digit of a generated IBAN', () => {
    const change = fc.tuple(generated, fc.nat(), fc.integer({ min: 1, max: 9 }));
    fc.assert(
      fc.property(change, ([iban, seed, step]) => {
        const digitPositions = [...iban].flatMap((char, index) =>
          /[0-9]/.test(char) ? [index] : [],
        );
        const position = digitPositions[seed % digitPositions.length] ?? 2;
        const digit = (Number.parseInt(iban.charAt(position), 10) + step) % 10;
        const changed = `${iban.slice(0, position)}${digit}${iban.slice(position + 1)}`;
        expect(isValidIban(changed)).toBe(false);
      }),
    );
  });

  it('gives every country in its table an ISO 13616 length', () => {
    for (const country of ibanCountries) {
      expect(country).toMatch(/^[A-Z]{2}$/);
      expect(ibanLengthFor(country)).toBeGreaterThanOrEqual(15);
      expect(ibanLengthFor(country)).toBeLessThanOrEqual(34);
    }
  });
});
