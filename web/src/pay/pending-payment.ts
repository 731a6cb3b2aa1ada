/**
 * The Idempotency-Key of a payment sent but not yet answered, kept in sessionStorage (this tab
 * only) until the answer arrives: a reload in between sends the same quote with the same key
 * again, so the server answers with the first payment instead of paying twice.
 */
export interface PendingPayment {
  readonly payload: string;
  readonly quoteId: string;
  readonly idempotencyKey: string;
  /** The payer confirmed a suspected duplicate (DUPLICATE_SUSPECTED) a second time. */
  readonly confirmDuplicate?: boolean;
}

const storageKey = 'smartpay.pendingPayment';

export const pendingPayment = {
  save(payment: PendingPayment): void {
    sessionStorage.setItem(storageKey, JSON.stringify(payment));
  },
  /** The payment of this payload that was sent without an answer, if any. */
  of(payload: string): PendingPayment | undefined {
    try {
      const stored = JSON.parse(
        sessionStorage.getItem(storageKey) ?? 'null',
      ) as PendingPayment | null;
      return stored?.payload === payload ? stored : undefined;
    } catch {
      return undefined;
    }
  },
  clear(): void {
    sessionStorage.removeItem(storageKey);
  },
};
