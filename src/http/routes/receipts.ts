/**
 * Verifiable receipts (issue 14 §4): a payment's receipt for its two parties (JSON, PDF, PNG),
 * the history as PDF, and the public side — published keys and checks that need no login.
 */
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DomainError } from '../../core/errors.ts';
import { exportViews } from '../../payments/history.ts';
import {
  type IssuedReceipt,
  type ReceiptVerdict,
  ReceiptFieldsSchema,
  checkPresentedReceipt,
  checkReceiptByReference,
  parseReceiptFields,
  paymentReceipt,
  receiptAnswer,
  receiptKeys,
  receiptSignerFor,
  renderHistoryPdf,
  renderReceiptPdf,
  renderReceiptPng,
} from '../../receipts/index.ts';
import {
  type GenuineReceipt,
  GenuineReceiptSchema,
  ReceiptAnswerSchema,
  ReceiptKeysSchema,
} from '../../receipts/views.ts';
import { guardEnrolled, sessionOf } from '../auth.ts';
import { problemResponses } from '../problem.ts';
import { ExportQuery, checkExportQuery } from './payments.ts';

/** What a receipt someone presents carries (POST /api/receipts/verify), within its limits. */
const SignedReceipt = Type.Object({
  fields: ReceiptFieldsSchema,
  keyId: Type.String({ maxLength: 64 }),
  signature: Type.String({ maxLength: 200, description: 'Ed25519, base64url' }),
});
/** A file answer (PDF, PNG): sent as bytes, described for OpenAPI. */
const binary = (description: string) =>
  Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description });
const Id = Type.Object({ id: Type.String({ maxLength: 64 }) });

/** Receipts of one's own payments: under the enrolled-session hook. */
export const receiptRoutes: FastifyPluginAsyncTypebox = async (app) => {
  guardEnrolled(app);
  const { database, clock, config } = app.deps;
  const signer = receiptSignerFor(config);
  const tags = ['receipts'];
  const issue = (customerId: string, paymentId: string) =>
    paymentReceipt(database.db, signer, customerId, paymentId, clock);
  const answer = (receipt: IssuedReceipt) => receiptAnswer(receipt, config.publicOrigin);

  app.get(
    '/payments/:id/receipt',
    {
      schema: {
        tags,
        description:
          'The signed receipt of a payment (issued on first request), for its payer or payee.',
        params: Id,
        response: { 200: ReceiptAnswerSchema, ...problemResponses('NOT_FOUND') },
      },
    },
    async (request) => answer(await issue(sessionOf(request).customerId, request.params.id)),
  );

  app.get(
    '/payments/:id/receipt.pdf',
    {
      schema: {
        tags,
        description:
          'The receipt as PDF; its metadata carries the signed fields for offline checks.',
        params: Id,
        response: { 200: binary('application/pdf'), ...problemResponses('NOT_FOUND') },
      },
    },
    async (request, reply) => {
      const receipt = answer(await issue(sessionOf(request).customerId, request.params.id));
      const pdf = await renderReceiptPdf({ receipt, verifyUrl: receipt.verifyUrl });
      return reply
        .type('application/pdf')
        .header(
          'content-disposition',
          `attachment; filename="smartpay-receipt-${receipt.fields.reference}.pdf"`,
        )
        .send(Buffer.from(pdf));
    },
  );

  app.get(
    '/payments/:id/receipt.png',
    {
      schema: {
        tags,
        description: 'The receipt as a PNG picture, for the share sheet.',
        params: Id,
        response: { 200: binary('image/png'), ...problemResponses('NOT_FOUND') },
      },
    },
    async (request, reply) => {
      const receipt = answer(await issue(sessionOf(request).customerId, request.params.id));
      return reply
        .type('image/png')
        .header(
          'content-disposition',
          `inline; filename="smartpay-receipt-${receipt.fields.reference}.png"`,
        )
        .send(await renderReceiptPng(receipt, receipt.verifyUrl));
    },
  );

  app.get(
    '/payments.pdf',
    {
      schema: {
        tags,
        description: 'The history as PDF, with the same filters as the CSV export.',
        querystring: ExportQuery,
        response: { 200: binary('application/pdf'), ...problemResponses() },
      },
    },
    async (request, reply) => {
      const query = checkExportQuery(request.query);
      const views = await exportViews(database.db, sessionOf(request).customerId, query);
      const pdf = await renderHistoryPdf(views, query, clock.now());
      return reply
        .type('application/pdf')
        .header(
          'content-disposition',
          `attachment; filename="smartpay-${query.from}-${query.to}.pdf"`,
        )
        .send(Buffer.from(pdf));
    },
  );
};

/** Public: no login. They answer only what a receipt itself shows. */
export const publicReceiptRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config } = app.deps;
  const signer = receiptSignerFor(config);
  const tags = ['receipts'];
  const answerOf = (verdict: ReceiptVerdict): GenuineReceipt => {
    if (verdict.genuine)
      return { genuine: true, receipt: receiptAnswer(verdict.receipt, config.publicOrigin) };
    if (verdict.reason === 'not-found') throw new DomainError('NOT_FOUND', 'no such receipt');
    throw new DomainError('RECEIPT_NOT_GENUINE', notGenuineText[verdict.reason], {
      reason: verdict.reason,
    });
  };

  app.get(
    '/receipts/keys',
    {
      schema: {
        tags,
        description:
          'The public keys that receipts are signed with (current first, then previous).',
        response: { 200: ReceiptKeysSchema },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return receiptKeys(signer);
    },
  );

  app.get(
    '/receipts/:reference',
    {
      schema: {
        tags,
        description: 'Checks a receipt by its reference: genuine, or refused.',
        params: Type.Object({ reference: Type.String({ maxLength: 32 }) }),
        response: {
          200: GenuineReceiptSchema,
          ...problemResponses('NOT_FOUND', 'RECEIPT_NOT_GENUINE'),
        },
      },
    },
    async (request) =>
      answerOf(await checkReceiptByReference(database.db, signer, request.params.reference)),
  );

  app.post(
    '/receipts/verify',
    {
      schema: {
        tags,
        description:
          'Checks a receipt someone presents (the fields and signature a PDF carries): genuine only when the signature verifies and the bank issued exactly these fields.',
        body: SignedReceipt,
        response: {
          200: GenuineReceiptSchema,
          ...problemResponses('NOT_FOUND', 'RECEIPT_NOT_GENUINE'),
        },
      },
    },
    async (request) => {
      const fields = parseReceiptFields(request.body.fields);
      if (!fields) throw new DomainError('RECEIPT_NOT_GENUINE', notGenuineText.signature);
      return answerOf(
        await checkPresentedReceipt(database.db, signer, { ...request.body, fields }),
      );
    },
  );
};

export const notGenuineText: Readonly<Record<'signature' | 'unknown-key' | 'altered', string>> = {
  signature: 'the signature does not match the receipt: it was changed after signing',
  'unknown-key': 'the receipt is signed with a key the bank does not publish',
  altered: "the receipt does not match the bank's record of the payment",
};
