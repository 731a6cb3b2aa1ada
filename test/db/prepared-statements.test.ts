import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/connection.ts';
import { inTransaction } from '../../src/db/transaction.ts';
import { adminQuery } from '../../src/db/server-admin.ts';
import { type TestDatabase, createTestDatabase, onPostgres } from '../helpers/database.ts';

// Named prepared statements exist only on PostgreSQL (PGlite runs in process, nothing to save).
describe.skipIf(!onPostgres)('prepared statements on PostgreSQL', () => {
  let test: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    test = await createTestDatabase();
    await adminQuery(test.url!, 'create table probe (id int primary key, label text)');
    await adminQuery(test.url!, "insert into probe values (1, 'one')");
    // One connection, so every statement below runs on the same session.
    database = await openDatabase({ databaseUrl: test.url!, poolSize: 1 });
  });
  afterAll(async () => {
    await database?.close();
    await test?.close();
  });

  const preparedHere = async () => {
    const { rows } = await sql<{ statement: string }>`
      select statement from pg_prepared_statements`.execute(database.db);
    return rows.map((row) => row.statement);
  };

  it('a query with parameters is prepared once per connection and reused', async () => {
    const read = () =>
      sql<{ label: string }>`select label from probe where id = ${1}`.execute(database.db);
    for (let i = 0; i < 3; i++) expect((await read()).rows).toEqual([{ label: 'one' }]);
    const prepared = await preparedHere();
    expect(prepared.filter((text) => text.includes('from probe where id'))).toHaveLength(1);
  });

  it('a statement whose columns changed under it is prepared again and its transaction retried', async () => {
    const readAll = (trx: Parameters<Parameters<typeof inTransaction>[1]>[0]) =>
      sql<Record<string, unknown>>`select * from probe where id = ${1}`.execute(trx);
    expect((await inTransaction(database, readAll)).rows).toEqual([{ id: 1, label: 'one' }]);
    // As a newer instance's migration would, from another connection.
    await adminQuery(test.url!, "alter table probe add column note text default 'added'");
    const after = await inTransaction(database, readAll);
    expect(after.rows).toEqual([{ id: 1, label: 'one', note: 'added' }]);
  });
});
