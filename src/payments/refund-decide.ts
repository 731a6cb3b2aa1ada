/**
 * The decisions of a refund, pure: from what a read saw, the first refusal in order of precedence
 * (STYLE.md §13), and the price. Quote and confirm decide with the same function; the confirm's
 * write batch re-checks what remains (conditional UPDATE, CHECK constraint) and the money
 * (conditional debit) in the database.
 */
import { DomainError, assert } from '../core/errors.ts';
import { type Rate, convert, crossRate, formatAmount, toEur } from '../core/money.ts';
import type { BankSettings } from '../core/settings.ts';
import { feeFor, tariffFromRow, zeroTariff } from './tariffs.ts';
import type { Price } from './pricing.ts';
import { rateOfDay } from './rates.ts';
import type { RefundFacts } from './refund-read.ts';

export const refundOutcomes = [
  'payment_not_found',
  'not_payee',
  'refund_of_refund',
  'window_closed',
  'exceeds_remaining',
  'ok',
] as const;

export type RefundOutcome = (typeof refundOutcomes)[number];

export const dayMs = 86_400_000;

/** What may still be refunded of the payment, in its currency. */
export function remainingOf(original: RefundFacts['original']): bigint {
  return original.amountMinor - original.refundedMinor;
}

/** Whether `customerId` may refund `amountMinor` of the payment now; the first refusal if not. */
export function decideRefund(
  facts: RefundFacts | undefined,
  customerId: string,
  amountMinor: bigint,
  now: Date,
  settings: BankSettings,
): RefundOutcome {
  if (!facts) return 'payment_not_found';
  const { original } = facts;
  if (original.payeeCustomerId !== customerId) return 'not_payee';
  if (original.refundOfPaymentId !== null) return 'refund_of_refund';
  const windowMs = Number(settings['refunds.windowDays']) * dayMs;
  if (now.getTime() >= original.createdAt.getTime() + windowMs) return 'window_closed';
  if (amountMinor > remainingOf(original)) return 'exceeds_remaining';
  return 'ok';
}

export function refundRefusal(
  outcome: Exclude<RefundOutcome, 'ok'>,
  facts: RefundFacts | undefined,
  settings: BankSettings,
): DomainError {
  switch (outcome) {
    case 'payment_not_found':
      return new DomainError('NOT_FOUND', 'no such payment');
    case 'not_payee':
      return new DomainError(
        'REFUND_NOT_PAYEE',
        'only the payee of a payment can refund it: ask the payee for a refund instead',
      );
    case 'refund_of_refund':
      return new DomainError('REFUND_OF_REFUND', 'this is a refund: a refund cannot be refunded');
    case 'window_closed':
      return new DomainError(
        'REFUND_WINDOW_CLOSED',
        `a payment can be refunded for ${settings['refunds.windowDays']} days after it was made`,
        { windowDays: Number(settings['refunds.windowDays']) },
      );
    case 'exceeds_remaining': {
      assert(facts, 'a refusal over the remaining amount has its payment');
      const { currency } = facts.original;
      return new DomainError(
        'REFUND_EXCEEDS_REMAINING',
        `at most ${formatAmount(remainingOf(facts.original), currency)} ${currency} remains to refund`,
        { remaining: formatAmount(remainingOf(facts.original), currency), currency },
      );
    }
  }
}

/**
 * A refund's price: the refunder pays exactly the refunded amount in the original currency (the
 * currency of the account that received the payment); the payer's account receives it converted
 * at the bank's cross rate of the day when its currency differs, like any payment. Free unless
 * the tariff setting `refunds.feeCharged` says refunds pay the e-banking fee. Limits count the
 * amount in EUR at the rate of the day.
 */
export function refundPrice(
  facts: RefundFacts,
  amountMinor: bigint,
  settings: BankSettings,
): Price {
  const from = facts.refunder.currency;
  const to = facts.recipientCurrency;
  assert(from === facts.original.currency, 'a payment arrives in its payee account currency');
  const refunderPerEur: Rate = rateOfDay(from, facts.refunderPerEur);
  const rate = from === to ? null : crossRate(refunderPerEur, rateOfDay(to, facts.recipientPerEur));
  const creditMinor = rate ? convert(amountMinor, from, to, rate) : amountMinor;
  if (creditMinor <= 0n)
    throw new DomainError('VALIDATION_FAILED', 'the refund is too small to convert', {
      field: 'amount',
    });
  const tariff =
    settings['refunds.feeCharged'] === 1n ? tariffFromRow(from, facts.tariff) : zeroTariff(from);
  return {
    amountMinor: creditMinor,
    currency: to,
    convertedMinor: amountMinor,
    debitCurrency: from,
    feeMinor: feeFor(tariff, amountMinor),
    rate,
    eurMinor: from === 'EUR' ? amountMinor : toEur(amountMinor, from, refunderPerEur),
  };
}
