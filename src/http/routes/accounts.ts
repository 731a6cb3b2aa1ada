/** The customer's bank accounts, to choose from when opening a QR account (guide §4.1). */
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { customerBankAccounts } from '../../ledger/accounts.ts';
import { BankAccountSchema } from '../../ledger/views.ts';
import { guardEnrolled, sessionOf } from '../auth.ts';

export const accountRoutes: FastifyPluginAsyncTypebox = async (app) => {
  guardEnrolled(app);
  const { database } = app.deps;
  app.get(
    '/bank-accounts',
    { schema: { tags: ['accounts'], response: { 200: Type.Array(BankAccountSchema) } } },
    async (request) => customerBankAccounts(database.db, sessionOf(request).customerId),
  );
};
