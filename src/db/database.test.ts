import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engineName, type TestDatabase } from '../../test/helpers/database.ts';
import { inTransaction } from './transaction.ts';
import { migrateToLatest } from './migrate.ts';

describe(`database on ${engineName}`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('reads bigint columns back as bigint, beyond the range of a float', async () => {
    const big = 9_007_199_254_740_993n;
    const { rows } = await sql<{ x: bigint }>`select ${big}::bigint as x`.execute(database.db);
    expect(rows[0]?.x).toBe(big);
  });

  it('reads numeric columns back as exact strings', async () => {
    const { rows } = await sql<{ x: string }>`select 117.12345678::numeric(20,8) as x`.execute(
      database.db,
    );
    expect(rows[0]?.x).toBe('117.12345678');
  });

  it('running migrations again applies nothing', async () => {
    expect((await migrateToLatest(database)).applied).toEqual([]);
  });

  it('rolls a transaction back when the work throws', async () => {
    await expect(
      inTransaction(database, async (trx) => {
        await trx
          .insertInto('bank_settings')
          .values({ key: 'probe', value: '1', updated_by: 'test' })
          .execute();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const row = await database.db
      .selectFrom('bank_settings')
      .where('key', '=', 'probe')
      .selectAll()
      .executeTakeFirst();
    expect(row).toBeUndefined();
  });

  it('retries work that fails with a serialization failure, then commits once', async () => {
    let attempts = 0;
    const result = await inTransaction(database, async () => {
      attempts++;
      if (attempts < 3) throw Object.assign(new Error('could not serialize'), { code: '40001' });
      return 'done';
    });
    expect(result).toBe('done');
    expect(attempts).toBe(3);
  });

  it('does not retry other errors', async () => {
    let attempts = 0;
    await expect(
      inTransaction(database, async () => {
        attempts++;
        throw Object.assign(new Error('unique'), { code: '23505' });
      }),
    ).rejects.toThrow('unique');
    expect(attempts).toBe(1);
  });
});
