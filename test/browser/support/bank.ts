/**
 * The bank's side of a browser test, done the way an operator would (src functions, not the
 * customer's API): customers with funded accounts, rates and the tariff, and the SMS codes the
 * development provider "sent" (read from sms_messages).
 */
import { parsePercent, parseRate } from '../../../src/core/money.ts';
import { inTransaction } from '../../../src/db/transaction.ts';
import { createCustomer } from '../../../src/identity/customers.ts';
import { deposit, openCustomerAccount } from '../../../src/ledger/index.ts';
import { setRate } from '../../../src/payments/rates.ts';
import { setTariff } from '../../../src/payments/tariffs.ts';
import type { BrowserTestServer } from './test-server.ts';

export interface BankCustomer {
  readonly id: string;
  readonly cif: string;
  readonly password: string;
  readonly name: string;
  readonly bankAccountIds: readonly string[];
}

let bankReady = false;

/** Rates and the EUR tariff, as test/helpers/payments.ts sets them: once per server. */
export async function setUpBank(server: BrowserTestServer): Promise<void> {
  if (bankReady) return;
  const db = server.database.db;
  await setRate(db, 'USD', parseRate('1.08'), 'test');
  await setRate(db, 'CHF', parseRate('0.94'), 'test');
  await setRate(db, 'ALL', parseRate('98.5'), 'test');
  await setTariff(
    db,
    {
      currency: 'EUR',
      fixedMinor: 10n,
      percent: parsePercent('0.1'),
      minMinor: 10n,
      maxMinor: 200n,
    },
    'test',
  );
  bankReady = true;
}

export async function createBankCustomer(
  server: BrowserTestServer,
  name: string,
  accounts: readonly { currency: string; balanceMinor: bigint }[] = [
    { currency: 'EUR', balanceMinor: 500_000n },
  ],
): Promise<BankCustomer> {
  await setUpBank(server);
  const password = 'correct horse battery';
  const customer = await createCustomer(
    server.database.db,
    { fullName: name, phone: '+38344111222', password },
    'test',
  );
  const bankAccountIds: string[] = [];
  for (const account of accounts) {
    const opened = await inTransaction(server.database, async (trx) => {
      const created = await openCustomerAccount(
        trx,
        { country: 'XK', bankCode: '1212' },
        { customerId: customer.id, currency: account.currency, overdraftLimit: 0n },
      );
      if (account.balanceMinor > 0n)
        await deposit(trx, { accountId: created.id, amount: account.balanceMinor, actor: 'test' });
      return created;
    });
    bankAccountIds.push(opened.id);
  }
  return { id: customer.id, cif: customer.cif, password, name, bankAccountIds };
}

/** The newest SMS code sent to this CIF after `since` (waits for the dispatcher). */
export async function smsCodeFor(
  server: BrowserTestServer,
  cif: string,
  seenBefore = 0,
): Promise<{ code: string; count: number }> {
  for (let attempt = 0; attempt < 50; attempt++) {
    await server.dispatcher.dispatchOnce();
    const rows = await server.database.db
      .selectFrom('sms_messages')
      .select(['id', 'text'])
      .where('cif', '=', cif)
      .orderBy('id', 'desc')
      .execute();
    const code = /(\d{4})/.exec(rows[0]?.text ?? '')?.[1];
    if (code && rows.length > seenBefore) return { code, count: rows.length };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no SMS code reached ${cif}`);
}

export async function smsCount(server: BrowserTestServer, cif: string): Promise<number> {
  const rows = await server.database.db
    .selectFrom('sms_messages')
    .select('id')
    .where('cif', '=', cif)
    .execute();
  return rows.length;
}
