/**
 * The fault suite's bank, made directly in the database before any server starts (so it works
 * on a PGlite folder too): customers with funded EUR accounts (test/helpers/bank.ts) and long
 * sessions, a tariff, then enrollment and a QR account per customer through the real HTTP API.
 */
import { systemClock } from '../../../src/core/clock.ts';
import { parsePercent } from '../../../src/core/money.ts';
import type { Database } from '../../../src/db/connection.ts';
import { updateSetting } from '../../../src/db/settings.ts';
import { loadSettings } from '../../../src/db/settings.ts';
import { createSession } from '../../../src/identity/sessions.ts';
import { ensureInternalAccounts } from '../../../src/ledger/index.ts';
import { setTariff } from '../../../src/payments/tariffs.ts';
import { customerWithMoney, type TestCustomer } from '../../helpers/bank.ts';
import type { ApiClient } from './client.ts';

export interface SuiteCustomer extends TestCustomer {
  readonly index: number;
  readonly token: string;
  qrAccountId: string;
  accountCode: string;
}

/** What each customer starts with, and the total the end check expects to find again. */
export const openingBalanceMinor = 500_000n; // 5,000.00 EUR
export const overdraftMinor = 20_000n; // 200.00 EUR on every other customer

export const suitePassword = 'fault suite password';

export async function seedBank(database: Database, customers: number): Promise<SuiteCustomer[]> {
  await ensureInternalAccounts(database.db, ['EUR', 'USD', 'CHF', 'ALL']);
  // Sessions that outlive the run; the suite is about payments, not logins.
  await updateSetting(database.db, 'sessions.idleMinutes', '1440', 'fault-suite');
  await updateSetting(database.db, 'sessions.absoluteMinutes', '10080', 'fault-suite');
  await setTariff(
    database.db,
    {
      currency: 'EUR',
      fixedMinor: 10n,
      percent: parsePercent('0.1'),
      minMinor: 10n,
      maxMinor: 200n,
    },
    'fault-suite',
  );
  const settings = await loadSettings(database.db);
  const made: SuiteCustomer[] = [];
  // Distinct numbers per run, so a second seeding on the same database (smoke) does not collide.
  const phoneBase = Math.floor(Math.random() * 900_000);
  for (let index = 0; index < customers; index += 1) {
    const customer = await customerWithMoney(database.db, {
      name: `Payer ${String.fromCharCode(65 + (index % 26))}${index} Krasniqi`,
      phone: `+38344${String(phoneBase + index).padStart(6, '0')}`,
      password: suitePassword,
      balance: openingBalanceMinor,
      overdraft: index % 2 === 0 ? overdraftMinor : 0n,
    });
    const { token } = await createSession(
      database.db,
      { customerId: customer.customerId, level: 'full' },
      systemClock,
      settings,
    );
    made.push({
      ...customer,
      index,
      token,
      qrAccountId: '',
      accountCode: '',
    });
  }
  return made;
}

/** Enrollment and a QR account per customer, through the API of a running server. */
export async function openQrAccounts(api: ApiClient, customers: SuiteCustomer[]): Promise<void> {
  const terms = await api.request<{ version: string }>('GET', '/api/terms');
  for (const customer of customers) {
    const enrolled = await api.request('POST', '/api/enrollment', {
      token: customer.token,
      body: { termsVersion: terms.body.version },
    });
    if (enrolled.status !== 200) throw new Error(`enrollment: ${JSON.stringify(enrolled.body)}`);
    const opened = await api.request<{ id: string; accountCode: { payload: string } }>(
      'POST',
      '/api/qr-accounts',
      { token: customer.token, body: { bankAccountId: customer.bankAccountId } },
    );
    if (opened.status !== 201) throw new Error(`QR account: ${JSON.stringify(opened.body)}`);
    customer.qrAccountId = opened.body.id;
    customer.accountCode = opened.body.accountCode.payload;
  }
}
