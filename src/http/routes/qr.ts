/**
 * QR accounts ("Llogaritë e mia", "Krijoni Llogari QR", "Fshij Llogarinë"), their account codes,
 * and payment requests ("Specifikoni Shumën", "Kërkesat", "Anulo QR"), with pictures (PNG, SVG).
 * Others' accounts and requests answer NOT_FOUND, never FORBIDDEN.
 */
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../core/errors.ts';
import { inTransaction } from '../../db/transaction.ts';
import { getCustomer } from '../../identity/customers.ts';
import {
  type PaymentRequestView,
  type QrAccountView,
  accountCodePayload,
  cancelPaymentRequest,
  createPaymentRequest,
  deleteQrAccount,
  getPaymentRequest,
  getQrAccount,
  listPaymentRequests,
  listQrAccounts,
  openQrAccount,
  payloadSettingsFromConfig,
  pageSizeMax,
  pngSizeMax,
  pngSizeMin,
  renderPng,
  renderSvg,
} from '../../qr/index.ts';
import { requireEnrolledSession, sessionOf, settingsOf } from '../auth.ts';
import { problemResponses } from '../problem.ts';
import type { App } from '../types.ts';

const Id = Type.String({ maxLength: 64 });
const QrAccount = Type.Object({
  id: Type.String(),
  bankAccountId: Type.String(),
  iban: Type.String(),
  currency: Type.String(),
  balance: Type.String(),
  payeeName: Type.String(),
  status: Type.Literal('open'),
  createdAt: Type.String(),
  accountCode: Type.Object({ id: Type.String(), reference: Type.String(), payload: Type.String() }),
});
const Status = Type.Union([
  Type.Literal('open'),
  Type.Literal('closed'),
  Type.Literal('cancelled'),
  Type.Literal('expired'),
]);
const PaymentRequest = Type.Object({
  id: Type.String(),
  qrAccountId: Type.String(),
  payload: Type.String(),
  amount: Type.String(),
  currency: Type.String(),
  status: Status,
  note: Type.Union([Type.String(), Type.Null()]),
  expiresAt: Type.String(),
  createdAt: Type.String(),
  closedAt: Type.Union([Type.String(), Type.Null()]),
  cancelledAt: Type.Union([Type.String(), Type.Null()]),
  paidByPaymentId: Type.Union([Type.String(), Type.Null()]),
});
const PictureQuery = Type.Object({
  size: Type.Optional(Type.Integer({ minimum: pngSizeMin, maximum: pngSizeMax })),
});

