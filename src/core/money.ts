/**
 * Money (DESIGN.md §2): amounts are bigint minor units of their currency; the API speaks decimal
 * strings. Exchange rates and fee percents are exact scaled integers. Every division rounds half
 * to even, explicitly, in one function.
 */
import { currencyExponent, currencyInfo, minorUnitsPerMajor } from './currencies.ts';
import {
  decimalError,
  decimalTextLengthMax,
  formatScaled,
  powerOfTen,
  roundHalfEven,
  scaleDecimal,
  splitDecimal,
} from './decimal.ts';
import { DomainError, assert } from './errors.ts';

export { roundHalfEven } from './decimal.ts';
export type { DecimalRejection } from './decimal.ts';

/** No single amount in SmartPay may exceed one billion major units of its currency. */
export const amountMajorMax = 1_000_000_000n;
export const amountTextLengthMax = decimalTextLengthMax;

/** Rates carry exactly 8 decimals (DESIGN.md §2), like the per_eur numeric(20, 8) column. */
export const rateScale = 8;
/** Fee percents carry up to 4 decimals and lie in 0..100, like the tariffs.percent column. */
export const percentScale = 4;
export const percentMax = 100n;

const rateUnitsPerOne = powerOfTen(rateScale);
const percentUnitsPerOne = powerOfTen(percentScale);
const eur = 'EUR';
/** A percent is a hundredth. */
const perCent = 100n;

/** An exchange rate as `units` × 10^-8, always positive. */
export interface Rate {
  readonly units: bigint;
  readonly scale: typeof rateScale;
}

/** A percent as `units` × 10^-4 percent ("0.5" is 5000 units, i.e. 0.5 %). */
export interface Percent {
  readonly units: bigint;
  readonly scale: typeof percentScale;
}

export interface ParseAmountOptions {
  /** A tighter maximum in minor units (e.g. a limit); it can never raise maxMinorFor(currency). */
  readonly maxMinor?: bigint;
}

export function maxMinorFor(currency: string): bigint {
  return amountMajorMax * minorUnitsPerMajor(currency);
}

/** Parses a positive amount such as "12.50" into minor units of `currency`. */
export function parseAmount(
  text: unknown,
  currency: string,
  options: ParseAmountOptions = {},
): bigint {
  const { code, exponent } = currencyInfo(currency);
  const maxMinor = effectiveMax(code, options.maxMinor);
  const parts = splitDecimal(text, 'amount');
  if (parts.fraction.length > exponent) throw tooManyDecimals(code, exponent);
  const minor = scaleDecimal(parts, exponent);
  if (minor === 0n) throw decimalError('amount', 'zero', 'Amount must be greater than zero');
  if (minor > maxMinor) {
    const maximum = formatAmount(maxMinor, code);
    const message = `Amount must not be more than ${maximum} ${code}`;
    throw decimalError('amount', 'above_maximum', message, { maximum, currency: code });
  }
  return minor;
}

function effectiveMax(currency: string, requested: bigint | undefined): bigint {
  const ceiling = maxMinorFor(currency);
  if (requested === undefined) return ceiling;
  assert(requested > 0n, 'maxMinor is positive');
  return requested < ceiling ? requested : ceiling;
}

function tooManyDecimals(code: string, exponent: number): DomainError {
  const message =
    exponent === 0
      ? `${code} amounts are whole numbers, without decimals`
      : `${code} amounts have at most ${exponent} decimals`;
  return decimalError('amount', 'too_many_decimals', message, { currency: code });
}

/** Minor units as decimal text with the currency's exact decimals: "12.50", "-3.00", JPY "1500". */
export function formatAmount(minor: bigint, currency: string): string {
  return formatScaled(minor, currencyExponent(currency));
}

export function rateFromUnits(units: bigint): Rate {
  assert(typeof units === 'bigint' && units > 0n, 'a rate is positive');
  return Object.freeze({ units, scale: rateScale });
}

/** Parses a positive rate with at most 8 decimals, e.g. "117.25" or "0.00852300". */
export function parseRate(text: unknown): Rate {
  const parts = splitDecimal(text, 'rate');
  if (parts.fraction.length > rateScale) {
    const message = `Rate has at most ${rateScale} decimals`;
    throw decimalError('rate', 'too_many_decimals', message);
  }
  const units = scaleDecimal(parts, rateScale);
  if (units === 0n) throw decimalError('rate', 'zero', 'Rate must be greater than zero');
  return rateFromUnits(units);
}

/** Shortest exact text: trailing zeros dropped, "117.25", "0.008523", "2". */
export function formatRate(rate: Rate): string {
  return stripTrailingZeros(formatScaled(rate.units, rateScale));
}

function stripTrailingZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/**
 * `minor` of `from` in minor units of `to`, where `rate` is how many `to` one `from` buys.
 * minorTo = minor × rate × 10^expTo / 10^expFrom, in one exact division rounded half-even.
 */
export function convert(minor: bigint, from: string, to: string, rate: Rate): bigint {
  const numerator = minor * rate.units * minorUnitsPerMajor(to);
  return roundHalfEven(numerator, rateUnitsPerOne * minorUnitsPerMajor(from));
}

/**
 * The `from` amount whose value is `minorTo` of `to` at `rate`: the payer's debit when the payee
 * must receive exactly `minorTo`. Half-even; the bank's FX positions absorb the sub-unit rest.
 */
export function convertInverse(minorTo: bigint, from: string, to: string, rate: Rate): bigint {
  const numerator = minorTo * rateUnitsPerOne * minorUnitsPerMajor(from);
  return roundHalfEven(numerator, rate.units * minorUnitsPerMajor(to));
}

/**
 * Units of `to` per one `from`, from the bank's rates stored against EUR ("1 EUR = X"):
 * toPerEur / fromPerEur, rounded half-even to 8 decimals.
 */
export function crossRate(fromPerEur: Rate, toPerEur: Rate): Rate {
  const units = roundHalfEven(toPerEur.units * rateUnitsPerOne, fromPerEur.units);
  if (units === 0n) {
    throw new DomainError('VALIDATION_FAILED', 'Cross rate is below 0.00000001', {
      field: 'rate',
      reason: 'zero',
    });
  }
  return rateFromUnits(units);
}

/** The EUR equivalent in cents of `minor` of `currency`, at "1 EUR = perEur", for limits. */
export function toEur(minor: bigint, currency: string, perEur: Rate): bigint {
  if (currency === eur) assert(perEur.units === rateUnitsPerOne, 'the EUR rate of EUR is 1');
  return convertInverse(minor, eur, currency, perEur);
}

/** Parses a fee percent in 0..100 with at most 4 decimals; "0" is allowed (free tariffs). */
export function parsePercent(text: unknown): Percent {
  const parts = splitDecimal(text, 'percent');
  if (parts.fraction.length > percentScale) {
    const message = `Percent has at most ${percentScale} decimals`;
    throw decimalError('percent', 'too_many_decimals', message);
  }
  const units = scaleDecimal(parts, percentScale);
  if (units > percentMax * percentUnitsPerOne) {
    throw decimalError('percent', 'above_maximum', `Percent must not be more than ${percentMax}`);
  }
  return Object.freeze({ units, scale: percentScale });
}

/** `percent` % of `minor` ("0.5" is half a percent), rounded half-even to a minor unit. */
export function percentOf(minor: bigint, percent: string | Percent): bigint {
  const { units } = typeof percent === 'string' ? parsePercent(percent) : percent;
  return roundHalfEven(minor * units, perCent * percentUnitsPerOne);
}
