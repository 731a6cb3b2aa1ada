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
  shareCountMax,
  shareCountMin,
} from '../../qr/index.ts';
import {
  DeletedQrAccountSchema,
  PaymentRequestSchema,
  QrAccountSchema,
  RequestPageSchema,
  RequestStatusSchema,
} from '../../qr/views.ts';
import {
  type CardContent,
  type CardLanguage,
  renderCardPng,
  renderCardSvg,
} from '../../qr/card.ts';
import { withPayer, withPayers } from '../../payments/request-payers.ts';
import { recordSplitProgress } from '../../payments/split-progress.ts';
import { guardEnrolled, sessionOf, settingsOf } from '../auth.ts';
import { problemResponses } from '../problem.ts';
import type { App } from '../types.ts';

const Id = Type.String({ maxLength: 64 });
const PictureQuery = Type.Object({
  size: Type.Optional(Type.Integer({ minimum: pngSizeMin, maximum: pngSizeMax })),
});

export const qrRoutes: FastifyPluginAsyncTypebox = async (app) => {
  guardEnrolled(app);
  const { database, clock, config } = app.deps;
  const payload = payloadSettingsFromConfig(config);
  const context = { clock, payload };
  const tags = ['qr'];

  app.get(
    '/qr-accounts',
    { schema: { tags, response: { 200: Type.Array(QrAccountSchema) } } },
    async (request) => listQrAccounts(database.db, sessionOf(request).customerId, payload),
  );

  app.post(
    '/qr-accounts',
    {
      schema: {
        tags,
        body: Type.Object({ bankAccountId: Id }),
        response: { 201: QrAccountSchema, ...problemResponses('NOT_FOUND', 'QR_ACCOUNT_EXISTS') },
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
      return reply.code(201).send(opened);
    },
  );

  app.get(
    '/qr-accounts/:id',
    {
      schema: {
        tags,
        params: Type.Object({ id: Id }),
        response: { 200: QrAccountSchema, ...problemResponses('NOT_FOUND') },
      },
    },
    async (request) =>
      getQrAccount(database.db, sessionOf(request).customerId, request.params.id, payload),
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
          200: DeletedQrAccountSchema,
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
      return inTransaction(database, (trx) =>
        deleteQrAccount(trx, customerId, request.params.id, context),
      );
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

  registerCards(app as unknown as App, '/qr-accounts/:id/card', async (request) => {
    const account = await getQrAccount(
      database.db,
      sessionOf(request).customerId,
      request.params.id,
      payload,
    );
    return {
      payload: account.accountCode.payload,
      payeeName: account.payeeName,
      currency: account.currency,
      amount: null,
      validUntil: null,
    };
  });
  registerCards(app as unknown as App, '/requests/:id/card', async (request) => {
    const customerId = sessionOf(request).customerId;
    const found = await getPaymentRequest(database.db, customerId, request.params.id, context);
    const account = await getQrAccount(database.db, customerId, found.qrAccountId, payload);
    return {
      payload: found.payload,
      payeeName: account.payeeName,
      currency: found.currency,
      amount: found.amount,
      validUntil: new Date(found.expiresAt),
    };
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
          amount: Type.String({
            maxLength: 40,
            description: 'the amount to pay; with `shares`, the whole bill',
          }),
          note: Type.Optional(Type.String({ maxLength: 400 })),
          shares: Type.Optional(
            Type.Integer({
              minimum: shareCountMin,
              maximum: shareCountMax,
              description:
                '"Ndaje faturën": split the bill into this many shares, each paid by one scan',
            }),
          ),
          oneSharePerPayer: Type.Optional(
            Type.Boolean({
              description: 'with `shares`: each payer pays one share (default true)',
            }),
          ),
        }),
        response: {
          201: PaymentRequestSchema,
          ...problemResponses('NOT_FOUND', 'QR_ACCOUNT_NOT_VALID'),
        },
      },
    },
    async (request, reply) => {
      const settings = settingsOf(request);
      const customerId = sessionOf(request).customerId;
      const created = await inTransaction(database, (trx) =>
        createPaymentRequest(trx, { customerId, ...request.body }, { ...context, settings }),
      );
      return reply.code(201).send(await withPayer(database.db, customerId, created));
    },
  );

  app.get(
    '/requests',
    {
      schema: {
        tags,
        description: '"Kërkesat": newest first, filterable by status and QR account.',
        querystring: Type.Object({
          status: Type.Optional(RequestStatusSchema),
          qrAccountId: Type.Optional(Id),
          cursor: Type.Optional(Type.String({ maxLength: 300 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: pageSizeMax })),
        }),
        response: { 200: RequestPageSchema },
      },
    },
    async (request) => {
      const customerId = sessionOf(request).customerId;
      const page = await listPaymentRequests(database.db, customerId, request.query, context);
      return { ...page, items: await withPayers(database.db, customerId, page.items) };
    },
  );

  app.get(
    '/requests/:id',
    {
      schema: {
        tags,
        params: Type.Object({ id: Id }),
        response: { 200: PaymentRequestSchema, ...problemResponses('NOT_FOUND') },
      },
    },
    async (request) => {
      const customerId = sessionOf(request).customerId;
      const found = await getPaymentRequest(database.db, customerId, request.params.id, context);
      return withPayer(database.db, customerId, found);
    },
  );

  app.post(
    '/requests/:id/cancel',
    {
      schema: {
        tags,
        description:
          '"Anulo QR": only while open. A split-bill code refuses its unpaid shares; paid shares stay paid.',
        params: Type.Object({ id: Id }),
        response: {
          200: PaymentRequestSchema,
          ...problemResponses(
            'NOT_FOUND',
            'QR_USED',
            'SPLIT_ALL_PAID',
            'QR_CANCELLED',
            'QR_EXPIRED',
          ),
        },
      },
    },
    async (request) => {
      const customerId = sessionOf(request).customerId;
      const cancelled = await inTransaction(database, async (trx) => {
        const view = await cancelPaymentRequest(trx, customerId, request.params.id, context);
        if (view.split)
          await recordSplitProgress(trx, {
            codeId: view.id,
            payeeCustomerId: customerId,
            progress: {
              type: 'split.progress',
              requestId: view.id,
              paymentId: null,
              paidShares: view.split.paidShares,
              shareCount: view.split.shareCount,
              status: 'cancelled',
            },
            events: [],
          });
        return view;
      });
      return withPayer(database.db, customerId, cancelled);
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

const CardQuery = Type.Object({
  lang: Type.Optional(Type.Union([Type.Literal('sq'), Type.Literal('en')], { default: 'sq' })),
  width: Type.Optional(Type.Integer({ minimum: pngSizeMin, maximum: pngSizeMax })),
});
type CardRequest = FastifyRequest<{
  Params: { id: string };
  Querystring: { lang?: CardLanguage; width?: number };
}>;

/**
 * `<path>.png` and `<path>.svg`: the share card of a code (QR, masked name, amount, validity,
 * the bank's name), in the customer's language.
 */
function registerCards(
  app: App,
  path: string,
  contentOf: (request: CardRequest) => Promise<Omit<CardContent, 'bankName' | 'language'>>,
): void {
  const schema = { tags: ['qr'], params: Type.Object({ id: Id }), querystring: CardQuery };
  const cardOf = async (request: CardRequest): Promise<CardContent> => ({
    ...(await contentOf(request)),
    bankName: app.deps.config.bankName,
    language: request.query.lang ?? 'sq',
  });
  app.get(`${path}.png`, { schema }, async (request, reply) =>
    reply
      .type('image/png')
      .header('cache-control', 'private, no-store')
      .send(await renderCardPng(await cardOf(request), request.query.width)),
  );
  app.get(`${path}.svg`, { schema }, async (request, reply) =>
    reply
      .type('image/svg+xml')
      .header('cache-control', 'private, no-store')
      .send(await renderCardSvg(await cardOf(request))),
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
