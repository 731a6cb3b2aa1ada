/**
 * What a payment costs the payer: the payee always receives exactly the requested amount; the
 * payer's debit is that amount in the payer account's currency at the bank's cross rate (half-
 * even), plus the e-banking fee of the payer's currency. Limits count the debit in EUR, not the fee.
 */
import { type Rate, convertInverse, crossRate, formatRate, toEur } from '../core/money.ts';
import type { Executor } from '../db/transaction.ts';
import { rateFor } from './rates.ts';
import { type Tariff, feeFor, tariffFor } from './tariffs.ts';

export interface Price {
  readonly amountMinor: bigint;
  readonly currency: string;
  /** The amount in the payer's currency, before the fee. */
  readonly convertedMinor: bigint;
  readonly debitCurrency: string;
  readonly feeMinor: bigint;
  /** Units of the payee's currency for one unit of the payer's; null when they are the same. */
  readonly rate: Rate | null;
  readonly eurMinor: bigint;
}

export async function priceOf(
  db: Executor,
  amountMinor: bigint,
  currency: string,
  debitCurrency: string,
): Promise<Price> {
  const payerPerEur = await rateFor(db, debitCurrency);
  const payeePerEur = currency === debitCurrency ? payerPerEur : await rateFor(db, currency);
  return priceWith(
    { amountMinor, currency, debitCurrency },
    { payerPerEur, payeePerEur },
    await tariffFor(db, debitCurrency),
  );
}

/** The same, from rates and tariff already read (the quote reads them with everything else). */
export function priceWith(
  payment: { amountMinor: bigint; currency: string; debitCurrency: string },
  rates: { payerPerEur: Rate; payeePerEur: Rate },
  tariff: Tariff,
): Price {
  const { amountMinor, currency, debitCurrency } = payment;
  const rate = currency === debitCurrency ? null : crossRate(rates.payerPerEur, rates.payeePerEur);
  const convertedMinor = rate
    ? convertInverse(amountMinor, debitCurrency, currency, rate)
    : amountMinor;
  const feeMinor = feeFor(tariff, convertedMinor);
  const eurMinor =
    debitCurrency === 'EUR'
      ? convertedMinor
      : toEur(convertedMinor, debitCurrency, rates.payerPerEur);
  return { amountMinor, currency, convertedMinor, debitCurrency, feeMinor, rate, eurMinor };
}

export function totalDebit(price: Pick<Price, 'convertedMinor' | 'feeMinor'>): bigint {
  return price.convertedMinor + price.feeMinor;
}

export function rateText(rate: Rate | null): string | null {
  return rate ? formatRate(rate) : null;
}
