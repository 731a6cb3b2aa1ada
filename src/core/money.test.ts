import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currencyExponent } from './currencies.ts';
import { isDomainError } from './errors.ts';
import {
  amountMajorMax,
  convert,
  convertInverse,
  crossRate,
  formatAmount,
  formatRate,
  maxMinorFor,
  parseAmount,
  parsePercent,
  parseRate,
  percentOf,
  rateFromUnits,
  roundHalfEven,
  toEur,
  type Rate,
} from './money.ts';

/** The code and details of the DomainError `action` throws, so tests never match message text. */
function refusal(action: () => unknown): { code: string; details: unknown } {
  try {
    action();
  } catch (error) {
    if (isDomainError(error)) return { code: error.code, details: error.details };
    throw error;
  }
  throw new Error('expected a DomainError, but nothing was thrown');
}

const currenciesByExponent = ['JPY', 'EUR', 'RSD', 'KWD'] as const;
const rate = (text: string): Rate => parseRate(text);

describe('parseAmount', () => {
  it.each([
    ['12', 'EUR', 1200n],
    ['12.5', 'EUR', 1250n],
    ['12.50', 'EUR', 1250n],
    ['0.01', 'EUR', 1n],
    ['0.50', 'EUR', 50n],
    ['1500', 'JPY', 1500n],
    ['1.234', 'KWD', 1234n],
    ['1000000000', 'EUR', 100_000_000_000n],
    ['1000000000.000', 'KWD', 1_000_000_000_000n],
  ])('reads "%s" %s as %s minor units', (text, currency, minor) => {
    expect(parseAmount(text, currency)).toBe(minor);
  });

  it.each(
    [
      { why: 'an empty string', text: '', currency: 'EUR', reason: 'empty' },
      { why: 'only whitespace', text: '   ', currency: 'EUR', reason: 'whitespace' },
      { why: 'a leading space', text: ' 12', currency: 'EUR', reason: 'whitespace' },
      { why: 'a trailing newline', text: '12\n', currency: 'EUR', reason: 'whitespace' },
      { why: 'a space between digits', text: '1 000', currency: 'EUR', reason: 'whitespace' },
      { why: 'a plus sign', text: '+12', currency: 'EUR', reason: 'sign' },
      { why: 'a minus sign', text: '-12', currency: 'EUR', reason: 'sign' },
      { why: 'exponent notation', text: '1e3', currency: 'EUR', reason: 'exponent' },
      { why: 'upper-case exponent notation', text: '1E3', currency: 'EUR', reason: 'exponent' },
      { why: 'a negative exponent', text: '1.5e-2', currency: 'EUR', reason: 'exponent' },
      { why: 'a decimal comma', text: '12,50', currency: 'EUR', reason: 'comma' },
      { why: 'a thousands separator', text: '1,000.00', currency: 'EUR', reason: 'comma' },
      { why: 'three decimals in EUR', text: '1.234', currency: 'EUR', reason: 'too_many_decimals' },
      { why: 'a decimal in JPY', text: '1.5', currency: 'JPY', reason: 'too_many_decimals' },
      { why: 'a zero decimal in JPY', text: '1.0', currency: 'JPY', reason: 'too_many_decimals' },
      { why: 'four decimals in KWD', text: '1.2345', currency: 'KWD', reason: 'too_many_decimals' },
      { why: 'zero', text: '0', currency: 'EUR', reason: 'zero' },
      { why: 'zero with decimals', text: '0.00', currency: 'EUR', reason: 'zero' },
      { why: 'zero in JPY', text: '0', currency: 'JPY', reason: 'zero' },
      { why: 'a leading dot', text: '.5', currency: 'EUR', reason: 'leading_dot' },
      { why: 'a trailing dot', text: '5.', currency: 'EUR', reason: 'trailing_dot' },
      { why: 'leading zeros', text: '007', currency: 'EUR', reason: 'leading_zero' },
      { why: 'a zero before a whole number', text: '01', currency: 'EUR', reason: 'leading_zero' },
      { why: 'doubled zeros before a dot', text: '00.50', currency: 'EUR', reason: 'leading_zero' },
      {
        why: 'a cent above the maximum',
        text: '1000000000.01',
        currency: 'EUR',
        reason: 'above_maximum',
      },
      {
        why: 'a yen above the maximum',
        text: '1000000001',
        currency: 'JPY',
        reason: 'above_maximum',
      },
      { why: 'more than 40 characters', text: '1'.repeat(41), currency: 'EUR', reason: 'too_long' },
      { why: 'letters', text: 'abc', currency: 'EUR', reason: 'not_a_number' },
      { why: 'NaN', text: 'NaN', currency: 'EUR', reason: 'not_a_number' },
      { why: 'Infinity', text: 'Infinity', currency: 'EUR', reason: 'not_a_number' },
      { why: 'hexadecimal', text: '0x10', currency: 'EUR', reason: 'not_a_number' },
      { why: 'two dots', text: '1.2.3', currency: 'EUR', reason: 'not_a_number' },
      { why: 'full-width digits', text: '１２', currency: 'EUR', reason: 'not_a_number' },
      { why: 'a currency symbol', text: '12€', currency: 'EUR', reason: 'not_a_number' },
    ].map((row) => [row.why, row] as const),
  )('refuses %s', (_why, { text, currency, reason }) => {
    expect(refusal(() => parseAmount(text, currency))).toEqual({
      code: 'VALIDATION_FAILED',
      details: expect.objectContaining({ field: 'amount', reason }),
    });
  });

  it.each([
    ['a number', 12.5],
    ['a bigint', 1250n],
    ['null', null],
    ['undefined', undefined],
    ['an object', { amount: '12.50' }],
  ])('refuses %s instead of a string', (_kind, value) => {
    expect(refusal(() => parseAmount(value, 'EUR'))).toEqual({
      code: 'VALIDATION_FAILED',
      details: { field: 'amount', reason: 'not_a_string' },
    });
  });

  it('refuses an amount in a currency the bank does not offer', () => {
    expect(refusal(() => parseAmount('12.50', 'XYZ')).code).toBe('CURRENCY_NOT_OFFERED');
  });

  it('applies a tighter maximum given by the caller, inclusively', () => {
    expect(parseAmount('100.00', 'EUR', { maxMinor: 10_000n })).toBe(10_000n);
    expect(refusal(() => parseAmount('100.01', 'EUR', { maxMinor: 10_000n })).details).toEqual({
      field: 'amount',
      reason: 'above_maximum',
      maximum: '100.00',
      currency: 'EUR',
    });
  });

  it('never lets a caller raise the maximum above one billion major units', () => {
    const options = { maxMinor: 10n ** 30n };
    expect(refusal(() => parseAmount('1000000000.01', 'EUR', options)).code).toBe(
      'VALIDATION_FAILED',
    );
  });

  it('has a maximum of one billion major units whatever the exponent', () => {
    expect(amountMajorMax).toBe(1_000_000_000n);
    expect(maxMinorFor('EUR')).toBe(100_000_000_000n);
    expect(maxMinorFor('JPY')).toBe(1_000_000_000n);
    expect(maxMinorFor('KWD')).toBe(1_000_000_000_000n);
  });

  it('formats any valid amount text back to the same figure with the full decimals', () => {
    const validText = fc.constantFrom(...currenciesByExponent).chain((currency) => {
      const exponent = currencyExponent(currency);
      const whole = fc.bigInt({ min: 0n, max: amountMajorMax - 1n });
      const fraction = fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: exponent });
      return fc.tuple(fc.constant(currency), whole, fraction);
    });
    fc.assert(
      fc.property(validText, ([currency, whole, fraction]) => {
        fc.pre(whole > 0n || /[1-9]/.test(fraction));
        const text = fraction === '' ? `${whole}` : `${whole}.${fraction}`;
        const exponent = currencyExponent(currency);
        const expected = exponent === 0 ? `${whole}` : `${whole}.${fraction.padEnd(exponent, '0')}`;
        expect(formatAmount(parseAmount(text, currency), currency)).toBe(expected);
      }),
    );
  });

  it('parses the formatted text of every positive amount up to the maximum back to itself', () => {
    const amounts = fc
      .constantFrom(...currenciesByExponent)
      .chain((currency) =>
        fc.tuple(fc.constant(currency), fc.bigInt({ min: 1n, max: maxMinorFor(currency) })),
      );
    fc.assert(
      fc.property(amounts, ([currency, minor]) => {
        expect(parseAmount(formatAmount(minor, currency), currency)).toBe(minor);
      }),
    );
  });
});

