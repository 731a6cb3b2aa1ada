/**
 * A fresh, migrated database per test file: in-memory PGlite by default, or a new database on the
 * PostgreSQL server named by DATABASE_URL (created here and dropped afterwards).
 */
import { randomBytes } from 'node:crypto';
import { adminQuery, withDatabase } from '../../src/db/server-admin.ts';
import { type Database, openDatabase } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

export interface TestDatabase extends Database {
  /** The connection string of this test's own PostgreSQL database, if on PostgreSQL. */
  readonly url: string | undefined;
}

export const onPostgres = Boolean(process.env.DATABASE_URL);
export const engineName = onPostgres ? 'postgres' : 'pglite';

/**
 * Another handle on a test database, as a second server process has one: on PostgreSQL a pool
 * of its own; an in-memory PGlite belongs to one process, so there it is the same handle.
 * Closing it closes only what it opened (the database stays its creator's to drop).
 */
export async function sharedTestDatabase(database: TestDatabase): Promise<TestDatabase> {
  if (!database.url) return { ...database, close: async () => {} };
  const own = await openDatabase({ databaseUrl: database.url, poolSize: 4 });
  // Should its creator drop the database first, the server kills these idle sockets too.
  own.pool?.on('error', () => {});
  return { ...own, url: database.url };
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const database = await openDatabase({ dataDir: 'memory://' });
    await migrateToLatest(database);
    return { ...database, url: undefined };
  }
  const name = `smartpay_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `create database ${name}`);
  const url = withDatabase(serverUrl, name);
  const database = await openDatabase({ databaseUrl: url, poolSize: 24 });
  // The database is dropped `with (force)` right after `pool.end()`, which resolves before the
  // idle sockets are gone; the server then kills them, and a pg pool without an 'error' listener
  // would turn that into an uncaught exception that fails the run.
  database.pool?.on('error', () => {});
  await migrateToLatest(database);
  return {
    ...database,
    url,
    close: async () => {
      await database.close();
      await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
}
