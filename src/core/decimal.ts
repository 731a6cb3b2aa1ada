/**
 * Exact decimal text <-> scaled bigint, shared by amounts, rates and percents (DESIGN.md §2).
 * Text is read with a strict grammar straight into integers: no floating point ever touches it,
 * so "0.1" is exactly 1 tenth and a rounding mode is always chosen explicitly.
 */
import { DomainError, assert } from './errors.ts';

/** Longer input is refused before any work is done on it; the longest sane figure is far shorter. */
export const decimalTextLengthMax = 40;

/** Why a decimal text was refused; travels in DomainError details so tests and clients need no message matching. */
export type DecimalRejection =
  | 'not_a_string'
  | 'too_long'
  | 'empty'
  | 'whitespace'
  | 'sign'
  | 'exponent'
  | 'comma'
  | 'leading_dot'
  | 'trailing_dot'
  | 'leading_zero'
  | 'not_a_number'
  | 'too_many_decimals'
  | 'zero'
  | 'above_maximum';

export interface DecimalParts {
  readonly whole: string;
  readonly fraction: string;
}

/** Unsigned, no exponent, no separators, no leading zeros except a lone "0", digits on both sides of a dot. */
const plainDecimal = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;

/** Checked in order, so the first matching reason is the most useful one to show. */
const malformations: readonly (readonly [RegExp, DecimalRejection, string])[] = [
  [/^$/, 'empty', 'is required'],
  [/\s/, 'whitespace', 'must not contain spaces'],
  [/^[+-]/, 'sign', 'must not have a sign'],
  [/^[0-9.]+[eE][+-]?[0-9]+$/, 'exponent', 'must not use exponent notation'],
  [/,/, 'comma', 'must use a dot as decimal separator and no thousands separators'],
  [/^\./, 'leading_dot', 'needs a digit before the decimal point'],
  [/\.$/, 'trailing_dot', 'needs a digit after the decimal point'],
  [/^0[0-9]/, 'leading_zero', 'must not start with a zero'],
];

export function decimalError(
  field: string,
  reason: DecimalRejection,
  message: string,
  extra: Record<string, unknown> = {},
): DomainError {
  return new DomainError('VALIDATION_FAILED', message, { field, reason, ...extra });
}

function label(field: string): string {
  return field.charAt(0).toUpperCase() + field.slice(1);
}

/** Splits decimal text into its digit strings, or throws VALIDATION_FAILED naming `field`. */
export function splitDecimal(text: unknown, field: string): DecimalParts {
  if (typeof text !== 'string') {
    throw decimalError(field, 'not_a_string', `${label(field)} must be given as a string`);
  }
  if (text.length > decimalTextLengthMax) {
    const message = `${label(field)} must be at most ${decimalTextLengthMax} characters`;
    throw decimalError(field, 'too_long', message);
  }
  const match = plainDecimal.exec(text);
  if (match !== null) return { whole: match[1] ?? '0', fraction: match[2] ?? '' };
  const found = malformations.find(([pattern]) => pattern.test(text));
  const [reason, problem] = found
    ? [found[1], found[2]]
    : (['not_a_number', 'must be a decimal number such as 12.50'] as const);
  throw decimalError(field, reason, `${label(field)} ${problem}`);
}

/** The parts as an integer count of 10^-scale units; the caller has checked the decimals fit. */
export function scaleDecimal(parts: DecimalParts, scale: number): bigint {
  assert(parts.fraction.length <= scale, 'fraction fits the scale');
  return BigInt(parts.whole + parts.fraction.padEnd(scale, '0'));
}

export function powerOfTen(exponent: number): bigint {
  assert(Number.isSafeInteger(exponent) && exponent >= 0 && exponent <= 40, 'sane exponent');
  return 10n ** BigInt(exponent);
}

/** `units` × 10^-scale as text with exactly `scale` decimals; negatives get a leading "-". */
export function formatScaled(units: bigint, scale: number): string {
  assert(typeof units === 'bigint', 'units are a bigint');
  assert(Number.isSafeInteger(scale) && scale >= 0, 'scale is a whole number');
  const sign = units < 0n ? '-' : '';
  const digits = (units < 0n ? -units : units).toString().padStart(scale + 1, '0');
  const cut = digits.length - scale;
  const fraction = scale > 0 ? `.${digits.slice(cut)}` : '';
  return `${sign}${digits.slice(0, cut)}${fraction}`;
}

/**
 * numerator / denominator rounded to the nearest integer, ties to the even neighbour (banker's
 * rounding), so that many conversions do not drift the bank's positions one way.
 */
export function roundHalfEven(numerator: bigint, denominator: bigint): bigint {
  assert(denominator > 0n, 'denominator is positive');
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  let quotient = magnitude / denominator;
  const twiceRemainder = (magnitude % denominator) * 2n;
  const roundUp =
    twiceRemainder > denominator || (twiceRemainder === denominator && quotient % 2n === 1n);
  if (roundUp) quotient += 1n;
  return negative ? -quotient : quotient;
}
