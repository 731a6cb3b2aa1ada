/**
 * Refunds (issue 14 §1): the payee refunds a payment (quote → confirm with an Idempotency-Key,
 * like every payment), the payer asks for a refund, the payee answers; both parties see a
 * payment's refunds and requests.
 */
import { Type, type FastifyPluginAsyncTypebox, type Static } from '@fastify/type-provider-typebox';
import { checkIdempotencyKey } from '../../payments/idempotency.ts';
import { paymentOfParty, refundsOf, toView } from '../../payments/history.ts';
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
  refundRequestsOfPayment,
} from '../../payments/refund-requests.ts';
import { confirmRefund, createRefundQuote } from '../../payments/refunds.ts';
import { guardEnrolled, sessionOf } from '../auth.ts';
import { problemResponses } from '../problem.ts';
import { paymentDepsOf } from './payments.ts';
import { LimitsSchema, MoneySchema as Money, PaymentSchema } from '../../payments/views.ts';

export const RefundQuote = Type.Object({
  quoteId: Type.String(),
  kind: Type.Literal('refund'),
  payee: Type.Object({ name: Type.String() }, { description: 'who receives the refund' }),
  amount: Type.String({ description: "what the payer's account receives" }),
  currency: Type.String(),
  note: Type.Null(),
  fee: Money,
  debit: Money,
  rate: Type.Union([
    Type.Object({ value: Type.String(), from: Type.String(), to: Type.String() }),
    Type.Null(),
  ]),
  from: Type.Object({ qrAccountId: Type.String(), iban: Type.String(), currency: Type.String() }),
  available: Money,
  limits: LimitsSchema,
  expiresAt: Type.String(),
  refund: Type.Object({
    paymentId: Type.String(),
    amount: Type.String({ description: 'refunded by this refund, in the original currency' }),
    of: Type.String({ description: "the original payment's amount" }),
    currency: Type.String(),
    remaining: Type.String({ description: 'what remained to refund before this refund' }),
  }),
});
export type RefundQuote = Static<typeof RefundQuote>;

export const RefundRequestSchema = Type.Object({
  id: Type.String(),
  paymentId: Type.String(),
  amount: Type.String(),
  currency: Type.String(),
  reason: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('accepted'), Type.Literal('declined')]),
  payerName: Type.String(),
  payeeName: Type.String(),
  createdAt: Type.String(),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
});
export type RefundRequest = Static<typeof RefundRequestSchema>;

export const RefundsOfPayment = Type.Object({
  refunds: Type.Array(PaymentSchema),
  requests: Type.Array(RefundRequestSchema),
});
export type RefundsOfPayment = Static<typeof RefundsOfPayment>;

export const RefundAnswer = Type.Object({
  request: RefundRequestSchema,
  quote: Type.Union([RefundQuote, Type.Null()]),
});
export type RefundAnswer = Static<typeof RefundAnswer>;

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
        response: { 201: RefundQuote, ...problemResponses(...refundQuoteRefusals) },
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
        response: { 200: RefundsOfPayment, ...problemResponses('NOT_FOUND') },
      },
    },
    async (request) => {
      const { customerId } = sessionOf(request);
      const payment = await paymentOfParty(database.db, customerId, request.params.id);
      const refunds = await refundsOf(database.db, payment.id);
      return {
        refunds: refunds.map((row) => toView(row, customerId)),
        requests: await refundRequestsOfPayment(database.db, customerId, payment.id),
      };
    },
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
        response: { 200: Type.Object({ items: Type.Array(RefundRequestSchema) }) },
      },
    },
    async (request) => ({
      items: await openRefundRequests(database.db, sessionOf(request).customerId),
    }),
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
            200: RefundAnswer,
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
