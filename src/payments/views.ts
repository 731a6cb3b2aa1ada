/**
 * What the payments module answers, each shape defined once as a TypeBox schema: the use cases
 * return its Static type, the routes (src/http/routes/payments.ts) validate, filter and document
 * with the schema, and the web app imports the type (web/src/api/types.ts). No I/O. Refunds'
 * own shapes are in refund-views.ts.
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

export const HoldStatusSchema = Type.Union([
  Type.Literal('held'),
  Type.Literal('released'),
  Type.Literal('cancelled'),
  Type.Literal('refused'),
]);
export type HoldStatus = Static<typeof HoldStatusSchema>;

/** A confirm the payer's cooling-off held (202), as its payer sees it (holds.ts). */
export const PaymentHoldSchema = Type.Object(
  {
    id: Type.String(),
    status: HoldStatusSchema,
    kind: Type.Union([Type.Literal('account'), Type.Literal('request')]),
    payee: Type.Object({ name: Type.String() }),
    amount: Type.String(),
    currency: Type.String(),
    fee: MoneySchema,
    /** What leaves the payer's account at release: the amount in its currency plus the fee. */
    debit: MoneySchema,
    /** The payer's QR account it is paid from. */
    qrAccountId: Type.String(),
    createdAt: Type.String(),
    releaseAt: Type.String(),
    decidedAt: Type.Union([Type.String(), Type.Null()]),
    /** The payment, once released (it carries the hold's id). */
    paymentId: Type.Union([Type.String(), Type.Null()]),
    /** Why the release was refused (an error code such as LIMIT_PER_DAY), else null. */
    refusalCode: Type.Union([Type.String(), Type.Null()]),
  },
  {
    description:
      "A payment held by the payer's cooling-off: no money has moved and the payee sees nothing until releaseAt; then it is released (paymentId, the same id) or refused (refusalCode), unless cancelled first.",
  },
);
export type PaymentHold = Static<typeof PaymentHoldSchema>;

export const PaymentHoldListSchema = Type.Object({ items: Type.Array(PaymentHoldSchema) });
export type PaymentHoldList = Static<typeof PaymentHoldListSchema>;