describe('formatAmount', () => {
  it.each([
    [1250n, 'EUR', '12.50'],
    [-300n, 'EUR', '-3.00'],
    [0n, 'EUR', '0.00'],
    [5n, 'EUR', '0.05'],
    [-5n, 'EUR', '-0.05'],
    [1500n, 'JPY', '1500'],
    [-7n, 'JPY', '-7'],
    [1234n, 'KWD', '1.234'],
    [1n, 'BHD', '0.001'],
  ])('writes %s minor units of %s as "%s"', (minor, currency, text) => {
    expect(formatAmount(minor, currency)).toBe(text);
  });

  it('refuses a currency the bank does not offer', () => {
    expect(refusal(() => formatAmount(1n, 'XYZ')).code).toBe('CURRENCY_NOT_OFFERED');
  });
});

describe('rates', () => {
  it('reads rates exactly, with trailing zeros or without', () => {
    expect(parseRate('117.25')).toEqual({ units: 11_725_000_000n, scale: 8 });
    expect(parseRate('0.00852300')).toEqual({ units: 852_300n, scale: 8 });
    expect(parseRate('0.00000001').units).toBe(1n);
    expect(parseRate('1').units).toBe(100_000_000n);
  });

  it.each([
    ['117.25', '117.25'],
    ['0.00852300', '0.008523'],
    ['2.00000000', '2'],
    ['100', '100'],
    ['10.50', '10.5'],
  ])('writes the rate "%s" as "%s"', (text, formatted) => {
    expect(formatRate(parseRate(text))).toBe(formatted);
  });

  it.each(
    [
      { why: 'zero', text: '0', reason: 'zero' },
      { why: 'zero with eight decimals', text: '0.00000000', reason: 'zero' },
      { why: 'a negative rate', text: '-1.5', reason: 'sign' },
      { why: 'a plus sign', text: '+1.5', reason: 'sign' },
      { why: 'nine decimals', text: '1.123456789', reason: 'too_many_decimals' },
      { why: 'exponent notation', text: '1e2', reason: 'exponent' },
      { why: 'a decimal comma', text: '1,5', reason: 'comma' },
      { why: 'an empty string', text: '', reason: 'empty' },
      { why: 'spaces', text: ' 1.5', reason: 'whitespace' },
      { why: 'a leading dot', text: '.5', reason: 'leading_dot' },
      { why: 'a trailing dot', text: '5.', reason: 'trailing_dot' },
      { why: 'leading zeros', text: '01.5', reason: 'leading_zero' },
      { why: 'garbage', text: 'rate', reason: 'not_a_number' },
      { why: 'a number instead of a string', text: 117.25, reason: 'not_a_string' },
    ].map((row) => [row.why, row] as const),
  )('refuses a rate with %s', (_why, { text, reason }) => {
    expect(refusal(() => parseRate(text))).toEqual({
      code: 'VALIDATION_FAILED',
      details: { field: 'rate', reason },
    });
  });

  it('formats every rate to text that parses back to the same rate', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 20n }), (units) => {
        expect(parseRate(formatRate(rateFromUnits(units)))).toEqual(rateFromUnits(units));
      }),
    );
  });
});

