/**
 * What the payments module answers, each shape defined once as a TypeBox schema: the use cases
 * return its Static type, the routes (src/http/routes/payments.ts) validate, filter and document
 * with the schema, and the web app imports the type (web/src/api/types.ts). No I/O.
 */
import { Type, type Static } from 'typebox';

/** A decimal string with its currency, as everywhere in the API ("12.50" EUR). */
export const MoneySchema = Type.Object({ amount: Type.String(), currency: Type.String() });
export type Money = Static<typeof MoneySchema>;

const Eur = Type.Object({ amount: Type.String(), currency: Type.Literal('EUR') });

/** The session level's limits and what today's payments used of them (EUR equivalents). */
export const LimitsSchema = Type.Object({
  level: Type.Union([Type.Literal('full'), Type.Literal('partial')]),
  perPayment: Eur,
  perDay: Eur,
  countPerDay: Type.Union([Type.Integer(), Type.Null()]),
  usedToday: Eur,
  paymentsToday: Type.Integer(),
  remainingToday: Eur,
  paymentsRemainingToday: Type.Union([Type.Integer(), Type.Null()], {
    description: 'null when the level has no count limit',
  }),
});
export type LimitsView = Static<typeof LimitsSchema>;

/** The confirmation screen: everything the payer must see before "Përfundoni Pagesën". */
export const QuoteSchema = Type.Object({
  quoteId: Type.String(),
  kind: Type.Union([Type.Literal('account'), Type.Literal('request')]),
  payee: Type.Object({ name: Type.String() }),
  amount: Type.String(),
  currency: Type.String(),
  note: Type.Union([Type.String(), Type.Null()]),
  share: Type.Union(
    [
      Type.Object({
        number: Type.Integer({ minimum: 1 }),
        count: Type.Integer({ minimum: 2 }),
        paidShares: Type.Integer({ minimum: 0 }),
      }),
      Type.Null(),
    ],
    {
      description:
        'a split-bill code: the share this payment pays ("Pjesa 2 nga 5", the next unpaid one; confirm claims it) and the shares paid so far',
    },
  ),
  fee: MoneySchema,
  debit: Type.Object(MoneySchema.properties, {
    description:
      "everything taken from the payer's account: the amount in its currency plus the fee",
  }),
  rate: Type.Union([
    Type.Object({ value: Type.String(), from: Type.String(), to: Type.String() }),
    Type.Null(),
  ]),
  from: Type.Object({ qrAccountId: Type.String(), iban: Type.String(), currency: Type.String() }),
  available: MoneySchema,
  limits: LimitsSchema,
  expiresAt: Type.String(),
  firstTimePayee: Type.Boolean({
    description: 'the payer has never paid this payee: the confirmation screen shows a caution',
  }),
  duplicateSuspected: Type.Boolean({
    description:
      'the payer paid this payee the same amount within the bank window (10 min by default): confirm needs confirmDuplicate',
  }),
  holdMinutes: Type.Union([Type.Integer(), Type.Null()], {
    description:
      "the payer's cooling-off will hold this first payment for so many minutes (confirm answers 202); null: paid at once",
  }),
});
export type Quote = Static<typeof QuoteSchema>;

export const DirectionSchema = Type.Union([Type.Literal('incoming'), Type.Literal('outgoing')]);
export type Direction = Static<typeof DirectionSchema>;

/** "Kthyer 5,00 nga 12,50": an amount refunded of a payment's amount, in its currency. */
export const RefundLinkSchema = Type.Object({
  paymentId: Type.String(),
  amount: Type.String(),
  of: Type.String(),
  currency: Type.String(),
});
export type RefundLink = Static<typeof RefundLinkSchema>;

/** A payment as one of its parties sees it (their lists, the receipt screen). */
export const PaymentSchema = Type.Object({
  id: Type.String(),
  direction: DirectionSchema,
  status: Type.Literal('completed'),
  kind: Type.Union([Type.Literal('account'), Type.Literal('request'), Type.Literal('refund')]),
  amount: Type.String(),
  currency: Type.String(),
  fee: Type.Union([MoneySchema, Type.Null()], {
    description: "the payer's side only, in the payer account's currency",
  }),
  debit: Type.Union([MoneySchema, Type.Null()]),
  rate: Type.Union([Type.String(), Type.Null()]),
  counterparty: Type.Object({ name: Type.String() }),
  qrAccountId: Type.String(),
  requestId: Type.Union([Type.String(), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  share: Type.Union([Type.Object({ number: Type.Integer(), count: Type.Integer() }), Type.Null()], {
    description: 'the share of a split-bill request this payment paid, null for other payments',
  }),
  refundOf: Type.Union([RefundLinkSchema, Type.Null()], {
    description: 'a refund: how much of which payment it returned',
  }),
  refunded: Type.Union([RefundLinkSchema, Type.Null()], {
    description: 'what has been refunded of this payment so far (null: nothing)',
  }),
  refundable: Type.Union([MoneySchema, Type.Null()], {
    description: "the payee's side: what can still be refunded",
  }),
});
export type Payment = Static<typeof PaymentSchema>;

export const PaymentPageSchema = Type.Object({
  items: Type.Array(PaymentSchema),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type PaymentPage = Static<typeof PaymentPageSchema>;
