/** The customer's bank accounts, to choose from when opening a QR account (guide §4.1). */
import { Type, type FastifyPluginAsyncTypebox, type Static } from '@fastify/type-provider-typebox';
import { formatAmount } from '../../core/money.ts';
import { listCustomerAccounts } from '../../ledger/accounts.ts';
import { guardEnrolled, sessionOf } from '../auth.ts';

export const BankAccount = Type.Object({
  id: Type.String(),
  iban: Type.String(),
  currency: Type.String(),
  balance: Type.String(),
  available: Type.String({ description: 'balance plus the approved overdraft' }),
  overdraftLimit: Type.String(),
});
export type BankAccount = Static<typeof BankAccount>;

export const accountRoutes: FastifyPluginAsyncTypebox = async (app) => {
  guardEnrolled(app);
  const { database } = app.deps;
  app.get(
    '/bank-accounts',
    { schema: { tags: ['accounts'], response: { 200: Type.Array(BankAccount) } } },
    async (request) => {
      const accounts = await listCustomerAccounts(database.db, sessionOf(request).customerId);
      return accounts.map((a) => ({
        id: a.id,
        iban: a.iban ?? '',
        currency: a.currency,
        balance: formatAmount(a.balance, a.currency),
        available: formatAmount(a.available, a.currency),
        overdraftLimit: formatAmount(a.overdraftLimit, a.currency),
      }));
    },
  );
};
