/** Test fixtures for the ledger: customers and funded accounts, straight through module functions. */
import { newCif, newId } from '../../src/core/ids.ts';
import type { Executor } from '../../src/db/transaction.ts';
import {
  type LedgerAccount,
  deposit,
  ensureInternalAccounts,
  openCustomerAccount,
} from '../../src/ledger/index.ts';

export const testScheme = { country: 'XK', bankCode: '1212' } as const;

export async function insertTestCustomer(db: Executor, name = 'Test Customer'): Promise<string> {
  const id = newId();
  await db
    .insertInto('customers')
    .values({
      id,
      cif: newCif(),
      full_name: name,
      phone: '+38344000000',
      password_hash: 'not-a-hash',
    })
    .execute();
  return id;
}

export async function fundedAccount(
  db: Executor,
  options: { currency?: string; balance?: bigint; overdraft?: bigint } = {},
): Promise<LedgerAccount> {
  const currency = options.currency ?? 'EUR';
  await ensureInternalAccounts(db, [currency]);
  const customerId = await insertTestCustomer(db);
  const account = await openCustomerAccount(db, testScheme, {
    customerId,
    currency,
    overdraftLimit: options.overdraft ?? 0n,
  });
  if ((options.balance ?? 0n) === 0n) return account;
  return (
    await deposit(db, { accountId: account.id, amount: options.balance ?? 0n, actor: 'test' })
  ).account;
}
