/** QR module fixtures: a customer with bank accounts, and the ports the QR functions take. */
import { TestClock } from '../../src/core/clock.ts';
import { loadConfig } from '../../src/core/config.ts';
import { defaultSettings } from '../../src/core/settings.ts';
import type { Executor } from '../../src/db/transaction.ts';
import { deposit, ensureInternalAccounts, openCustomerAccount } from '../../src/ledger/index.ts';
import type { RequestContext } from '../../src/qr/requests.ts';
import { payloadSettingsFromConfig } from '../../src/qr/store.ts';
import { insertTestCustomer, testScheme } from '../helpers/ledger.ts';

export const testConfig = loadConfig({ NODE_ENV: 'test' });
export const payloadSettings = payloadSettingsFromConfig(testConfig);

export function testContext(clock = new TestClock()): RequestContext & { clock: TestClock } {
  return { clock, payload: payloadSettings, settings: defaultSettings() };
}

export interface TestCustomer {
  readonly customerId: string;
  readonly name: string;
  /** Bank account ids by currency. */
  readonly accounts: Record<string, string>;
}

/** A customer with one bank account per currency, each holding `balance` minor units. */
export async function customerWithAccounts(
  db: Executor,
  name: string,
  currencies: readonly string[] = ['EUR'],
  balance = 50_000n,
): Promise<TestCustomer> {
  await ensureInternalAccounts(db, currencies);
  const customerId = await insertTestCustomer(db, name);
  const accounts: Record<string, string> = {};
  for (const currency of currencies) {
    const account = await openCustomerAccount(db, testScheme, { customerId, currency });
    await deposit(db, { accountId: account.id, amount: balance, actor: 'test' });
    accounts[currency] = account.id;
  }
  return { customerId, name, accounts };
}

export function account(customer: TestCustomer, currency = 'EUR'): string {
  const id = customer.accounts[currency];
  if (id === undefined) throw new Error(`test customer has no ${currency} account`);
  return id;
}
