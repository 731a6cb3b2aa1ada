import { describe, expect, it } from 'vitest';
import {
  currencies,
  currencyByNumeric,
  currencyExponent,
  currencyInfo,
  isKnownCurrency,
  minorUnitsPerMajor,
} from './currencies.ts';
import { DomainError } from './errors.ts';

function expectNotOffered(action: () => unknown): void {
  expect(action).toThrow(DomainError);
  expect(action).toThrow(expect.objectContaining({ code: 'CURRENCY_NOT_OFFERED' }));
}

describe('currencies', () => {
  it('knows the ISO 4217 numeric code and exponent of the currencies the bank deals in', () => {
    expect(currencyInfo('EUR')).toEqual({ code: 'EUR', numeric: '978', exponent: 2 });
    expect(currencyInfo('USD')).toEqual({ code: 'USD', numeric: '840', exponent: 2 });
    expect(currencyInfo('ALL')).toEqual({ code: 'ALL', numeric: '008', exponent: 2 });
    expect(currencyInfo('JPY')).toEqual({ code: 'JPY', numeric: '392', exponent: 0 });
    expect(currencyInfo('KWD')).toEqual({ code: 'KWD', numeric: '414', exponent: 3 });
    expect(currencyInfo('BHD')).toEqual({ code: 'BHD', numeric: '048', exponent: 3 });
  });

  it('covers every currency the bank was asked to offer', () => {
    const required =
      'EUR USD GBP CHF ALL MKD RSD BAM TRY JPY KWD BHD SEK NOK DKK PLN HUF CZK CAD AUD';
    for (const code of required.split(' ')) expect(isKnownCurrency(code)).toBe(true);
  });

  it('has unique, well-formed codes in its table', () => {
    const codes = new Set(currencies.map((info) => info.code));
    const numerics = new Set(currencies.map((info) => info.numeric));
    expect(codes.size).toBe(currencies.length);
    expect(numerics.size).toBe(currencies.length);
    for (const info of currencies) {
      expect(info.code).toMatch(/^[A-Z]{3}$/);
      expect(info.numeric).toMatch(/^[0-9]{3}$/);
      expect([0, 2, 3]).toContain(info.exponent);
    }
  });

  it('finds a currency by its numeric code, as the QR payload carries it', () => {
    expect(currencyByNumeric('978').code).toBe('EUR');
    expect(currencyByNumeric('008').code).toBe('ALL');
    expect(currencyByNumeric('392').code).toBe('JPY');
  });

  it('refuses an unknown numeric code, including an unpadded one', () => {
    expectNotOffered(() => currencyByNumeric('999'));
    expectNotOffered(() => currencyByNumeric('8'));
  });

  it('refuses unknown, lower-case and prototype-named codes as not offered', () => {
    expectNotOffered(() => currencyInfo('XYZ'));
    expectNotOffered(() => currencyInfo('eur'));
    expectNotOffered(() => currencyInfo(''));
    expectNotOffered(() => currencyInfo('constructor'));
    expectNotOffered(() => currencyExponent('BTC'));
  });

  it('answers whether a code is known without throwing', () => {
    expect(isKnownCurrency('RSD')).toBe(true);
    expect(isKnownCurrency('XXX')).toBe(false);
    expect(isKnownCurrency('__proto__')).toBe(false);
    expect(isKnownCurrency(978)).toBe(false);
  });

  it('gives the exponent and the minor units per major unit', () => {
    expect(currencyExponent('EUR')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(minorUnitsPerMajor('EUR')).toBe(100n);
    expect(minorUnitsPerMajor('JPY')).toBe(1n);
    expect(minorUnitsPerMajor('KWD')).toBe(1000n);
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(currencies)).toBe(true);
    expect(Object.isFrozen(currencyInfo('EUR'))).toBe(true);
  });
});
