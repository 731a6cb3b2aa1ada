/**
 * Shared setup for the server tests: a fresh migrated database (PGlite, or PostgreSQL when
 * DATABASE_URL is set) and an app built on it, with optional test-only routes under /api/test.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { expect } from 'vitest';
import { TestClock } from '../../src/core/clock.ts';
import { loadConfig } from '../../src/core/config.ts';
import { buildApp, type App } from '../../src/http/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

export const testConfig = loadConfig({ NODE_ENV: 'test' });

/**
 * test/helpers/database.ts drops each PostgreSQL test database `with (force)` right after
 * `pool.end()`, which resolves before the idle sockets are gone; the server then kills them, and
 * a pg pool without an 'error' listener turns that into an uncaught exception that fails the run.
 * Until the helper (or src/db/connection.ts) listens itself, tests listen here.
 */
export function ignoreDisconnectsAtTeardown<T extends Pick<TestDatabase, 'pool'>>(database: T): T {
  database.pool?.on('error', () => {});
  return database;
}

export async function openTestDatabase(): Promise<TestDatabase> {
  return ignoreDisconnectsAtTeardown(await createTestDatabase());
}

export interface TestApp {
  readonly app: App;
  readonly database: TestDatabase;
  close(): Promise<void>;
}

export async function openTestApp(routes?: FastifyPluginAsyncTypebox): Promise<TestApp> {
  const database = await openTestDatabase();
  const app = await buildApp({ config: testConfig, database, clock: new TestClock() });
  if (routes) await app.register(routes, { prefix: '/api/test' });
  await app.ready();
  return {
    app,
    database,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

export function problemOf(response: { headers: Record<string, unknown>; json(): unknown }) {
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  return response.json() as Record<string, unknown>;
}
