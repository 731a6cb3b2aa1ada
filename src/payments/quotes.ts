/**
 * The confirmation screen (guide §6): from a scanned payload, the payer's QR account and, for an
 * account code, the typed amount, everything the payer must see before "Përfundoni Pagesën":
 * payee, amount, fee, debit, rate, available balance and what remains of today's limits. The
 * quote is stored and holds its rate for the validity the bank sets (60 s by default).
 */
import type { Clock } from '../core/clock.ts';
import { bankDay } from '../core/clock.ts';
import { DomainError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { formatAmount, parseAmount } from '../core/money.ts';
import type { BankSettings } from '../core/settings.ts';
import type { Executor } from '../db/transaction.ts';
import type { Session } from '../identity/sessions.ts';
import {
  type PayloadSettings,
  type ResolvedCode,
  checkStoredCode,
  nextShareNumber,
  parseSmartPayPayload,
  shareAmountMinor,
  sharePaidAlready,
} from '../qr/index.ts';
import { isUuid } from '../ledger/accounts.ts';
import { duplicateSince, holdMinutes } from './assurance.ts';
import { limitRefusal, limitsForLevel, limitsView } from './limits.ts';
import { type Price, priceWith, rateText, totalDebit } from './pricing.ts';
import { type QuoteFacts, readQuoteFacts } from './quote-read.ts';
import { rateOfDay } from './rates.ts';
import { insufficientFunds } from './refusals.ts';
import { tariffFromRow } from './tariffs.ts';
import type { LimitsView, Quote } from './views.ts';

type QuotePayer = NonNullable<QuoteFacts['payer']>;

export interface PaymentDeps {
  readonly clock: Clock;
  readonly payload: PayloadSettings;
  readonly settings: BankSettings;
}

export interface QuoteInput {
  readonly payload: string;
  readonly fromQrAccountId: string;
  readonly amount?: string | undefined;
}

/**
 * One read (quote-read.ts), the decisions in memory in order of precedence (the code's
 * refusals, the payer's account, SAME_ACCOUNT, the amount, RATE_MISSING, limits, funds), one
 * insert. The quote decides nothing for good: confirm re-checks everything under locks.
 */
export async function createQuote(
  db: Executor,
  session: Session,
  input: QuoteInput,
  deps: PaymentDeps,
): Promise<Quote> {
  const parsed = parseSmartPayPayload(input.payload, deps.payload); // forged → no database work
  const now = deps.clock.now();
  const facts = await readQuoteFacts(db, {
    reference: parsed.reference,
    customerId: session.customerId,
    // A malformed id matches nothing: NOT_FOUND, after the code's own refusals.
    payerQrAccountId: isUuid(input.fromQrAccountId) ? input.fromQrAccountId : null,
    bankDay: bankDay(now),
    duplicateSince: duplicateSince(deps.settings, now),
  });
  const code = checkStoredCode(parsed, facts.code, now, deps.payload);
  const payer = facts.payer;
  if (!payer) throw new DomainError('NOT_FOUND', 'No such QR account');
  if (payer.bankAccountId === code.payee.bankAccountId)
    throw new DomainError(
      'SAME_ACCOUNT',
      'this code belongs to the account you are paying from: choose another account',
    );
  const split = code.code.split;
  if (split?.oneSharePerPayer && facts.payerPaidShare) throw sharePaidAlready();
  const amountMinor = amountToPay(code, input.amount);
  const price = priceWith(
    { amountMinor, currency: code.code.currency, debitCurrency: payer.currency },
    {
      payerPerEur: rateOfDay(payer.currency, facts.payerPerEur),
      payeePerEur: rateOfDay(code.code.currency, facts.payeePerEur),
    },
    tariffFromRow(payer.currency, facts.tariff),
  );
  const limits = limitsForLevel(deps.settings, session.level);
  const refusal = limitRefusal(limits, facts.usage, price.eurMinor);
  if (refusal) throw refusal;
  const available = payer.balanceMinor + payer.overdraftMinor;
  if (totalDebit(price) > available) throw insufficientFunds(available, payer.currency);
  const quoteId = newId();
  const expiresAt = new Date(
    now.getTime() + Number(deps.settings['quotes.validitySeconds']) * 1000,
  );
  await storeQuote(db, { quoteId, session, code, payer, price, now, expiresAt });
  const assurance = {
    firstTimePayee: facts.firstTimePayee,
    duplicateSuspected: facts.recentAmounts.includes(`${price.amountMinor}:${price.currency}`),
    coolingOff: facts.coolingOff,
  };
  return quoteView({
    assurance: { ...assurance, holdMinutes: holdMinutes(assurance, price.eurMinor) },
    quoteId,
    code,
    payer,
    price,
    available,
    expiresAt,
    limits: limitsView(session.level, limits, facts.usage),
  });
}

/** A request carries its amount; an account code needs the payer's. Anything else is refused. */
function amountToPay(code: ResolvedCode, typed: string | undefined): bigint {
  if (code.code.amountMinor !== null) {
    if (typed !== undefined && typed !== '')
      throw new DomainError('VALIDATION_FAILED', 'this code has its own amount: do not send one', {
        field: 'amount',
      });
    const split = code.code.split;
    return split ? shareAmountMinor(split, nextShareNumber(split)) : code.code.amountMinor;
  }
  if (typed === undefined || typed === '')
    throw new DomainError('VALIDATION_FAILED', 'enter the amount to pay', { field: 'amount' });
  return parseAmount(typed, code.code.currency);
}

interface StoredQuoteInput {
  readonly quoteId: string;
  readonly session: Session;
  readonly code: ResolvedCode;
  readonly payer: QuotePayer;
  readonly price: Price;
  readonly now: Date;
  readonly expiresAt: Date;
}

async function storeQuote(db: Executor, q: StoredQuoteInput): Promise<void> {
  await db
    .insertInto('payment_quotes')
    .values({
      id: q.quoteId,
      payer_customer_id: q.session.customerId,
      session_id: q.session.id,
      code_id: q.code.code.id,
      payer_qr_account_id: q.payer.qrAccountId,
      amount_minor: q.price.amountMinor,
      currency: q.price.currency,
      debit_minor: q.price.convertedMinor,
      debit_currency: q.price.debitCurrency,
      fee_minor: q.price.feeMinor,
      rate: rateText(q.price.rate),
      eur_minor: q.price.eurMinor,
      created_at: q.now,
      expires_at: q.expiresAt,
    })
    .execute();
}

function quoteView(q: {
  assurance: Pick<Quote, 'firstTimePayee' | 'duplicateSuspected' | 'holdMinutes'>;
  quoteId: string;
  code: ResolvedCode;
  payer: QuotePayer;
  price: Price;
  available: bigint;
  expiresAt: Date;
  limits: LimitsView;
}): Quote {
  const { price } = q;
  const rate = rateText(price.rate);
  return {
    quoteId: q.quoteId,
    kind: q.code.code.kind,
    payee: { name: q.code.payee.name },
    amount: formatAmount(price.amountMinor, price.currency),
    currency: price.currency,
    note: q.code.code.note,
    share: shareOf(q.code),
    fee: {
      amount: formatAmount(price.feeMinor, price.debitCurrency),
      currency: price.debitCurrency,
    },
    debit: {
      amount: formatAmount(totalDebit(price), price.debitCurrency),
      currency: price.debitCurrency,
    },
    rate: rate ? { value: rate, from: price.debitCurrency, to: price.currency } : null,
    from: { qrAccountId: q.payer.qrAccountId, iban: q.payer.iban, currency: q.payer.currency },
    available: { amount: formatAmount(q.available, q.payer.currency), currency: q.payer.currency },
    limits: q.limits,
    expiresAt: q.expiresAt.toISOString(),
    firstTimePayee: q.assurance.firstTimePayee,
    duplicateSuspected: q.assurance.duplicateSuspected,
    holdMinutes: q.assurance.holdMinutes,
  };
}

function shareOf(code: ResolvedCode): Quote['share'] {
  const split = code.code.split;
  if (!split) return null;
  return { number: nextShareNumber(split), count: split.shareCount, paidShares: split.paidShares };
}
