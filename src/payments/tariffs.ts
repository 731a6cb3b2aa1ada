/**
 * The bank's e-banking tariff per currency (DESIGN.md §1 "Fees"): a fixed part plus a percent of
 * the amount, kept between a minimum and an optional maximum. A tariff may be zero, and a
 * currency without a tariff row is free: a missing row must not stop customers from paying.
 */
import { currencyInfo } from '../core/currencies.ts';
import { formatScaled } from '../core/decimal.ts';
import { DomainError, assert } from '../core/errors.ts';
import {
  type Percent,
  formatAmount,
  maxMinorFor,
  parsePercent,
  percentOf,
  percentScale,
} from '../core/money.ts';
import { recordAudit } from '../db/audit.ts';
import type { Executor } from '../db/transaction.ts';

export interface Tariff {
  readonly currency: string;
  readonly fixedMinor: bigint;
  readonly percent: Percent;
  readonly minMinor: bigint;
  /** null: no ceiling. */
  readonly maxMinor: bigint | null;
}

export interface StoredTariff extends Tariff {
  readonly updatedAt: Date;
  readonly updatedBy: string;
}

export function zeroTariff(currency: string): Tariff {
  return {
    currency,
    fixedMinor: 0n,
    percent: parsePercent('0'),
    minMinor: 0n,
    maxMinor: null,
  };
}

/** The fee on a payment of `amountMinor`: fixed + percent (half-even), then min, then max. */
export function feeFor(tariff: Tariff, amountMinor: bigint): bigint {
  assert(amountMinor >= 0n, 'a payment amount is not negative');
  const fee = tariff.fixedMinor + percentOf(amountMinor, tariff.percent);
  const atLeastMin = fee < tariff.minMinor ? tariff.minMinor : fee;
  return tariff.maxMinor !== null && atLeastMin > tariff.maxMinor ? tariff.maxMinor : atLeastMin;
}

export function validateTariff(tariff: Tariff): Tariff {
  const { code } = currencyInfo(tariff.currency);
  const ceiling = maxMinorFor(code);
  const amounts = { fixed: tariff.fixedMinor, min: tariff.minMinor, max: tariff.maxMinor ?? 0n };
  for (const [field, value] of Object.entries(amounts)) {
    if (value < 0n || value > ceiling)
      throw invalid(field, `${field} must be between 0 and ${formatAmount(ceiling, code)}`);
  }
  if (tariff.maxMinor !== null && tariff.maxMinor < tariff.minMinor)
    throw invalid('max', 'max must not be below min');
  return { ...tariff, currency: code };
}

function invalid(field: string, message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', message, { field });
}

/** Replaces the currency's tariff (one row per currency) and audits old and new figures. */
export async function setTariff(db: Executor, input: Tariff, actor: string): Promise<StoredTariff> {
  const tariff = validateTariff(input);
  const previous = await findTariff(db, tariff.currency);
  const values = {
    fixed_minor: tariff.fixedMinor,
    percent: formatScaled(tariff.percent.units, percentScale),
    min_minor: tariff.minMinor,
    max_minor: tariff.maxMinor,
    updated_at: new Date(),
    updated_by: actor,
  };
  const row = await db
    .insertInto('tariffs')
    .values({ currency: tariff.currency, ...values })
    .onConflict((oc) => oc.column('currency').doUpdateSet(values))
    .returningAll()
    .executeTakeFirstOrThrow();
  const stored = toTariff(row);
  await recordAudit(db, {
    actor,
    action: 'tariff.set',
    subject: tariff.currency,
    details: { tariff: describeTariff(stored), previous: previous && describeTariff(previous) },
  });
  return stored;
}

/** The tariff as decimal strings in its currency, for audit records and operator output. */
export function describeTariff(tariff: Tariff): Record<string, string | null> {
  const amount = (minor: bigint) => formatAmount(minor, tariff.currency);
  return {
    currency: tariff.currency,
    fixed: amount(tariff.fixedMinor),
    percent: formatScaled(tariff.percent.units, percentScale).replace(/\.?0+$/, ''),
    min: amount(tariff.minMinor),
    max: tariff.maxMinor === null ? null : amount(tariff.maxMinor),
  };
}

export async function listTariffs(db: Executor): Promise<StoredTariff[]> {
  const rows = await db.selectFrom('tariffs').selectAll().orderBy('currency').execute();
  return rows.map(toTariff);
}

/** The tariff a payment in `currency` pays; the zero tariff when none is set. */
export async function tariffFor(db: Executor, currency: string): Promise<Tariff> {
  return (await findTariff(db, currency)) ?? zeroTariff(currency);
}

async function findTariff(db: Executor, currency: string): Promise<StoredTariff | undefined> {
  const row = await db
    .selectFrom('tariffs')
    .selectAll()
    .where('currency', '=', currency)
    .executeTakeFirst();
  return row && toTariff(row);
}

/** A tariff row as read by a query of its own (the quote's), or the zero tariff when absent. */
export function tariffFromRow(
  currency: string,
  row: {
    fixed_minor: bigint | null;
    percent: string | null;
    min_minor: bigint | null;
    max_minor: bigint | null;
  },
): Tariff {
  if (row.fixed_minor === null || row.percent === null || row.min_minor === null)
    return zeroTariff(currency);
  return {
    currency,
    fixedMinor: row.fixed_minor,
    percent: parsePercent(row.percent),
    minMinor: row.min_minor,
    maxMinor: row.max_minor,
  };
}

function toTariff(row: {
  currency: string;
  fixed_minor: bigint;
  percent: string;
  min_minor: bigint;
  max_minor: bigint | null;
  updated_at: Date;
  updated_by: string;
}): StoredTariff {
  return {
    currency: row.currency,
    fixedMinor: row.fixed_minor,
    percent: parsePercent(row.percent),
    minMinor: row.min_minor,
    maxMinor: row.max_minor,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}
