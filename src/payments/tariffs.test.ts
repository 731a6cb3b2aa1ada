import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engineName, type TestDatabase } from '../../test/helpers/database.ts';
import { isDomainError } from '../core/errors.ts';
import { parsePercent } from '../core/money.ts';
import { listAudit } from '../db/audit.ts';
import {
  type Tariff,
  describeTariff,
  feeFor,
  listTariffs,
  setTariff,
  tariffFor,
  zeroTariff,
} from './tariffs.ts';

function tariff(overrides: Partial<Omit<Tariff, 'percent'>> & { percent?: string } = {}): Tariff {
  return {
    currency: 'EUR',
    fixedMinor: 20n,
    minMinor: 20n,
    maxMinor: 500n,
    ...overrides,
    percent: parsePercent(overrides.percent ?? '0.1'),
  };
}

describe('feeFor', () => {
  it('a zero tariff costs nothing', () => {
    expect(feeFor(zeroTariff('EUR'), 0n)).toBe(0n);
    expect(feeFor(zeroTariff('EUR'), 1_000_000n)).toBe(0n);
  });

  it('is fixed plus percent of the amount', () => {
    // 0.20 + 0.1 % of 1000.00 = 0.20 + 1.00
    expect(feeFor(tariff(), 100_000n)).toBe(120n);
  });

  it('never goes below the minimum', () => {
    expect(feeFor(tariff({ fixedMinor: 0n, minMinor: 50n }), 1_000n)).toBe(50n);
  });

  it('never goes above the maximum', () => {
    // 0.20 + 0.1 % of 1,000,000.00 = 1000.20, capped at 5.00
    expect(feeFor(tariff(), 100_000_000n)).toBe(500n);
  });

  it('has no ceiling without a maximum', () => {
    expect(feeFor(tariff({ maxMinor: null }), 100_000_000n)).toBe(100_020n);
  });

  it('rounds the percent half to even, in minor units', () => {
    const percentOnly = tariff({ fixedMinor: 0n, minMinor: 0n, maxMinor: null, percent: '0.5' });
    expect(feeFor(percentOnly, 100n)).toBe(0n); // 0.5 cent → 0 (even)
    expect(feeFor(percentOnly, 300n)).toBe(2n); // 1.5 cents → 2 (even)
    expect(feeFor(percentOnly, 301n)).toBe(2n); // 1.505 cents → 2
  });

  it('works in currencies without decimals', () => {
    const jpy = tariff({
      currency: 'JPY',
      fixedMinor: 10n,
      minMinor: 10n,
      maxMinor: 300n,
      percent: '1',
    });
    expect(feeFor(jpy, 5_000n)).toBe(60n);
  });
});

describe(`tariffs on ${engineName}`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('a currency without a tariff pays the zero tariff', async () => {
    const free = await tariffFor(database.db, 'CHF');
    expect(feeFor(free, 123_456n)).toBe(0n);
  });

  it('stores one tariff per currency, replacing it, and audits old and new', async () => {
    await setTariff(database.db, tariff(), 'test:a');
    await setTariff(
      database.db,
      tariff({ fixedMinor: 10n, minMinor: 10n, maxMinor: 200n }),
      'test:b',
    );
    const stored = await tariffFor(database.db, 'EUR');
    expect(describeTariff(stored)).toEqual({
      currency: 'EUR',
      fixed: '0.10',
      percent: '0.1',
      min: '0.10',
      max: '2.00',
    });
    expect(feeFor(stored, 50_000n)).toBe(60n);
    const [latest] = await listAudit(database.db, { subject: 'EUR', action: 'tariff.set' });
    expect(latest).toMatchObject({
      actor: 'test:b',
      details: { tariff: { fixed: '0.10' }, previous: { fixed: '0.20', max: '5.00' } },
    });
  });

  it('lists tariffs by currency, a missing maximum as null', async () => {
    await setTariff(
      database.db,
      tariff({ currency: 'ALL', fixedMinor: 0n, minMinor: 0n, maxMinor: null, percent: '0' }),
      't',
    );
    const tariffs = await listTariffs(database.db);
    expect(tariffs.map((t) => [t.currency, t.maxMinor, t.updatedBy])).toEqual([
      ['ALL', null, 't'],
      ['EUR', 200n, 'test:b'],
    ]);
  });

  it('refuses a maximum below the minimum and negative figures', async () => {
    const refused = async (t: Tariff) => {
      try {
        await setTariff(database.db, t, 't');
        return 'stored';
      } catch (error) {
        return isDomainError(error) ? `${error.code} ${String(error.details?.field)}` : error;
      }
    };
    expect(await refused(tariff({ minMinor: 100n, maxMinor: 50n }))).toBe('VALIDATION_FAILED max');
    expect(await refused(tariff({ fixedMinor: -1n }))).toBe('VALIDATION_FAILED fixed');
  });
});
