/**
 * What the refund use cases answer (refunds.ts, refund-requests.ts), each shape defined once as
 * a TypeBox schema beside the payments module's others (views.ts): the use cases return its
 * Static type, the refunds route (src/http/routes/refunds.ts) validates, filters and documents
 * with the schema, and the web app imports the type (web/src/api/types.ts). No I/O.
 */
import { Type, type Static } from 'typebox';
import {
  LimitsSchema,
  MoneySchema,
  PaymentSchema,
  QuoteSchema,
  RefundLinkSchema,
} from './views.ts';

/** The refund's confirmation screen ("Kthe pagesën"): a quote from the payee back to the payer. */
export const RefundQuoteSchema = Type.Object({
  quoteId: Type.String(),
  kind: Type.Literal('refund'),
  payee: Type.Object({ name: Type.String() }, { description: 'who receives the refund' }),
  amount: Type.String({ description: "what the payer's account receives" }),
  currency: Type.String(),
  note: Type.Null(),
  fee: MoneySchema,
  debit: MoneySchema,
  rate: QuoteSchema.properties.rate,
  from: QuoteSchema.properties.from,
  available: MoneySchema,
  limits: LimitsSchema,
  expiresAt: Type.String(),
  /** The refund link (views.ts RefundLink) as of this quote, with what remained before it. */
  refund: Type.Object({
    ...RefundLinkSchema.properties,
    amount: Type.String({ description: 'refunded by this refund, in the original currency' }),
    of: Type.String({ description: "the original payment's amount" }),
    remaining: Type.String({ description: 'what remained to refund before this refund' }),
  }),
});
export type RefundQuote = Static<typeof RefundQuoteSchema>;

/** "Kërko kthimin": the payer's request for a refund, as either party sees it. */
export const RefundRequestSchema = Type.Object({
  id: Type.String(),
  paymentId: Type.String(),
  amount: Type.String(),
  currency: Type.String(),
  reason: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('accepted'), Type.Literal('declined')]),
  /** Who asked (the payment's payer) and who is asked (its payee), masked. */
  payerName: Type.String(),
  payeeName: Type.String(),
  createdAt: Type.String(),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
});
export type RefundRequest = Static<typeof RefundRequestSchema>;

/** The refund requests waiting for the payee's answer. */
export const RefundRequestListSchema = Type.Object({ items: Type.Array(RefundRequestSchema) });
export type RefundRequestList = Static<typeof RefundRequestListSchema>;

/** A payment's refunds (oldest first) and refund requests (newest first), for its two parties. */
export const RefundsOfPaymentSchema = Type.Object({
  refunds: Type.Array(PaymentSchema),
  requests: Type.Array(RefundRequestSchema),
});
export type RefundsOfPayment = Static<typeof RefundsOfPaymentSchema>;

/** The payee's answer to a refund request; accepted: the refund's confirmation, for the amount asked. */
export const RefundAnswerSchema = Type.Object({
  request: RefundRequestSchema,
  quote: Type.Union([RefundQuoteSchema, Type.Null()]),
});
export type RefundAnswer = Static<typeof RefundAnswerSchema>;
