/**
 * Payee assurance (issue 14 §2), the pure rules both the quote and the confirm apply to what
 * their one read saw (quote-read.ts, confirm-read.ts):
 *   - first-time payee: the payer has never completed a payment to this payee (customer); a
 *     refund the payer made to them is not a payment they chose, so it does not count;
 *   - duplicate: the payer paid (or has held) a payment to the same payee for the same amount
 *     within the bank's window (`payments.duplicateWindowMinutes`, 0 = off);
 *   - cooling-off: a first-time payment above the threshold the payer chose is held for the
 *     delay they chose, and released later by payments/holds.ts.
 * Not invariants (DESIGN.md §2) but questions asked before money moves: a duplicate check of
 * two confirms racing each other sees what was committed when its statement began.
 */
import type { BankSettings } from '../core/settings.ts';

export interface CoolingOff {
  readonly thresholdEurMinor: bigint;
  readonly delayMinutes: number;
}

export interface AssuranceFacts {
  readonly firstTimePayee: boolean;
  readonly duplicateSuspected: boolean;
  readonly coolingOff: CoolingOff | null;
}

/** The instant after which an earlier payment of the same amount is a suspected duplicate. */
export function duplicateSince(settings: BankSettings, now: Date): Date | null {
  const minutes = settings['payments.duplicateWindowMinutes'];
  return minutes === 0n ? null : new Date(now.getTime() - Number(minutes) * 60_000);
}

/** Minutes a payment of this EUR equivalent is held for, or null when it is not held. */
export function holdMinutes(facts: AssuranceFacts, eurMinor: bigint): number | null {
  const { coolingOff } = facts;
  if (!facts.firstTimePayee || !coolingOff) return null;
  return eurMinor > coolingOff.thresholdEurMinor ? coolingOff.delayMinutes : null;
}

export function coolingOffFrom(row: {
  readonly threshold_eur_minor: bigint | null;
  readonly delay_minutes: number | null;
}): CoolingOff | null {
  return row.threshold_eur_minor === null || row.delay_minutes === null
    ? null
    : { thresholdEurMinor: BigInt(row.threshold_eur_minor), delayMinutes: row.delay_minutes };
}
