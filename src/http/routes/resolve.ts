/**
 * A scanned code, resolved the moment it is scanned (issue 13): who it pays, in which currency,
 * whether the amount is fixed, or the refusal (deleted account, paid, cancelled, expired, forged)
 * before the payer types anything. It needs no paying account and moves no money; the quote
 * (`POST /api/payments/quotes`) remains what the confirmation screen shows.
 */
import { Type, type FastifyPluginAsyncTypebox, type Static } from '@fastify/type-provider-typebox';
import { formatAmount } from '../../core/money.ts';
import { payloadSettingsFromConfig, resolvePayload, resolveRefusals } from '../../qr/index.ts';
import { guardEnrolled } from '../auth.ts';
import { problemResponses } from '../problem.ts';

export const ResolvedCodeSchema = Type.Object({
  kind: Type.Union([Type.Literal('account'), Type.Literal('request')]),
  payee: Type.Object({ name: Type.String({ description: 'masked, e.g. "Arta K."' }) }),
  currency: Type.String(),
  amount: Type.Union([Type.String(), Type.Null()], {
    description: 'the fixed amount of a request; null for an account code (the payer types it)',
  }),
  note: Type.Union([Type.String(), Type.Null()]),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
});

export type ResolvedCodeAnswer = Static<typeof ResolvedCodeSchema>;

export const resolveRoutes: FastifyPluginAsyncTypebox = async (app) => {
  guardEnrolled(app);
  const { database, clock, config } = app.deps;
  const payload = payloadSettingsFromConfig(config);

  app.post(
    '/payments/resolve',
    {
      schema: {
        tags: ['payments'],
        description:
          'What a scanned code is: payee, currency, fixed amount if any; or why it cannot be paid.',
        body: Type.Object({ payload: Type.String({ minLength: 1, maxLength: 1024 }) }),
        response: { 200: ResolvedCodeSchema, ...problemResponses(...resolveRefusals) },
      },
    },
    async (request): Promise<ResolvedCodeAnswer> => {
      const resolved = await resolvePayload(database.db, request.body.payload, {
        clock,
        payload,
      });
      const { code } = resolved;
      return {
        kind: code.kind,
        payee: { name: resolved.payee.name },
        currency: code.currency,
        amount: code.amountMinor === null ? null : formatAmount(code.amountMinor, code.currency),
        note: code.note,
        expiresAt: code.expiresAt?.toISOString() ?? null,
      };
    },
  );
};
