/**
 * What the ledger answers the customer, defined once as a TypeBox schema: the use case returns
 * its Static type (accounts.ts customerBankAccounts), the accounts route
 * (src/http/routes/accounts.ts) validates, filters and documents with the schema, and the web app
 * imports the type (web/src/api/types.ts). No I/O.
 */
import { Type, type Static } from 'typebox';

/** One of the customer's bank accounts, to open a QR account from (guide §4.1). */
export const BankAccountSchema = Type.Object({
  id: Type.String(),
  iban: Type.String(),
  currency: Type.String(),
  balance: Type.String(),
  available: Type.String({ description: 'balance plus the approved overdraft' }),
  overdraftLimit: Type.String(),
});
export type BankAccount = Static<typeof BankAccountSchema>;
