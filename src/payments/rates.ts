/**
 * The bank's exchange rates, quoted against EUR ("1 EUR = perEur units of the currency"), as
 * operators set them. Every change is a new row, so the history stays; the newest row of a
 * currency is its rate of the day. EUR is the base and always 1.
 */
import { currencyInfo } from '../core/currencies.ts';
import { formatScaled, powerOfTen } from '../core/decimal.ts';
import { DomainError } from '../core/errors.ts';
import { type Rate, formatRate, parseRate, rateFromUnits, rateScale } from '../core/money.ts';
import { recordAudit } from '../db/audit.ts';
import type { Executor } from '../db/transaction.ts';

export const baseCurrency = 'EUR';
export const eurRate: Rate = rateFromUnits(powerOfTen(rateScale));
/** per_eur is numeric(20, 8): at most 12 digits before the point. */
const rateUnitsMax = powerOfTen(20) - 1n;

export interface BankRate {
  readonly currency: string;
  readonly perEur: Rate;
  /** Undefined for EUR, which nobody sets. */
  readonly setAt: Date | undefined;
  readonly setBy: string | undefined;
}

export async function setRate(
  db: Executor,
  currency: string,
  perEur: Rate,
  actor: string,
): Promise<BankRate> {
  const code = currencyInfo(currency).code;
  if (code === baseCurrency)
    throw new DomainError('VALIDATION_FAILED', 'EUR is the base currency: its rate is always 1', {
      field: 'currency',
    });
  if (perEur.units > rateUnitsMax)
    throw new DomainError('VALIDATION_FAILED', 'Rate must be below 1000000000000', {
      field: 'rate',
    });
  const previous = await findStoredRate(db, code);
  const row = await db
    .insertInto('bank_rates')
    .values({ currency: code, per_eur: formatScaled(perEur.units, rateScale), set_by: actor })
    .returning(['set_at', 'set_by'])
    .executeTakeFirstOrThrow();
  await recordAudit(db, {
    actor,
    action: 'rates.set',
    subject: code,
    details: { perEur: formatRate(perEur), previous: previous && formatRate(previous.perEur) },
  });
  return { currency: code, perEur, setAt: row.set_at, setBy: row.set_by };
}

/** The rate of the day of every currency that has one, EUR (always 1) included. */
export async function currentRates(db: Executor): Promise<Map<string, Rate>> {
  const rates = await listCurrentRates(db);
  return new Map(rates.map((rate) => [rate.currency, rate.perEur]));
}

/** EUR first, then every currency with a rate, alphabetically, with who set it and when. */
export async function listCurrentRates(db: Executor): Promise<BankRate[]> {
  const rows = await db
    .selectFrom('bank_rates')
    .distinctOn('currency')
    .select(['currency', 'per_eur', 'set_at', 'set_by'])
    .where('currency', '<>', baseCurrency)
    .orderBy('currency')
    .orderBy('id', 'desc')
    .execute();
  const eur: BankRate = {
    currency: baseCurrency,
    perEur: eurRate,
    setAt: undefined,
    setBy: undefined,
  };
  return [eur, ...rows.map(toBankRate)];
}

/** The rate of the day of `currency`; RATE_MISSING when operators have not set one yet. */
export async function rateFor(db: Executor, currency: string): Promise<Rate> {
  if (currency === baseCurrency) return eurRate;
  return rateOfDay(currency, (await findStoredRate(db, currency))?.perEur ?? null);
}

/** The rate of the day from its stored text (or null when none is set): RATE_MISSING if absent. */
export function rateOfDay(currency: string, stored: string | Rate | null): Rate {
  if (currency === baseCurrency) return eurRate;
  if (stored === null)
    throw new DomainError('RATE_MISSING', `The bank has no exchange rate for ${currency}`, {
      currency,
    });
  return typeof stored === 'string' ? parseRate(stored) : stored;
}

async function findStoredRate(db: Executor, currency: string): Promise<BankRate | undefined> {
  const row = await db
    .selectFrom('bank_rates')
    .select(['currency', 'per_eur', 'set_at', 'set_by'])
    .where('currency', '=', currency)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && toBankRate(row);
}

function toBankRate(row: {
  currency: string;
  per_eur: string;
  set_at: Date;
  set_by: string;
}): BankRate {
  return {
    currency: row.currency,
    perEur: parseRate(row.per_eur),
    setAt: row.set_at,
    setBy: row.set_by,
  };
}
