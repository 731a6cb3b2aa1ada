/**
 * Paying (guide §6) and the lists (§7.2): quote → confirm with an Idempotency-Key, incoming and
 * outgoing payments, one receipt, CSV export, and the live event stream. Payee assurance
 * (issue 14 §2): the quote's first-time, duplicate and cooling-off answers, the confirm's
 * second confirmation, held payments (202) and their cancel.
 */
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../../core/errors.ts';
import { confirmPayment } from '../../payments/confirm.ts';
import { cancelHold, getHold, listHolds } from '../../payments/holds.ts';
import { confirmRefusals, holdCancelRefusals, quoteRefusals } from '../../payments/outcomes.ts';
import { checkIdempotencyKey } from '../../payments/idempotency.ts';
import { exportCsv, getPaymentView, listPayments, pageSizeMax } from '../../payments/history.ts';
import { createQuote, type PaymentDeps } from '../../payments/quotes.ts';
import {
  HoldStatusSchema,
  PaymentHoldListSchema,
  PaymentHoldSchema,
  PaymentPageSchema,
  PaymentSchema,
  QuoteSchema,
} from '../../payments/views.ts';
import { payloadSettingsFromConfig } from '../../qr/index.ts';
import { guardEnrolled, sessionOf, settingsOf } from '../auth.ts';
import { problemResponses } from '../problem.ts';

// Years 1000-9999: what both engines store as a date and JavaScript prints back unchanged.
const Day = Type.String({
  format: 'date',
  pattern: '^[1-9]\\d{3}-\\d{2}-\\d{2}$',
  description: 'bank day, YYYY-MM-DD',
});

/** The ports a payment use case needs, per request: the settings come with the request context. */
export function paymentDepsOf(app: FastifyInstance): (request: FastifyRequest) => PaymentDeps {
  const { clock, config } = app.deps;
  const payload = payloadSettingsFromConfig(config);
  return (request) => ({ clock, payload, settings: settingsOf(request) });
}

export const paymentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  guardEnrolled(app);
  const { database, clock, internalAccounts } = app.deps;
  const deps = paymentDepsOf(app);
  const tags = ['payments'];

  app.post(
    '/payments/quotes',
    {
      schema: {
        tags,
        description:
          'What the confirmation screen shows; valid for a short time (bank setting, 60 s by default).',
        body: Type.Object({
          payload: Type.String({ minLength: 1, maxLength: 1024 }),
          fromQrAccountId: Type.String({ maxLength: 64 }),
          amount: Type.Optional(
            Type.String({
              maxLength: 40,
              description: 'only for an account code: the amount the payer types',
            }),
          ),
        }),
        response: { 201: QuoteSchema, ...problemResponses(...quoteRefusals) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await createQuote(database.db, sessionOf(request), request.body, deps(request))),
  );

  app.post(
    '/payments',
    {
      schema: {
        tags,
        description:
          '"Përfundoni Pagesën". Retrying with the same Idempotency-Key returns the same answer without paying twice (a retry is never a suspected duplicate). 201: paid. 202: held by the payer\'s cooling-off (a first payment to this payee above their threshold): nothing moved yet, released at releaseAt unless cancelled. DUPLICATE_SUSPECTED (409): the same payee and amount within the bank window; send the same body with confirmDuplicate: true to pay anyway.',
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String()) }),
        body: Type.Object({
          quoteId: Type.String({ format: 'uuid' }),
          confirmDuplicate: Type.Optional(
            Type.Boolean({
              description:
                'the payer confirmed again after DUPLICATE_SUSPECTED; not part of the idempotent request',
            }),
          ),
        }),
        response: {
          201: PaymentSchema,
          202: PaymentHoldSchema,
          ...problemResponses(...confirmRefusals),
        },
      },
    },
    async (request, reply) => {
      const key = checkIdempotencyKey(request.headers['idempotency-key']);
      const result = await confirmPayment(
        database,
        sessionOf(request),
        {
          quoteId: request.body.quoteId,
          idempotencyKey: key,
          confirmDuplicate: request.body.confirmDuplicate === true,
        },
        { ...deps(request), internalAccounts },
      );
      if (result.replayed) reply.header('idempotency-replayed', 'true');
      return reply.code(result.statusCode as 201).send(result.body as never);
    },
  );

  app.get(
    '/payments/holds',
    {
      schema: {
        tags,
        description: "The payer's held payments (cooling-off), newest first.",
        querystring: Type.Object({
          status: Type.Optional(HoldStatusSchema),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: pageSizeMax })),
        }),
        response: { 200: PaymentHoldListSchema },
      },
    },
    async (request) => listHolds(database.db, sessionOf(request).customerId, request.query),
  );

  app.get(
    '/payments/holds/:id',
    {
      schema: {
        tags,
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 200: PaymentHoldSchema, ...problemResponses('NOT_FOUND') },
      },
    },
    async (request) => getHold(database.db, sessionOf(request).customerId, request.params.id),
  );

  app.post(
    '/payments/holds/:id/cancel',
    {
      schema: {
        tags,
        description: '"Anulo": cancels a held payment while it is still held; nothing moves.',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 200: PaymentHoldSchema, ...problemResponses(...holdCancelRefusals) },
      },
    },
    async (request) =>
      cancelHold(database.db, sessionOf(request), request.params.id, clock.now(), request.ip),
  );

  app.get(
    '/payments',
    {
      schema: {
        tags,
        querystring: Type.Object({
          direction: Type.Optional(
            Type.Union([Type.Literal('incoming'), Type.Literal('outgoing')], {
              default: 'incoming',
            }),
          ),
          cursor: Type.Optional(Type.String({ maxLength: 200 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: pageSizeMax })),
          qrAccountId: Type.Optional(Type.String({ format: 'uuid' })),
        }),
        response: { 200: PaymentPageSchema },
      },
    },
    async (request) =>
      listPayments(database.db, sessionOf(request).customerId, {
        ...request.query,
        direction: request.query.direction ?? 'incoming',
      }),
  );

  app.get(
    '/payments/:id',
    {
      schema: {
        tags,
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 200: PaymentSchema, ...problemResponses('NOT_FOUND') },
      },
    },
    async (request) =>
      getPaymentView(database.db, sessionOf(request).customerId, request.params.id),
  );

  app.get(
    '/payments.csv',
    {
      schema: {
        tags,
        description:
          'RFC 4180 CSV of payments between two bank days, optionally of one direction or one QR account.',
        querystring: ExportQuery,
      },
    },
    async (request, reply) => {
      const { from, to } = checkExportQuery(request.query);
      const csv = await exportCsv(database.db, sessionOf(request).customerId, request.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="smartpay-${from}-${to}.csv"`)
        .send(csv);
    },
  );
};

/** The filters of both exports (CSV and PDF). */
export const ExportQuery = Type.Object({
  from: Day,
  to: Day,
  direction: Type.Optional(Type.Union([Type.Literal('incoming'), Type.Literal('outgoing')])),
  qrAccountId: Type.Optional(Type.String({ format: 'uuid' })),
});

export function checkExportQuery<T extends { from: string; to: string }>(query: T): T {
  if (!isCalendarDay(query.from) || !isCalendarDay(query.to))
    throw new DomainError('VALIDATION_FAILED', 'dates must be real calendar days (YYYY-MM-DD)', {
      field: 'from',
    });
  return query;
}

function isCalendarDay(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}
