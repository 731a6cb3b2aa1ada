/**
 * The decision of a confirm, pure: from what the locked read saw, the outcome, first match in
 * this order of precedence (TigerBeetle's result codes, STYLE.md §13). The route documents the
 * codes these map to; the write batch runs only on `ok`, and the database re-checks the money
 * (conditional debit, CHECK constraint) and the single use (conditional UPDATE, unique index).
 */
import { DomainError } from '../core/errors.ts';
import { effectiveStatus } from '../qr/store.ts';
import { holdMinutes } from './assurance.ts';
import type { ConfirmFacts } from './confirm-read.ts';
import { type DailyUsage, type LevelLimitsMinor, limitError, limitOutcome } from './limits.ts';
import { insufficientFunds } from './refusals.ts';

export const confirmOutcomes = [
  'quote_not_found',
  'quote_used',
  'quote_expired',
  'qr_account_not_valid',
  'qr_cancelled',
  'qr_used',
  'qr_expired',
  'payer_account_not_found',
  'same_account',
  'limit_per_payment',
  'limit_count_per_day',
  'limit_per_day',
  'insufficient_funds',
  // Payee assurance (assurance.ts), asked only of a payment that could be made now.
  'duplicate_suspected',
  'held',
  'ok',
] as const;

export type ConfirmOutcome = (typeof confirmOutcomes)[number];

/** What the payment itself needs, checked again when a held payment is released. */
export type PaymentOutcome = Exclude<
  ConfirmOutcome,
  'quote_not_found' | 'quote_used' | 'quote_expired' | 'duplicate_suspected' | 'held'
>;

/** The outcomes that answer with a problem. */
export type ConfirmRefusalOutcome = Exclude<ConfirmOutcome, 'ok' | 'held'>;

export interface ConfirmOptions {
  /** The payer's second confirmation of a suspected duplicate. */
  readonly confirmDuplicate?: boolean;
}

/** What a confirm pays in total from the payer's account: the converted amount plus the fee. */
export function debitOf(quote: ConfirmFacts['quote']): bigint {
  return quote.debitMinor + quote.feeMinor;
}

export function decideConfirm(
  facts: ConfirmFacts | undefined,
  limits: LevelLimitsMinor,
  now: Date,
  options: ConfirmOptions = {},
): ConfirmOutcome {
  if (!facts) return 'quote_not_found';
  const { quote } = facts;
  if (quote.usedAt) return 'quote_used';
  if (quote.expiresAt <= now) return 'quote_expired';
  const payment = decidePayment(facts, limits, now);
  if (payment !== 'ok') return payment;
  if (facts.assurance.duplicateSuspected && options.confirmDuplicate !== true)
    return 'duplicate_suspected';
  if (holdMinutes(facts.assurance, quote.eurMinor) !== null) return 'held';
  return 'ok';
}

/** The payment's own checks, in the same order: at confirm, and again at a hold's release. */
export function decidePayment(
  facts: ConfirmFacts,
  limits: LevelLimitsMinor,
  now: Date,
): PaymentOutcome {
  const { quote, code, payee, payer } = facts;
  // Deleted account first: the guide's "account/ticket not valid" covers all its codes (§7.3).
  if (payee.accountStatus !== 'open') return 'qr_account_not_valid';
  const status = effectiveStatus({ status: code.status, expires_at: code.expiresAt }, now);
  if (status === 'cancelled') return 'qr_cancelled';
  if (status === 'closed') return 'qr_used';
  if (status === 'expired') return 'qr_expired';
  if (payer.accountStatus !== 'open') return 'payer_account_not_found';
  if (payer.bankAccountId === payee.bankAccountId) return 'same_account';
  const limit = limitOutcome(limits, facts.usage, quote.eurMinor);
  if (limit) return limit;
  if (debitOf(quote) > payer.balanceMinor + payer.overdraftMinor) return 'insufficient_funds';
  return 'ok';
}

/** The problem a refused outcome answers with. */
export function confirmRefusal(
  outcome: ConfirmRefusalOutcome,
  facts: ConfirmFacts | undefined,
  limits: LevelLimitsMinor,
  usage: DailyUsage = facts?.usage ?? { eurMinor: 0n, payments: 0 },
): DomainError {
  switch (outcome) {
    case 'quote_not_found':
      return new DomainError('NOT_FOUND', 'no such confirmation: scan the code again');
    case 'quote_used':
      return new DomainError(
        'QUOTE_EXPIRED',
        'this confirmation was already used: scan the code again',
      );
    case 'quote_expired':
      return new DomainError(
        'QUOTE_EXPIRED',
        'the confirmation expired: scan the code again for a fresh one',
      );
    case 'qr_account_not_valid':
      return new DomainError(
        'QR_ACCOUNT_NOT_VALID',
        'The QR account of this code has been deleted',
      );
    case 'qr_cancelled':
      return new DomainError('QR_CANCELLED', 'The QR code was cancelled');
    case 'qr_used':
      return new DomainError('QR_USED', 'The QR code has already been paid');
    case 'qr_expired':
      return new DomainError('QR_EXPIRED', 'The QR code has expired');
    case 'payer_account_not_found':
      return new DomainError('NOT_FOUND', 'No such QR account');
    case 'same_account':
      return new DomainError('SAME_ACCOUNT', 'payer and payee accounts are the same');
    case 'limit_per_payment':
    case 'limit_count_per_day':
    case 'limit_per_day':
      return limitError(outcome, limits, usage);
    case 'insufficient_funds': {
      const payer = facts?.payer;
      return insufficientFunds(
        payer ? payer.balanceMinor + payer.overdraftMinor : 0n,
        facts?.quote.debitCurrency ?? 'EUR',
      );
    }
    case 'duplicate_suspected':
      return new DomainError(
        'DUPLICATE_SUSPECTED',
        'you paid this payee the same amount a few minutes ago: confirm again with confirmDuplicate if you mean to pay twice',
      );
  }
}
