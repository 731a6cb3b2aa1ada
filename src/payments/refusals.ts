/**
 * Refusals that carry money. Every figure in a problem body is a decimal string in the unit the
 * API speaks everywhere else, next to its currency (DESIGN.md §2 "Money"), whichever step of
 * the payment (quote or confirm) refuses.
 */
import { DomainError } from '../core/errors.ts';
import { formatAmount } from '../core/money.ts';

export function insufficientFunds(availableMinor: bigint, currency: string): DomainError {
  return new DomainError(
    'INSUFFICIENT_FUNDS',
    'the account does not have enough money for this payment and its fee',
    { available: formatAmount(availableMinor, currency), currency },
  );
}
