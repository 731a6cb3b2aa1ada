import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engineName, type TestDatabase } from '../../test/helpers/database.ts';
import { loadConfig } from '../core/config.ts';
import { isDomainError } from '../core/errors.ts';
import { formatAmount } from '../core/money.ts';
import { listAudit } from '../db/audit.ts';
import { createCustomer, getCustomerByCif, listCustomers } from '../identity/customers.ts';
import { verifyPassword } from '../identity/passwords.ts';
import { listCustomerAccounts, verifyLedger } from '../ledger/index.ts';
import { currentRates } from '../payments/rates.ts';
import { listTariffs } from '../payments/tariffs.ts';
import { existingDemoCredentials, seedDemoBank, seedDemoIfEmpty } from './seed.ts';

const config = loadConfig({ NODE_ENV: 'test' });

async function rowCounts(database: TestDatabase) {
  const count = async (
    table:
      'customers' | 'ledger_accounts' | 'ledger_postings' | 'bank_rates' | 'tariffs' | 'audit_log',
  ) =>
    (
      await database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;
  return {
    customers: await count('customers'),
    accounts: await count('ledger_accounts'),
    postings: await count('ledger_postings'),
    rates: await count('bank_rates'),
    tariffs: await count('tariffs'),
    audit: await count('audit_log'),
  };
}

describe(`demo seed on ${engineName}`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('seeds an empty bank: two customers with money, rates and tariffs for every currency', async () => {
    const credentials = await seedDemoIfEmpty(database, config);
    expect(credentials?.customers).toEqual([
      { name: 'Arta Krasniqi', cif: '10000001', password: 'demo1234' },
      { name: 'Besnik Gashi', cif: '10000002', password: 'demo1234' },
    ]);
    const besnik = await getCustomerByCif(database.db, '10000002');
    const accounts = await listCustomerAccounts(database.db, besnik.id);
    expect(
      accounts.map((a) => [
        a.currency,
        formatAmount(a.balance, a.currency),
        formatAmount(a.overdraftLimit, a.currency),
      ]),
    ).toEqual([
      ['EUR', '1000.00', '200.00'],
      ['CHF', '500.00', '0.00'],
    ]);
    const rates = await currentRates(database.db);
    expect([...rates.keys()].sort()).toEqual(['ALL', 'CHF', 'EUR', 'USD']);
    expect((await listTariffs(database.db)).map((t) => t.currency)).toEqual([
      'ALL',
      'CHF',
      'EUR',
      'USD',
    ]);
    const login = await database.db
      .selectFrom('customers')
      .select('password_hash')
      .where('cif', '=', '10000001')
      .executeTakeFirstOrThrow();
    expect(await verifyPassword(login.password_hash, 'demo1234')).toBe(true);
    expect((await verifyLedger(database.db)).ok).toBe(true);
  });

  it('changes nothing when run again, and seedDemoIfEmpty skips a bank with customers', async () => {
    const before = await rowCounts(database);
    const again = await seedDemoBank(database, config, 'test');
    expect(again.created).toEqual([]);
    expect(await seedDemoIfEmpty(database, config)).toBeUndefined();
    expect(await rowCounts(database)).toEqual(before);
  });

  it('records each change in the audit log', async () => {
    const [summary] = await listAudit(database.db, { action: 'demo.seed' });
    expect(summary?.actor).toBe('system:demo-seed');
    expect(summary?.details.created).toContain('customer 10000001');
    expect(await listAudit(database.db, { action: 'account.deposit' })).toHaveLength(4);
  });

  it('is never seeded in production', async () => {
    const production = { ...config, env: 'production' as const, seedDemo: true };
    expect(await seedDemoIfEmpty(database, production)).toBeUndefined();
    await expect(seedDemoBank(database, production, 'test')).rejects.toThrow(/production/);
  });
});

describe(`demo seed beside real customers on ${engineName}`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('refuses to put demo money into a real customer who holds a demo CIF', async () => {
    const input = {
      fullName: 'Real Person',
      phone: '+38349000000',
      password: 'secret123',
      cif: '10000001',
    };
    await createCustomer(database.db, input, 'test');
    const outcome = await seedDemoBank(database, config, 'test').catch((error: unknown) => error);
    expect(isDomainError(outcome, 'CONFLICT')).toBe(true);
    expect((await listCustomers(database.db)).map((c) => c.fullName)).toEqual(['Real Person']);
  });
});

describe(`demo credentials on later starts on ${engineName}`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('lists the demo customers a seeded database has, and nothing before seeding or in production', async () => {
    expect(await existingDemoCredentials(database.db, config)).toBeUndefined();
    await seedDemoBank(database, config, 'test');
    expect(await existingDemoCredentials(database.db, config)).toEqual({
      customers: [
        { name: 'Arta Krasniqi', cif: '10000001', password: 'demo1234' },
        { name: 'Besnik Gashi', cif: '10000002', password: 'demo1234' },
      ],
    });
    const production = { ...config, env: 'production' as const };
    expect(await existingDemoCredentials(database.db, production)).toBeUndefined();
  });
});