export const qrRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('preHandler', requireEnrolledSession(app as unknown as App));
  const { database, clock, config } = app.deps;
  const payload = payloadSettingsFromConfig(config);
  const context = { clock, payload };
  const tags = ['qr'];

  app.get(
    '/qr-accounts',
    { schema: { tags, response: { 200: Type.Array(QrAccount) } } },
    async (request) =>
      (await listQrAccounts(database.db, sessionOf(request).customerId, payload)).map(
        qrAccountAnswer,
      ),
  );

  app.post(
    '/qr-accounts',
    {
      schema: {
        tags,
        body: Type.Object({ bankAccountId: Id }),
        response: { 201: QrAccount, ...problemResponses('NOT_FOUND', 'QR_ACCOUNT_EXISTS') },
      },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      const customer = await getCustomer(database.db, session.customerId);
      const opened = await inTransaction(database, (trx) =>
        openQrAccount(
          trx,
          {
            customerId: session.customerId,
            bankAccountId: request.body.bankAccountId,
            payeeName: customer.fullName,
          },
          context,
        ),
      );
      return reply.code(201).send(qrAccountAnswer(opened));
    },
  );

  app.get(
    '/qr-accounts/:id',
    {
      schema: {
        tags,
        params: Type.Object({ id: Id }),
        response: { 200: QrAccount, ...problemResponses('NOT_FOUND') },
      },
    },
    async (request) =>
      qrAccountAnswer(
        await getQrAccount(database.db, sessionOf(request).customerId, request.params.id, payload),
      ),
  );

  app.delete(
    '/qr-accounts/:id',
    {
      schema: {
        tags,
        description:
          '"Fshij Llogarinë" → "Aprovo": needs ?confirm=true. Every code of the account stops being payable at once.',
        params: Type.Object({ id: Id }),
        querystring: Type.Object({ confirm: Type.Optional(Type.Boolean()) }),
        response: {
          200: Type.Object({
            id: Type.String(),
            deletedAt: Type.String(),
            cancelledRequests: Type.Integer(),
          }),
          ...problemResponses('NOT_FOUND'),
        },
      },
    },
    async (request) => {
      const customerId = sessionOf(request).customerId;
      if (request.query.confirm !== true) {
        await getQrAccount(database.db, customerId, request.params.id, payload); // NOT_FOUND first for others' accounts
        throw new DomainError(
          'VALIDATION_FAILED',
          'approve the deletion: repeat the request with confirm=true',
          { field: 'confirm' },
        );
      }
      const deleted = await inTransaction(database, (trx) =>
        deleteQrAccount(trx, customerId, request.params.id, context),
      );
      return { ...deleted, deletedAt: deleted.deletedAt.toISOString() };
    },
  );

  registerPictures(app as unknown as App, '/qr-accounts/:id/code', (request) =>
    accountCodePayload(database.db, sessionOf(request).customerId, request.params.id, payload),
  );
  registerPictures(app as unknown as App, '/requests/:id/qr', async (request) => {
    const found = await getPaymentRequest(
      database.db,
      sessionOf(request).customerId,
      request.params.id,
      context,
    );
    return found.payload;
  });

  app.get(
    '/qr-accounts/:id/code',
    {
      schema: {
        tags,
        params: Type.Object({ id: Id }),
        response: {
          200: Type.Object({ payload: Type.String() }),
          ...problemResponses('NOT_FOUND'),
        },
      },
    },
    async (request) => ({
      payload: await accountCodePayload(
        database.db,
        sessionOf(request).customerId,
        request.params.id,
        payload,
      ),
    }),
  );

  app.post(
    '/requests',
    {
      schema: {
        tags,
        body: Type.Object({
          qrAccountId: Id,
          amount: Type.String({ maxLength: 40 }),
          note: Type.Optional(Type.String({ maxLength: 400 })),
        }),
        response: { 201: PaymentRequest, ...problemResponses('NOT_FOUND') },
      },
    },
    async (request, reply) => {
      const settings = settingsOf(request);
      const created = await inTransaction(database, (trx) =>
        createPaymentRequest(
          trx,
          { customerId: sessionOf(request).customerId, ...request.body },
          { ...context, settings },
        ),
      );
      return reply.code(201).send(requestAnswer(created));
    },
  );

  app.get(
    '/requests',
    {
      schema: {
        tags,
        description: '"Kërkesat": newest first, filterable by status and QR account.',
        querystring: Type.Object({
          status: Type.Optional(Status),
          qrAccountId: Type.Optional(Id),
          cursor: Type.Optional(Type.String({ maxLength: 300 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: pageSizeMax })),
        }),
        response: {
          200: Type.Object({
            items: Type.Array(PaymentRequest),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
        },
      },
    },
    async (request) => {
      const page = await listPaymentRequests(
        database.db,
        sessionOf(request).customerId,
        request.query,
        context,
      );
      return { items: page.items.map(requestAnswer), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/requests/:id',
    {
      schema: {
        tags,
        params: Type.Object({ id: Id }),
        response: { 200: PaymentRequest, ...problemResponses('NOT_FOUND') },
      },
    },
    async (request) =>
      requestAnswer(
        await getPaymentRequest(
          database.db,
          sessionOf(request).customerId,
          request.params.id,
          context,
        ),
      ),
  );

  app.post(
    '/requests/:id/cancel',
    {
      schema: {
        tags,
        description: '"Anulo QR": only while open.',
        params: Type.Object({ id: Id }),
        response: {
          200: PaymentRequest,
          ...problemResponses('NOT_FOUND', 'QR_USED', 'QR_CANCELLED', 'QR_EXPIRED'),
        },
      },
    },
    async (request) => {
      const cancelled = await inTransaction(database, (trx) =>
        cancelPaymentRequest(trx, sessionOf(request).customerId, request.params.id, context),
      );
      return requestAnswer(cancelled);
    },
  );
};

type PictureRequest = FastifyRequest<{ Params: { id: string }; Querystring: { size?: number } }>;

/** `<path>.png` and `<path>.svg` of a code whose payload comes from the server only. */
function registerPictures(
  app: App,
  path: string,
  payloadOf: (request: PictureRequest) => Promise<string>,
): void {
  const schema = { tags: ['qr'], params: Type.Object({ id: Id }) };
  app.get(
    `${path}.png`,
    { schema: { ...schema, querystring: PictureQuery } },
    async (request, reply) => sendPng(reply, await payloadOf(request), request.query.size),
  );
  app.get(`${path}.svg`, { schema }, async (request, reply) =>
    sendSvg(reply, await payloadOf(request as PictureRequest)),
  );
}

async function sendPng(reply: FastifyReply, text: string, size: number | undefined) {
  const png = await renderPng(text, size === undefined ? {} : { size });
  return reply.type('image/png').header('cache-control', 'private, no-store').send(png);
}

async function sendSvg(reply: FastifyReply, text: string) {
  return reply
    .type('image/svg+xml')
    .header('cache-control', 'private, no-store')
    .send(await renderSvg(text));
}

function qrAccountAnswer(view: QrAccountView) {
  return { ...view, createdAt: view.createdAt.toISOString() };
}

function requestAnswer(view: PaymentRequestView) {
  return {
    ...view,
    expiresAt: view.expiresAt.toISOString(),
    createdAt: view.createdAt.toISOString(),
    closedAt: view.closedAt?.toISOString() ?? null,
    cancelledAt: view.cancelledAt?.toISOString() ?? null,
  };
}
