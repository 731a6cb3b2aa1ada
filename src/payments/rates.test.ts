import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engineName, type TestDatabase } from '../../test/helpers/database.ts';
import { isDomainError } from '../core/errors.ts';
import { formatRate, parseRate } from '../core/money.ts';
import { listAudit } from '../db/audit.ts';
import { currentRates, listCurrentRates, rateFor, setRate } from './rates.ts';

async function codeOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return isDomainError(error) ? error.code : error;
  }
  return 'no error';
}

describe(`bank rates on ${engineName}`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('EUR is 1 without any row, and a currency without a rate is RATE_MISSING', async () => {
    expect(formatRate(await rateFor(database.db, 'EUR'))).toBe('1');
    expect(await codeOf(rateFor(database.db, 'USD'))).toBe('RATE_MISSING');
    expect([...(await currentRates(database.db)).keys()]).toEqual(['EUR']);
  });

  it('keeps history: the newest rate of a currency is the current one', async () => {
    await setRate(database.db, 'USD', parseRate('1.07'), 'test:a');
    await setRate(database.db, 'USD', parseRate('1.0825'), 'test:b');
    await setRate(database.db, 'ALL', parseRate('98.5'), 'test:a');
    expect(formatRate(await rateFor(database.db, 'USD'))).toBe('1.0825');
    const current = await listCurrentRates(database.db);
    expect(current.map((r) => [r.currency, formatRate(r.perEur), r.setBy ?? null])).toEqual([
      ['EUR', '1', null],
      ['ALL', '98.5', 'test:a'],
      ['USD', '1.0825', 'test:b'],
    ]);
    const map = await currentRates(database.db);
    expect(map.get('USD')?.units).toBe(108_250_000n);
    const rows = await database.db.selectFrom('bank_rates').select('id').execute();
    expect(rows).toHaveLength(3);
  });

  it('keeps all 8 decimals exactly', async () => {
    await setRate(database.db, 'BAM', parseRate('1.95583001'), 'test');
    expect(formatRate(await rateFor(database.db, 'BAM'))).toBe('1.95583001');
  });

  it('audits each change with the previous rate', async () => {
    const [latest] = await listAudit(database.db, { subject: 'USD', action: 'rates.set' });
    expect(latest).toMatchObject({
      actor: 'test:b',
      details: { perEur: '1.0825', previous: '1.07' },
    });
  });

  it('refuses EUR, unknown currencies and rates beyond the column', async () => {
    expect(await codeOf(setRate(database.db, 'EUR', parseRate('1'), 't'))).toBe(
      'VALIDATION_FAILED',
    );
    expect(await codeOf(setRate(database.db, 'XYZ', parseRate('1'), 't'))).toBe(
      'CURRENCY_NOT_OFFERED',
    );
    expect(await codeOf(setRate(database.db, 'USD', parseRate('1000000000000'), 't'))).toBe(
      'VALIDATION_FAILED',
    );
  });
});
