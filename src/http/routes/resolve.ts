/**
 * A scanned code, resolved the moment it is scanned (issue 13): who it pays, in which currency,
 * whether the amount is fixed, or the refusal (deleted account, paid, cancelled, expired, forged)
 * before the payer types anything. It needs no paying account and moves no money; the quote
 * (`POST /api/payments/quotes`) remains what the confirmation screen shows.
 */
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { payloadSettingsFromConfig, resolveRefusals, resolveScannedCode } from '../../qr/index.ts';
import { ResolvedCodeAnswerSchema } from '../../qr/views.ts';
import { guardEnrolled } from '../auth.ts';
import { problemResponses } from '../problem.ts';

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
        response: { 200: ResolvedCodeAnswerSchema, ...problemResponses(...resolveRefusals) },
      },
    },
    async (request) => resolveScannedCode(database.db, request.body.payload, { clock, payload }),
  );
};