/** Reference rounding built differently: floor division first, then compare the remainder. */
function referenceHalfEven(numerator: bigint, denominator: bigint): bigint {
  let floor = numerator / denominator;
  if (numerator % denominator !== 0n && numerator < 0n) floor -= 1n;
  const twiceRemainder = (numerator - floor * denominator) * 2n;
  if (twiceRemainder > denominator) return floor + 1n;
  if (twiceRemainder < denominator) return floor;
  return floor % 2n === 0n ? floor : floor + 1n;
}

describe('roundHalfEven', () => {
  it.each([
    [25n, 10n, 2n],
    [35n, 10n, 4n],
    [-25n, 10n, -2n],
    [-35n, 10n, -4n],
    [149n, 100n, 1n],
    [151n, 100n, 2n],
    [-151n, 100n, -2n],
    [5n, 10n, 0n],
    [-5n, 10n, 0n],
    [15n, 10n, 2n],
    [0n, 7n, 0n],
    [42n, 1n, 42n],
  ])('rounds %s / %s to %s', (numerator, denominator, expected) => {
    expect(roundHalfEven(numerator, denominator)).toBe(expected);
  });

  it('agrees with a floor-based reference on any numerator and positive denominator', () => {
    const numerators = fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n });
    const denominators = fc.oneof(
      fc.bigInt({ min: 1n, max: 10n ** 20n }),
      fc.constantFrom(2n, 4n, 10n, 100n),
    );
    fc.assert(
      fc.property(numerators, denominators, (numerator, denominator) => {
        expect(roundHalfEven(numerator, denominator)).toBe(
          referenceHalfEven(numerator, denominator),
        );
      }),
    );
  });

  it('always lands within half a unit of the exact quotient', () => {
    fc.assert(
      fc.property(
        fc.bigInt(),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        (numerator, denominator) => {
          const distance = numerator - roundHalfEven(numerator, denominator) * denominator;
          expect((distance < 0n ? -distance : distance) * 2n <= denominator).toBe(true);
        },
      ),
    );
  });

  it('refuses a denominator that is not positive, as a bug', () => {
    expect(() => roundHalfEven(1n, 0n)).toThrow(/assertion failed/);
    expect(() => roundHalfEven(1n, -3n)).toThrow(/assertion failed/);
  });
});

