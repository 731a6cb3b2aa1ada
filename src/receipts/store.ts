/**
 * Issuing and checking receipts. A receipt is issued the first time one of its two parties asks
 * for it (the payment itself never waits on signing), signed with the current key, and stored by
 * its short reference. A check recomputes the fields from the bank's payment record: a receipt is
 * genuine only when the stored signature verifies with a published key *and* the fields still say
 * what the ledger says.
 */
import type { Selectable } from 'kysely';
import { formatAmount } from '../core/money.ts';
import type { PaymentsTable } from '../db/schema.ts';
import type { Executor } from '../db/transaction.ts';
import { paymentOfParty } from '../payments/history.ts';
import {
  type ReceiptFields,
  canonicalReceiptJson,
  newReceiptReference,
  normalizeReference,
  parseReceiptFields,
  referencePattern,
} from './fields.ts';
import {
  type ReceiptSignature,
  type ReceiptSigner,
  type SignatureCheck,
  checkReceiptSignature,
} from './signing.ts';
import { verificationUrl } from './text.ts';
import type { ReceiptAnswer } from './views.ts';

export interface IssuedReceipt extends ReceiptSignature {
  readonly fields: ReceiptFields;
}

/** A receipt as the API answers it: with the public page that checks it. */
export function receiptAnswer(receipt: IssuedReceipt, publicOrigin: string): ReceiptAnswer {
  return { ...receipt, verifyUrl: verificationUrl(publicOrigin, receipt.fields.reference) };
}

type PaymentRow = Selectable<PaymentsTable>;

/**
 * The receipt of a payment or a refund, for its payer or its payee only (anyone else:
 * NOT_FOUND). A refund's receipt names the receipt of the payment it returns, issued with it.
 */
export async function paymentReceipt(
  db: Executor,
  signer: ReceiptSigner,
  customerId: string,
  paymentId: string,
  clock: { now(): Date },
): Promise<IssuedReceipt> {
  return issueReceipt(db, signer, await paymentOfParty(db, customerId, paymentId), clock);
}

async function issueReceipt(
  db: Executor,
  signer: ReceiptSigner,
  payment: PaymentRow,
  clock: { now(): Date },
): Promise<IssuedReceipt> {
  const kind = subjectKindOf(payment);
  const existing = await storedReceipt(db, kind, payment.id);
  if (existing) return existing;
  const refundOf = await originalReference(db, signer, payment, clock);
  const fields = paymentFields(payment, newReceiptReference(), refundOf);
  const signed = signer.sign(fields);
  // Two first requests at once: one insert wins, both answer with the stored receipt.
  await db
    .insertInto('receipts')
    .values({
      reference: fields.reference,
      subject_kind: kind,
      subject_id: payment.id,
      fields: canonicalReceiptJson(fields),
      key_id: signed.keyId,
      signature: signed.signature,
      created_at: clock.now(),
    })
    .onConflict((oc) => oc.columns(['subject_kind', 'subject_id']).doNothing())
    .execute();
  const issued = await storedReceipt(db, kind, payment.id);
  if (!issued) throw new Error('a receipt was inserted but cannot be read back');
  return issued;
}

function subjectKindOf(payment: PaymentRow): 'payment' | 'refund' {
  return payment.code_kind === 'refund' ? 'refund' : 'payment';
}

/** A refund's link to the receipt of the payment it returns (issued now if never asked for). */
async function originalReference(
  db: Executor,
  signer: ReceiptSigner,
  payment: PaymentRow,
  clock: { now(): Date },
): Promise<string | null> {
  if (payment.refund_of_payment_id === null) return null;
  const original = await db
    .selectFrom('payments')
    .selectAll()
    .where('id', '=', payment.refund_of_payment_id)
    .executeTakeFirstOrThrow();
  return (await issueReceipt(db, signer, original, clock)).fields.reference;
}

/** What a receipt of a payment says: the printed fields, names already masked at payment time. */
export function paymentFields(
  payment: PaymentRow,
  reference: string,
  refundOf: string | null = null,
): ReceiptFields {
  return {
    version: 1,
    kind: subjectKindOf(payment),
    reference,
    payer: payment.payer_name,
    payee: payment.payee_name,
    amount: formatAmount(payment.amount_minor, payment.currency),
    currency: payment.currency,
    fee: formatAmount(payment.fee_minor, payment.debit_currency),
    feeCurrency: payment.debit_currency,
    rate: payment.rate,
    paidAt: payment.created_at.toISOString(),
    refundOf,
  };
}

