/**
 * The quote the confirmation screen shows, kept fresh: shortly before it runs out it is asked
 * for again; when every figure the customer read is the same (amount, fee, debit, rate, limits)
 * the new quote takes its place silently, and only a changed figure is pointed out.
 */
import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/endpoints.ts';
import type { Quote } from '../api/types.ts';

/** Ask again this long before the quote runs out, so the new one is there in time. */
const refreshLeadMs = 4_000;

export interface QuoteInput {
  readonly payload: string;
  readonly fromId: string;
  /** For an account code: the typed amount; undefined until it is typed. */
  readonly amount: string | undefined;
  readonly needsAmount: boolean;
  /** No refresh while a payment of the current quote is on its way. */
  readonly paused: boolean;
}

export interface QuoteState {
  readonly quote: Quote | undefined;
  /** Made with the quote: every attempt to pay this quote sends the same key. */
  readonly idempotencyKey: string | undefined;
  readonly error: unknown;
  /** A refresh changed a figure the customer had read. */
  readonly changed: boolean;
  readonly loading: boolean;
  retry(): void;
}

interface Answer {
  readonly of: string;
  readonly quote?: Quote;
  readonly idempotencyKey?: string;
  readonly error?: unknown;
  readonly changed: boolean;
}

export function useQuote(input: QuoteInput): QuoteState {
  const { payload, fromId, amount, needsAmount, paused } = input;
  const [round, setRound] = useState(0);
  const [answer, setAnswer] = useState<Answer>({ of: '', changed: false });
  const ready = !needsAmount || amount !== undefined;
  const inputsKey = JSON.stringify([payload, fromId, amount ?? null, round]);
  const current = answer.of === inputsKey ? answer : undefined;

  useEffect(() => {
    if (!ready) return;
    let wanted = true;
    api.quote(payload, fromId, needsAmount ? amount : undefined).then(
      (quote) => {
        if (wanted)
          setAnswer({ of: inputsKey, quote, idempotencyKey: crypto.randomUUID(), changed: false });
      },
      (error: unknown) => {
        if (wanted) setAnswer({ of: inputsKey, error, changed: false });
      },
    );
    return () => {
      wanted = false;
    };
  }, [payload, fromId, amount, needsAmount, ready, inputsKey]);

  const retry = useCallback(() => setRound((value) => value + 1), []);
  const quote = current?.quote;
  useEffect(() => {
    if (!quote || paused) return;
    let wanted = true;
    const waitMs = Math.max(Date.parse(quote.expiresAt) - Date.now() - refreshLeadMs, 0);
    const timer = window.setTimeout(() => {
      api.quote(payload, quote.from.qrAccountId, needsAmount ? amount : undefined).then(
        (next) => {
          if (!wanted) return;
          setAnswer((previous) => ({
            of: previous.of,
            quote: next,
            idempotencyKey: crypto.randomUUID(),
            changed: previous.changed || !sameFigures(quote, next),
          }));
        },
        (error: unknown) => {
          if (wanted) setAnswer((previous) => ({ of: previous.of, error, changed: false }));
        },
      );
    }, waitMs);
    return () => {
      wanted = false;
      window.clearTimeout(timer);
    };
  }, [quote, paused, payload, amount, needsAmount]);

  return {
    quote,
    idempotencyKey: current?.idempotencyKey,
    error: current?.error,
    changed: current?.changed ?? false,
    loading: ready && current === undefined,
    retry,
  };
}

/** Every figure of the confirmation screen that a payer reads before paying. */
export function sameFigures(before: Quote, after: Quote): boolean {
  const money = (
    a: { amount: string; currency: string },
    b: { amount: string; currency: string },
  ) => a.amount === b.amount && a.currency === b.currency;
  return (
    before.amount === after.amount &&
    before.currency === after.currency &&
    before.payee.name === after.payee.name &&
    money(before.fee, after.fee) &&
    money(before.debit, after.debit) &&
    (before.rate?.value ?? null) === (after.rate?.value ?? null) &&
    before.from.qrAccountId === after.from.qrAccountId &&
    money(before.limits.perPayment, after.limits.perPayment) &&
    money(before.limits.remainingToday, after.limits.remainingToday) &&
    before.limits.paymentsRemainingToday === after.limits.paymentsRemainingToday
  );
}
