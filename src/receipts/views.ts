/**
 * What the receipt routes answer, each shape defined once as a TypeBox schema: the receipts
 * module returns its Static type (store.ts receiptAnswer, signing.ts receiptKeys), the routes
 * (src/http/routes/receipts.ts) validate, filter and document with the schema, and the web app
 * imports the type (web/src/api/types.ts). The signed fields are fields.ts ReceiptFieldsSchema.
 * No I/O.
 */
import { Type, type Static } from 'typebox';
import { ReceiptFieldsSchema } from './fields.ts';

/** A payment's signed receipt with the public page that checks it (GET /api/payments/{id}/receipt). */
export const ReceiptAnswerSchema = Type.Object({
  fields: ReceiptFieldsSchema,
  keyId: Type.String(),
  signature: Type.String(),
  verifyUrl: Type.String(),
});
export type ReceiptAnswer = Static<typeof ReceiptAnswerSchema>;

/** A check's answer when the receipt is genuine; every other verdict is a problem. */
export const GenuineReceiptSchema = Type.Object({
  genuine: Type.Literal(true),
  receipt: ReceiptAnswerSchema,
});
export type GenuineReceipt = Static<typeof GenuineReceiptSchema>;

/** A public key receipts are signed with: the current one signs, the previous is still accepted. */
export const PublishedKeySchema = Type.Object({
  keyId: Type.String(),
  algorithm: Type.Literal('Ed25519'),
  publicKey: Type.String({ description: 'raw 32-byte key, base64url' }),
  status: Type.Union([Type.Literal('current'), Type.Literal('previous')]),
});
export type PublishedKey = Static<typeof PublishedKeySchema>;

/** GET /api/receipts/keys: how to check a receipt without asking the bank. */
export const ReceiptKeysSchema = Type.Object({
  algorithm: Type.Literal('Ed25519'),
  signedBytes: Type.String(),
  keys: Type.Array(PublishedKeySchema),
});
export type ReceiptKeys = Static<typeof ReceiptKeysSchema>;
