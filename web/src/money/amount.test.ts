import { describe, expect, it } from 'vitest';
import { displayAmount, displayRate, parseAmountInput } from './amount.ts';

describe('typed amounts become the API decimal string', () => {
  it.each([
    ['12', 'EUR', '12.00'],
    ['12.5', 'EUR', '12.50'],
    ['12,50', 'EUR', '12.50'],
    ['0,01', 'EUR', '0.01'],
    [' 1 234,50 ', 'EUR', '1234.50'],
    ['1.234,50', 'EUR', '1234.50'],
    ['1,234.50', 'USD', '1234.50'],
    ['1.234.567', 'EUR', '1234567.00'],
    ['007', 'EUR', '7.00'],
    ['1500', 'JPY', '1500'],
    ['1,250', 'KWD', '1.250'],
  ])('"%s" in %s is %s', (typed, currency, amount) => {
    expect(parseAmountInput(typed, currency)).toEqual({ ok: true, amount });
  });

  it.each([
    ['', 'EUR', 'empty'],
    ['   ', 'EUR', 'empty'],
    ['abc', 'EUR', 'format'],
    ['-5', 'EUR', 'format'],
    ['1e3', 'EUR', 'format'],
    ['12,505', 'EUR', 'decimals'],
    ['1.234', 'EUR', 'decimals'],
    ['12.5', 'JPY', 'decimals'],
    ['0', 'EUR', 'zero'],
    ['0,00', 'EUR', 'zero'],
    ['1234567890', 'EUR', 'tooLong'],
    [',', 'EUR', 'format'],
  ])('"%s" in %s is refused as %s', (typed, currency, problem) => {
    expect(parseAmountInput(typed, currency)).toMatchObject({ ok: false, problem });
  });

  it('tells how many decimals the currency allows', () => {
    expect(parseAmountInput('1.2345', 'KWD')).toMatchObject({ ok: false, decimalsMax: 3 });
  });
});

describe('amounts are grouped for reading without touching their digits', () => {
  it.each([
    ['12.50', 'sq', '12,50'],
    ['1234.50', 'sq', '1.234,50'],
    ['1234567.00', 'en', '1,234,567.00'],
    ['100', 'en', '100'],
    ['-8000.00', 'sq', '−8.000,00'],
  ])('%s in %s reads %s', (amount, language, shown) => {
    expect(displayAmount(amount, language)).toBe(shown);
  });
});

describe('displayRate', () => {
  it('shows four decimals, rounded half-up, in the language’s notation', () => {
    expect(displayRate('0.92592593', 'sq')).toBe('0,9259');
    expect(displayRate('1.08000000', 'en')).toBe('1.0800');
    expect(displayRate('0.99995000', 'sq')).toBe('1,0000');
    expect(displayRate('98.50000000', 'sq')).toBe('98,5000');
  });
});
