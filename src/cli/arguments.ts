/**
 * Reading command arguments. Commander checks that positionals are present, but the operator
 * channel receives raw JSON, so every command validates its arguments itself, in the same way.
 */
import type { Config } from '../core/config.ts';
import { currencyExponent } from '../core/currencies.ts';
import { splitDecimal } from '../core/decimal.ts';
import { DomainError } from '../core/errors.ts';
import { parseAmount } from '../core/money.ts';
import type { CommandArgs } from './registry.ts';

/** A required text argument. */
export function textArg(args: CommandArgs, name: string): string {
  const value = args[name];
  if (typeof value !== 'string' || value.trim() === '')
    throw new DomainError('VALIDATION_FAILED', `${name} is required`, { field: name });
  return value.trim();
}

export function optionalTextArg(args: CommandArgs, name: string): string | undefined {
  const value = args[name];
  if (value === undefined || value === false) return undefined;
  return textArg(args, name);
}

/** A whole number option within bounds, e.g. --limit. */
export function integerArg(
  args: CommandArgs,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const text = optionalTextArg(args, name);
  if (text === undefined) return fallback;
  const value = /^[0-9]{1,9}$/.test(text) ? Number.parseInt(text, 10) : Number.NaN;
  if (!(value >= min && value <= max))
    throw new DomainError(
      'VALIDATION_FAILED',
      `${name} must be a whole number from ${min} to ${max}`,
      {
        field: name,
      },
    );
  return value;
}

/** Currency codes are typed in any case; the bank must offer the currency. */
export function offeredCurrencyArg(config: Config, args: CommandArgs, name: string): string {
  const currency = textArg(args, name).toUpperCase();
  if (!config.currencies.includes(currency))
    throw new DomainError(
      'CURRENCY_NOT_OFFERED',
      `The bank does not offer ${currency} (offered: ${config.currencies.join(', ')})`,
      { field: name, currency },
    );
  return currency;
}

/**
 * An amount in `currency`. Overdrafts and tariff figures may be zero, which parseAmount (made for
 * payments) refuses; the grammar and the decimals rule stay the same.
 */
export function amountArg(
  args: CommandArgs,
  name: string,
  currency: string,
  options: { allowZero?: boolean } = {},
): bigint {
  const text = textArg(args, name);
  try {
    return options.allowZero && isZero(text, currency) ? 0n : parseAmount(text, currency);
  } catch (error) {
    if (error instanceof DomainError) throw renamed(error, name);
    throw error;
  }
}

function isZero(text: string, currency: string): boolean {
  const { whole, fraction } = splitDecimal(text, 'amount');
  return /^0*$/.test(whole + fraction) && fraction.length <= currencyExponent(currency);
}

/** "Amount must …" becomes "overdraft: Amount must …" so the operator knows which option. */
function renamed(error: DomainError, name: string): DomainError {
  if (name === 'amount') return error;
  return new DomainError(error.code, `${name}: ${error.message}`, {
    ...error.details,
    field: name,
  });
}