async function storedReceipt(
  db: Executor,
  kind: 'payment' | 'refund',
  subjectId: string,
): Promise<IssuedReceipt | undefined> {
  const row = await db
    .selectFrom('receipts')
    .select(['fields', 'key_id', 'signature'])
    .where('subject_kind', '=', kind)
    .where('subject_id', '=', subjectId)
    .executeTakeFirst();
  const fields = row ? parseReceiptFields(JSON.parse(row.fields)) : undefined;
  return row && fields ? { fields, keyId: row.key_id, signature: row.signature } : undefined;
}

export type ReceiptVerdict =
  | { readonly genuine: true; readonly receipt: IssuedReceipt }
  | {
      readonly genuine: false;
      readonly reason: 'not-found' | 'signature' | 'unknown-key' | 'altered';
      readonly receipt?: IssuedReceipt;
    };

/**
 * The public check behind /verify/{reference}: no login, so it answers only what the receipt
 * itself shows. Unknown and malformed references look the same.
 */
export async function checkReceiptByReference(
  db: Executor,
  signer: Pick<ReceiptSigner, 'keys'> & Partial<Pick<ReceiptSigner, 'sign'>>,
  referenceText: string,
): Promise<ReceiptVerdict> {
  const reference = normalizeReference(referenceText);
  if (!referencePattern.test(reference)) return { genuine: false, reason: 'not-found' };
  const row = await db
    .selectFrom('receipts')
    .selectAll()
    .where('reference', '=', reference)
    .executeTakeFirst();
  const fields = row ? parseReceiptFields(JSON.parse(row.fields)) : undefined;
  if (!row || !fields) return { genuine: false, reason: 'not-found' };
  const receipt: IssuedReceipt = { fields, keyId: row.key_id, signature: row.signature };
  const signature = checkReceiptSignature(signer.keys, fields, receipt);
  if (signature === 'invalid') return { genuine: false, reason: 'signature', receipt };
  const expected = await recordFields(db, row.subject_kind, row.subject_id, reference);
  if (!expected || canonicalReceiptJson(expected) !== canonicalReceiptJson(fields))
    return { genuine: false, reason: 'altered', receipt };
  if (signature === 'unknown-key') {
    // Signed with a key retired since: the fields are still the ledger's, so the bank signs
    // them again with its current key (older copies of the PDF name the retired key).
    if (!signer.sign) return { genuine: false, reason: 'unknown-key', receipt };
    const resigned = signer.sign(fields);
    await db
      .updateTable('receipts')
      .set({ key_id: resigned.keyId, signature: resigned.signature })
      .where('reference', '=', reference)
      .execute();
    return { genuine: true, receipt: { fields, ...resigned } };
  }
  return { genuine: true, receipt };
}

/**
 * A receipt someone presents (fields and signature, e.g. read from a PDF): genuine when the
 * signature verifies and the bank issued exactly these fields under this reference.
 */
export async function checkPresentedReceipt(
  db: Executor,
  signer: Pick<ReceiptSigner, 'keys'> & Partial<Pick<ReceiptSigner, 'sign'>>,
  presented: IssuedReceipt,
): Promise<ReceiptVerdict> {
  const signature = checkReceiptSignature(signer.keys, presented.fields, presented);
  if (signature !== 'valid') return { genuine: false, reason: reasonOf(signature) };
  const stored = await checkReceiptByReference(db, signer, presented.fields.reference);
  if (!stored.genuine) return stored;
  const same =
    canonicalReceiptJson(stored.receipt.fields) === canonicalReceiptJson(presented.fields);
  return same ? stored : { genuine: false, reason: 'altered' };
}

function reasonOf(check: Exclude<SignatureCheck, 'valid'>): 'signature' | 'unknown-key' {
  return check === 'invalid' ? 'signature' : 'unknown-key';
}

async function recordFields(
  db: Executor,
  kind: 'payment' | 'refund',
  subjectId: string,
  reference: string,
): Promise<ReceiptFields | undefined> {
  const payment = await db
    .selectFrom('payments')
    .selectAll()
    .where('id', '=', subjectId)
    .executeTakeFirst();
  if (!payment || subjectKindOf(payment) !== kind) return undefined;
  const original = payment.refund_of_payment_id
    ? await db
        .selectFrom('receipts')
        .select('reference')
        .where('subject_kind', '=', 'payment')
        .where('subject_id', '=', payment.refund_of_payment_id)
        .executeTakeFirst()
    : undefined;
  return paymentFields(payment, reference, original?.reference ?? null);
}
