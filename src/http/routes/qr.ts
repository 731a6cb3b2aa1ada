/**
 * QR accounts ("Llogaritë e mia", "Krijoni Llogari QR", "Fshij Llogarinë"), their account codes,
 * and payment requests ("Specifikoni Shumën", "Kërkesat", "Anulo QR"), with pictures (PNG, SVG).
 * Others' accounts and requests answer NOT_FOUND, never FORBIDDEN.
 */
import { Type, type FastifyPluginAsyncTypebox, type Static } from '@fastify/type-provider-typebox';
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
  shareCountMax,
  shareCountMin,
} from '../../qr/index.ts';
import {
  type CardContent,
  type CardLanguage,
  renderCardPng,
  renderCardSvg,
} from '../../qr/card.ts';
import { payerNamesOf } from '../../payments/history.ts';
import { recordSplitProgress } from '../../payments/split-progress.ts';
import { guardEnrolled, sessionOf, settingsOf } from '../auth.ts';
import { problemResponses } from '../problem.ts';
import type { App } from '../types.ts';

const Id = Type.String({ maxLength: 64 });
export const QrAccount = Type.Object({
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
export type QrAccount = Static<typeof QrAccount>;
export const RequestStatus = Type.Union([
  Type.Literal('open'),
  Type.Literal('closed'),
  Type.Literal('cancelled'),
  Type.Literal('expired'),
]);
export type RequestStatus = Static<typeof RequestStatus>;
export const SplitSchema = Type.Object({
  shareCount: Type.Integer({ minimum: shareCountMin, maximum: shareCountMax }),
  paidShares: Type.Integer({ minimum: 0 }),
  total: Type.String(),
  shareAmount: Type.String(),
  firstShareAmount: Type.String(),
  oneSharePerPayer: Type.Boolean(),
});
export type Split = Static<typeof SplitSchema>;
export const PaymentRequest = Type.Object({
  id: Type.String(),
  qrAccountId: Type.String(),
  payload: Type.String(),
  amount: Type.String(),
  currency: Type.String(),
  status: RequestStatus,
  note: Type.Union([Type.String(), Type.Null()]),
  expiresAt: Type.String(),
  createdAt: Type.String(),
  closedAt: Type.Union([Type.String(), Type.Null()]),
  cancelledAt: Type.Union([Type.String(), Type.Null()]),
  paidByPaymentId: Type.Union([Type.String(), Type.Null()]),
  paidBy: Type.Union([Type.Object({ name: Type.String() }), Type.Null()], {
    description: 'the payer of a paid request (masked name), null otherwise',
  }),
  split: Type.Union([SplitSchema, Type.Null()], {
    description:
      'a split-bill request: `amount` (and the code) is the regular share, the first share adds the remainder',
  }),
});
export type PaymentRequest = Static<typeof PaymentRequest>;
export const DeletedQrAccount = Type.Object({
  id: Type.String(),
  deletedAt: Type.String(),
  cancelledRequests: Type.Integer(),
});
export type DeletedQrAccount = Static<typeof DeletedQrAccount>;
export const RequestPage = Type.Object({
  items: Type.Array(PaymentRequest),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type RequestPage = Static<typeof RequestPage>;
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
          200: DeletedQrAccount,
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
      validUntil: found.expiresAt,
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
          201: PaymentRequest,
          ...problemResponses('NOT_FOUND', 'QR_ACCOUNT_NOT_VALID'),
        },
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
          status: Type.Optional(RequestStatus),
          qrAccountId: Type.Optional(Id),
          cursor: Type.Optional(Type.String({ maxLength: 300 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: pageSizeMax })),
        }),
        response: { 200: RequestPage },
      },
    },
    async (request) => {
      const page = await listPaymentRequests(
        database.db,
        sessionOf(request).customerId,
        request.query,
        context,
      );
      const payers = await payerNamesOf(
        database.db,
        sessionOf(request).customerId,
        page.items.flatMap((item) => item.paidByPaymentId ?? []),
      );
      return {
        items: page.items.map((item) => requestAnswer(item, payers)),
        nextCursor: page.nextCursor,
      };
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
    async (request) => {
      const customerId = sessionOf(request).customerId;
      const found = await getPaymentRequest(database.db, customerId, request.params.id, context);
      const payers = await payerNamesOf(database.db, customerId, [found.paidByPaymentId ?? '']);
      return requestAnswer(found, payers);
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
          200: PaymentRequest,
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

function qrAccountAnswer(view: QrAccountView) {
  return { ...view, createdAt: view.createdAt.toISOString() };
}

function requestAnswer(view: PaymentRequestView, payers: ReadonlyMap<string, string> = new Map()) {
  const payerName = view.paidByPaymentId ? payers.get(view.paidByPaymentId) : undefined;
  return {
    ...view,
    paidBy: payerName === undefined ? null : { name: payerName },
    expiresAt: view.expiresAt.toISOString(),
    createdAt: view.createdAt.toISOString(),
    closedAt: view.closedAt?.toISOString() ?? null,
    cancelledAt: view.cancelledAt?.toISOString() ?? null,
  };
}
