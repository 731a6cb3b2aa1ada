/**
 * What the payer or payee types as an amount, turned into the API's decimal string ("12.50").
 * Pure string work: amounts are never parsed to floating point (STYLE.md §1); the server checks
 * them again and is the authority.
 */
import { currencies } from '../../../src/core/currencies.ts';

export type AmountProblem = 'empty' | 'format' | 'decimals' | 'zero' | 'tooLong';

export type AmountInput =
  | { readonly ok: true; readonly amount: string }
  | { readonly ok: false; readonly problem: AmountProblem; readonly decimalsMax: number };

/** Digits before the decimal separator: far above any limit, short enough to type. */
export const integerDigitsMax = 9;

export function decimalsOf(currency: string): number {
  return currencies.find((info) => info.code === currency)?.exponent ?? 2;
}

/**
 * Accepts "12", "12.5", "12,50", "1 234,50", "1.234,50" and "1,234,567" (Albanian writes a
 * decimal comma and may group thousands with dots or spaces). The last "." or "," is the decimal
 * separator unless it is one of several grouping the same way.
 */
export function parseAmountInput(text: string, currency: string): AmountInput {
  const decimalsMax = decimalsOf(currency);
  const fail = (problem: AmountProblem): AmountInput => ({ ok: false, problem, decimalsMax });
  const compact = text.trim().replace(/[\s\u00a0\u202f']/g, '');
  if (compact === '') return fail('empty');
  if (!/^[0-9.,]+$/.test(compact) || !/[0-9]/.test(compact)) return fail('format');
  const { whole, fraction } = splitDecimal(compact);
  if (!/^[0-9]*$/.test(whole) || !/^[0-9]*$/.test(fraction)) return fail('format');
  if (fraction.length > decimalsMax) return fail('decimals');
  const wholeDigits = whole.replace(/^0+(?=\d)/, '') || '0';
  if (wholeDigits.length > integerDigitsMax) return fail('tooLong');
  const amount =
    decimalsMax === 0 ? wholeDigits : `${wholeDigits}.${fraction.padEnd(decimalsMax, '0')}`;
  if (/^[0.]+$/.test(amount)) return fail('zero');
  return { ok: true, amount };
}

function splitDecimal(text: string): { whole: string; fraction: string } {
  const lastSeparator = Math.max(text.lastIndexOf('.'), text.lastIndexOf(','));
  if (lastSeparator < 0) return { whole: text, fraction: '' };
  const separator = text.charAt(lastSeparator);
  const after = text.slice(lastSeparator + 1);
  const separatorCount = text.split(separator).length - 1;
  // "1,234,567": the same separator repeated before groups of three digits is grouping. A single
  // one ("1.234") stays a decimal separator: for EUR it is then refused (too many decimals)
  // rather than guessed as 1234, since a wrong guess would pay a thousand times the amount.
  const otherSeparator = separator === '.' ? ',' : '.';
  const onlyGrouping =
    separatorCount > 1 && !text.includes(otherSeparator) && /^\d{1,3}([.,]\d{3})+$/.test(text);
  if (onlyGrouping) return { whole: text.replaceAll(separator, ''), fraction: '' };
  const whole = text.slice(0, lastSeparator).replace(/[.,](?=\d{3}(\D|$))/g, '');
  return { whole, fraction: after };
}

/** "1234.50" → "1,234.50" (en) or "1.234,50" (sq): grouping for reading, digits unchanged. */
export function displayAmount(amount: string, language: string): string {
  const negative = amount.startsWith('-');
  const [whole = '0', fraction] = (negative ? amount.slice(1) : amount).split('.');
  const [group, decimal] = language === 'en' ? [',', '.'] : ['.', ','];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return `${negative ? '−' : ''}${grouped}${fraction === undefined ? '' : decimal + fraction}`;
}

/** Decimals a person reads in an exchange rate: "0.92592593" → "0,9259". */
export const rateDecimalsShown = 4;

/** A rate's decimal text rounded half-up to rateDecimalsShown, by digits (never a float). */
export function displayRate(rate: string, language: string): string {
  const [whole = '0', fraction = ''] = rate.split('.');
  const padded = fraction.padEnd(rateDecimalsShown + 1, '0');
  let digits = `${whole}${padded.slice(0, rateDecimalsShown)}`;
  if ('56789'.includes(padded.charAt(rateDecimalsShown))) digits = incrementDigits(digits);
  const cut = digits.length - rateDecimalsShown;
  return displayAmount(`${digits.slice(0, cut) || '0'}.${digits.slice(cut)}`, language);
}

function incrementDigits(digits: string): string {
  const chars = [...digits];
  for (let index = chars.length - 1; index >= 0; index--) {
    if (chars[index] !== '9') {
      chars[index] = '0123456789'.charAt('0123456789'.indexOf(chars[index] ?? '0') + 1);
      return chars.join('');
    }
    chars[index] = '0';
  }
  return `1${chars.join('')}`;
}