describe('convert and convertInverse', () => {
  it('converts between currencies with different exponents', () => {
    expect(convert(10_000n, 'EUR', 'RSD', rate('117.25'))).toBe(1_172_500n);
    expect(convert(1000n, 'JPY', 'EUR', rate('0.00625'))).toBe(625n);
    expect(convert(10_000n, 'EUR', 'KWD', rate('0.33'))).toBe(33_000n);
    expect(convert(-10_000n, 'EUR', 'RSD', rate('117.25'))).toBe(-1_172_500n);
  });

  it('rounds an exact half to the even minor unit', () => {
    expect(convert(100n, 'EUR', 'JPY', rate('161.5'))).toBe(162n);
    expect(convert(100n, 'EUR', 'JPY', rate('162.5'))).toBe(162n);
  });

  it('finds the debit that delivers a requested amount', () => {
    expect(convertInverse(1_172_500n, 'EUR', 'RSD', rate('117.25'))).toBe(10_000n);
    // 10.00 RSD is 8.529 euro cents at 117.25
    expect(convertInverse(1000n, 'EUR', 'RSD', rate('117.25'))).toBe(9n);
    expect(convertInverse(625n, 'JPY', 'EUR', rate('0.00625'))).toBe(1000n);
  });

  it('refuses currencies the bank does not offer', () => {
    expect(refusal(() => convert(1n, 'EUR', 'XYZ', rate('1'))).code).toBe('CURRENCY_NOT_OFFERED');
    expect(refusal(() => convertInverse(1n, 'XYZ', 'EUR', rate('1'))).code).toBe(
      'CURRENCY_NOT_OFFERED',
    );
  });

  const pairs = fc.tuple(
    fc.constantFrom(...currenciesByExponent),
    fc.constantFrom(...currenciesByExponent),
    fc.bigInt({ min: 1n, max: 10n ** 14n }).map(rateFromUnits),
  );
  const amount = fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n });
  /** The exact rate in minor units of `to` per minor unit of `from`, as a fraction. */
  const minorRate = (from: string, to: string, r: Rate) => ({
    numerator: r.units * 10n ** BigInt(currencyExponent(to)),
    denominator: 10n ** 8n * 10n ** BigInt(currencyExponent(from)),
  });
  const abs = (value: bigint) => (value < 0n ? -value : value);

  it('gives the nearest minor unit of the target currency', () => {
    fc.assert(
      fc.property(pairs, amount, ([from, to, r], minor) => {
        const { numerator, denominator } = minorRate(from, to, r);
        const error = convert(minor, from, to, r) * denominator - minor * numerator;
        expect(abs(error) * 2n <= denominator).toBe(true);
      }),
    );
  });

  it('gives the nearest debit for the amount to deliver', () => {
    fc.assert(
      fc.property(pairs, amount, ([from, to, r], minorTo) => {
        const { numerator, denominator } = minorRate(from, to, r);
        const error = convertInverse(minorTo, from, to, r) * numerator - minorTo * denominator;
        expect(abs(error) * 2n <= numerator).toBe(true);
      }),
    );
  });

  it('drifts at most one minor unit there and back, starting from the coarser currency', () => {
    fc.assert(
      fc.property(pairs, amount, ([from, to, r], minor) => {
        const { numerator, denominator } = minorRate(from, to, r);
        const drift =
          numerator >= denominator
            ? convertInverse(convert(minor, from, to, r), from, to, r) - minor
            : convert(convertInverse(minor, from, to, r), from, to, r) - minor;
        expect(abs(drift) <= 1n).toBe(true);
      }),
    );
  });
});

