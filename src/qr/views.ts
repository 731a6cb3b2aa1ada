/**
 * What the QR module answers, each shape defined once as a TypeBox schema: the use cases return
 * its Static type (accounts.ts, requests.ts, resolve.ts), the QR routes (src/http/routes/qr.ts,
 * resolve.ts) validate, filter and document with the schema, and the web app imports the type
 * (web/src/api/types.ts). No I/O.
 */
import { Type, type Static } from 'typebox';
import { shareCountMax, shareCountMin } from './split.ts';

/** "Llogaritë e mia": a QR account with its bank account's balance and its account code. */
export const QrAccountSchema = Type.Object({
  id: Type.String(),
  bankAccountId: Type.String(),
  iban: Type.String(),
  currency: Type.String(),
  balance: Type.String(),
  /** The masked name the codes show ("Arta K."). */
  payeeName: Type.String(),
  status: Type.Literal('open'),
  createdAt: Type.String(),
  accountCode: Type.Object({ id: Type.String(), reference: Type.String(), payload: Type.String() }),
});
export type QrAccount = Static<typeof QrAccountSchema>;

/** "Fshij Llogarinë": the deleted account and how many of its open requests it cancelled. */
export const DeletedQrAccountSchema = Type.Object({
  id: Type.String(),
  deletedAt: Type.String(),
  cancelledRequests: Type.Integer(),
});
export type DeletedQrAccount = Static<typeof DeletedQrAccountSchema>;

export const RequestStatusSchema = Type.Union([
  Type.Literal('open'),
  Type.Literal('closed'),
  Type.Literal('cancelled'),
  Type.Literal('expired'),
]);
export type RequestStatus = Static<typeof RequestStatusSchema>;

/** A split-bill request's shares: "3 nga 5 paguar", each 3.33 (the first 3.34). */
export const SplitSchema = Type.Object({
  shareCount: Type.Integer({ minimum: shareCountMin, maximum: shareCountMax }),
  paidShares: Type.Integer({ minimum: 0 }),
  /** The whole bill. */
  total: Type.String(),
  /** The regular share (what the code's tag 54 carries) and the first share (+ remainder). */
  shareAmount: Type.String(),
  firstShareAmount: Type.String(),
  oneSharePerPayer: Type.Boolean(),
});
export type Split = Static<typeof SplitSchema>;

/** A payment request ("Kërkesat"), its status as of now. */
export const PaymentRequestSchema = Type.Object({
  id: Type.String(),
  qrAccountId: Type.String(),
  payload: Type.String(),
  /** Decimal text in the currency's exponent, e.g. "12.50"; a split's regular share. */
  amount: Type.String(),
  currency: Type.String(),
  /** An open request past its expiry reads as expired before the sweep has run. */
  status: RequestStatusSchema,
  note: Type.Union([Type.String(), Type.Null()]),
  expiresAt: Type.String(),
  createdAt: Type.String(),
  closedAt: Type.Union([Type.String(), Type.Null()]),
  cancelledAt: Type.Union([Type.String(), Type.Null()]),
  paidByPaymentId: Type.Union([Type.String(), Type.Null()]),
  /** The payments module's: the payer's name is stored with the payment (payments/request-payers.ts). */
  paidBy: Type.Union([Type.Object({ name: Type.String() }), Type.Null()], {
    description: 'the payer of a paid request (masked name), null otherwise',
  }),
  split: Type.Union([SplitSchema, Type.Null()], {
    description:
      'a split-bill request: `amount` (and the code) is the regular share, the first share adds the remainder',
  }),
});
export type PaymentRequest = Static<typeof PaymentRequestSchema>;

export const RequestPageSchema = Type.Object({
  items: Type.Array(PaymentRequestSchema),
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type RequestPage = Static<typeof RequestPageSchema>;

/** A scanned code, resolved before anything is typed (POST /api/payments/resolve). */
export const ResolvedCodeAnswerSchema = Type.Object({
  kind: Type.Union([Type.Literal('account'), Type.Literal('request')]),
  payee: Type.Object({ name: Type.String({ description: 'masked, e.g. "Arta K."' }) }),
  currency: Type.String(),
  amount: Type.Union([Type.String(), Type.Null()], {
    description: 'the fixed amount of a request; null for an account code (the payer types it)',
  }),
  note: Type.Union([Type.String(), Type.Null()]),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
});
export type ResolvedCodeAnswer = Static<typeof ResolvedCodeAnswerSchema>;
