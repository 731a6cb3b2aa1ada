/**
 * Every live event a customer's open screens can hear (GET /api/events), as one union: the
 * server writes them (notify/events.ts recordEvents) and the web app reads them, both from this
 * module. Types only, no I/O, so the browser bundle can import it.
 *
 * On the wire each is one Server-Sent Event: `event:` is `type`, `data:` is the JSON of the
 * other fields (LiveEventData), `id:` is the event's position in the customer's log.
 * Money is a decimal string with its currency, as everywhere in the API.
 */

/** A payment reached one of the customer's QR accounts (account code or request). */
export interface PaymentReceived {
  readonly type: 'payment.received';
  readonly paymentId: string;
  /** Masked, as the payee's lists show it ("Besnik G."). */
  readonly payerName: string;
  readonly amount: string;
  readonly currency: string;
  readonly qrAccountId: string;
}

/** One of the customer's payment requests was paid (sent beside its payment.received). */
export interface RequestPaid {
  readonly type: 'request.paid';
  readonly requestId: string;
  readonly paymentId: string;
  readonly payerName: string;
  readonly amount: string;
  readonly currency: string;
}

/** The payee of one of the customer's payments refunded (part of) it. */
export interface RefundReceived {
  readonly type: 'refund.received';
  /** The refund, a payment of its own. */
  readonly paymentId: string;
  readonly refundOfPaymentId: string;
  /** Who refunded: the original payment's payee, masked. */
  readonly payeeName: string;
  /** What arrived, in the customer's account currency. */
  readonly amount: string;
  readonly currency: string;
  /** "Kthyer 5,00 nga 12,50": this refund of the original amount, in the original currency. */
  readonly refunded: string;
  readonly of: string;
  readonly originalCurrency: string;
}

/** A payer asks the customer (the payee) to refund one of the payments they received. */
export interface RefundRequested {
  readonly type: 'refund.requested';
  readonly requestId: string;
  readonly paymentId: string;
  readonly payerName: string;
  readonly amount: string;
  readonly currency: string;
  readonly reason: string;
}

/** The payee answered the customer's refund request (accepting starts the refund). */
export interface RefundRequestAnswered {
  readonly type: 'refund.request.answered';
  readonly requestId: string;
  readonly paymentId: string;
  readonly status: 'accepted' | 'declined';
  readonly payeeName: string;
  readonly amount: string;
  readonly currency: string;
}

/**
 * A payment the customer's cooling-off held was decided at its release time (to the payer):
 * released (money moved, `paymentId` is the payment) or refused (`code` says why; no money moved).
 */
export interface HoldDecided {
  readonly type: 'hold.decided';
  readonly holdId: string;
  readonly status: 'released' | 'refused';
  readonly paymentId: string | null;
  readonly code: string | null;
}

export type LiveEvent =
  | PaymentReceived
  | RequestPaid
  | RefundReceived
  | RefundRequested
  | RefundRequestAnswered
  | HoldDecided;

export type LiveEventType = LiveEvent['type'];

/** The `data:` of an event type on the wire: the event without its `type` (per member). */
export type LiveEventData<T extends LiveEventType = LiveEventType> = T extends LiveEventType
  ? Omit<Extract<LiveEvent, { type: T }>, 'type'>
  : never;