describe('cross rates and EUR equivalents', () => {
  it('derives the rate between two currencies from their EUR rates', () => {
    expect(formatRate(crossRate(rate('117.25'), rate('100.5')))).toBe('0.85714286');
    expect(formatRate(crossRate(rate('1'), rate('117.25')))).toBe('117.25');
    expect(formatRate(crossRate(rate('117.25'), rate('117.25')))).toBe('1');
  });

  it('rounds a cross rate half to even at the eighth decimal', () => {
    expect(crossRate(rate('2'), rate('0.00000005')).units).toBe(2n);
    expect(crossRate(rate('2'), rate('0.00000007')).units).toBe(4n);
  });

  it('refuses a cross rate that rounds to zero', () => {
    expect(refusal(() => crossRate(rate('1000'), rate('0.00000001')))).toEqual({
      code: 'VALIDATION_FAILED',
      details: { field: 'rate', reason: 'zero' },
    });
  });

  it('counts a foreign amount at its EUR equivalent, half-even', () => {
    expect(toEur(1_172_500n, 'RSD', rate('117.25'))).toBe(10_000n);
    expect(toEur(16_150n, 'JPY', rate('161.5'))).toBe(10_000n);
    expect(toEur(50n, 'ALL', rate('100'))).toBe(0n);
    expect(toEur(150n, 'ALL', rate('100'))).toBe(2n);
  });

  it('counts euros as themselves and treats another EUR rate as a bug', () => {
    expect(toEur(12_345n, 'EUR', rate('1'))).toBe(12_345n);
    expect(() => toEur(12_345n, 'EUR', rate('1.1'))).toThrow(/assertion failed/);
  });
});

describe('percentOf', () => {
  it.each([
    [10_000n, '0.5', 50n],
    [12_345n, '1.25', 154n],
    [3n, '50', 2n],
    [1n, '50', 0n],
    [5n, '50', 2n],
    [12_345n, '0', 0n],
    [12_345n, '100', 12_345n],
    [10_000n, '0.0001', 0n],
    [1_000_000n, '0.0001', 1n],
  ])('takes of %s minor units %s percent as %s', (minor, percent, fee) => {
    expect(percentOf(minor, percent)).toBe(fee);
  });

  it('accepts an already parsed percent', () => {
    expect(percentOf(10_000n, parsePercent('2.5'))).toBe(250n);
  });

  it.each(
    [
      { why: 'more than 100 percent', text: '100.0001', reason: 'above_maximum' },
      { why: 'five decimals', text: '0.00001', reason: 'too_many_decimals' },
      { why: 'a negative percent', text: '-1', reason: 'sign' },
      { why: 'a percent sign', text: '1%', reason: 'not_a_number' },
      { why: 'an empty string', text: '', reason: 'empty' },
    ].map((row) => [row.why, row] as const),
  )('refuses a percent with %s', (_why, { text, reason }) => {
    expect(refusal(() => percentOf(100n, text))).toEqual({
      code: 'VALIDATION_FAILED',
      details: { field: 'percent', reason },
    });
  });
});

describe('money source', () => {
  it('uses no floating point in money code', () => {
    for (const file of ['money.ts', 'decimal.ts', 'currencies.ts']) {
      const source = readFileSync(new URL(file, import.meta.url), 'utf8');
      expect(source, file).not.toMatch(/parseFloat|\bNumber\(|Math\.round|toFixed|process\./);
    }
  });
});
