/**
 * Refunds (issue 14 §1): the payee refunds a payment (quote → confirm with an Idempotency-Key,
 * like every payment), the payer asks for a refund, the payee answers; both parties see a
 * payment's refunds and requests.
 */
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { checkIdempotencyKey } from '../../payments/idempotency.ts';
import {
  answerRefundRefusals,
  askRefundRefusals,
  refundConfirmRefusals,
  refundQuoteRefusals,
} from '../../payments/outcomes.ts';
import {
  answerRefundRequest,
  askRefund,
  openRefundRequests,
  refundReasonLengthMax,
  refundsOfPayment,
} from '../../payments/refund-requests.ts';
import { confirmRefund, createRefundQuote } from '../../payments/refunds.ts';
import { guardEnrolled, sessionOf } from '../auth.ts';
import { problemResponses } from '../problem.ts';
import { paymentDepsOf } from './payments.ts';
import {
  RefundAnswerSchema,
  RefundQuoteSchema,
  RefundRequestListSchema,
  RefundRequestSchema,
  RefundsOfPaymentSchema,
} from '../../payments/refund-views.ts';
import { PaymentSchema } from '../../payments/views.ts';

const Id = Type.Object({ id: Type.String({ maxLength: 64 }) });
const Amount = Type.String({ maxLength: 40 });

export const refundRoutes: FastifyPluginAsyncTypebox = async (app) => {
  guardEnrolled(app);
  const { database, internalAccounts } = app.deps;
  const deps = paymentDepsOf(app);
  const tags = ['refunds'];

  app.post(
    '/payments/:id/refunds/quotes',
    {
      schema: {
        tags,
        description:
          '"Kthe pagesën": the refund\'s confirmation screen, for the payment\'s payee only. Without an amount, everything that remains.',
        params: Id,
        body: Type.Object({ amount: Type.Optional(Amount) }),
        response: { 201: RefundQuoteSchema, ...problemResponses(...refundQuoteRefusals) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await createRefundQuote(
            database.db,
            sessionOf(request),
            { paymentId: request.params.id, amount: request.body.amount },
            deps(request),
          ),
        ),
  );

  app.post(
    '/refunds',
    {
      schema: {
        tags,
        description:
          'Confirms a refund quote: a payment back to the payer, linked to the original. Retrying with the same Idempotency-Key returns the same answer without refunding twice.',
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String()) }),
        body: Type.Object({ quoteId: Type.String({ format: 'uuid' }) }),
        response: { 201: PaymentSchema, ...problemResponses(...refundConfirmRefusals) },
      },
    },
    async (request, reply) => {
      const key = checkIdempotencyKey(request.headers['idempotency-key']);
      const result = await confirmRefund(
        database,
        sessionOf(request),
        { quoteId: request.body.quoteId, idempotencyKey: key },
        { ...deps(request), internalAccounts },
      );
      if (result.replayed) reply.header('idempotency-replayed', 'true');
      return reply.code(result.statusCode as 201).send(result.body as never);
    },
  );

  app.get(
    '/payments/:id/refunds',
    {
      schema: {
        tags,
        description: "A payment's refunds (oldest first) and refund requests, for its two parties.",
        params: Id,
        response: { 200: RefundsOfPaymentSchema, ...problemResponses('NOT_FOUND') },
      },
    },
    async (request) =>
      refundsOfPayment(database.db, sessionOf(request).customerId, request.params.id),
  );

  app.post(
    '/payments/:id/refund-requests',
    {
      schema: {
        tags,
        description:
          '"Kërko kthimin": the payer asks the payee for a refund (without an amount: all that remains).',
        params: Id,
        body: Type.Object({
          amount: Type.Optional(Amount),
          reason: Type.String({ minLength: 1, maxLength: refundReasonLengthMax }),
        }),
        response: { 201: RefundRequestSchema, ...problemResponses(...askRefundRefusals) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await askRefund(
            database.db,
            sessionOf(request),
            { paymentId: request.params.id, ...request.body },
            deps(request),
          ),
        ),
  );

  app.get(
    '/refund-requests',
    {
      schema: {
        tags,
        description:
          'Refund requests waiting for the customer (the payee) to answer, newest first.',
        response: { 200: RefundRequestListSchema },
      },
    },
    async (request) => openRefundRequests(database.db, sessionOf(request).customerId),
  );

  for (const answer of ['accept', 'decline'] as const)
    app.post(
      `/refund-requests/:id/${answer}`,
      {
        schema: {
          tags,
          description:
            answer === 'accept'
              ? 'Accepts a refund request: answers with the refund quote for the amount asked (confirm it with POST /api/refunds).'
              : 'Declines a refund request; the payer is told.',
          params: Id,
          response: {
            200: RefundAnswerSchema,
            ...problemResponses(
              ...(answer === 'accept'
                ? answerRefundRefusals
                : (['NOT_FOUND', 'REFUND_REQUEST_NOT_OPEN'] as const)),
            ),
          },
        },
      },
      async (request) =>
        answerRefundRequest(
          database,
          sessionOf(request),
          { requestId: request.params.id, answer },
          deps(request),
        ),
    );
};
