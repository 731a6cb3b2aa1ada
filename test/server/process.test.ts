/**
 * `npm start` as a real child process: it becomes ready, shuts down cleanly on SIGTERM, and starts
 * again on the same data (the PGlite folder, or this test's own PostgreSQL database when
 * DATABASE_URL is set). Production mode without secrets refuses to start.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/database.ts';
import {
  exitCodeWithin,
  exitMsMax,
  freePort,
  start,
  startupMsMax,
  waitUntilReady,
} from './spawn.ts';

function migratedLines(output: string): unknown[] {
  return output
    .split('\n')
    .filter((line) => line.includes('"msg":"database migrated"'))
    .map((line) => (JSON.parse(line) as { applied: unknown }).applied);
}

let dataDir: string;
let database: TestDatabase | undefined;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'smartpay-process-'));
  // On PostgreSQL the server gets a database of its own, not the shared one DATABASE_URL names.
  if (onPostgres) database = await createTestDatabase();
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await database?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function baseEnv(): Promise<Record<string, string>> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    SMARTPAY_DATA_DIR: dataDir,
    SMARTPAY_SEED_DEMO: 'false',
    DATABASE_URL: database?.url ?? '',
  };
}

describe('the server process', () => {
  it(
    'shuts down cleanly on SIGTERM and starts again on the same data',
    async () => {
      const firstEnv = await baseEnv();
      const first = start(firstEnv);
      children.push(first.child);
      const url = `http://127.0.0.1:${firstEnv.PORT}`;
      await waitUntilReady(url, first);
      expect(first.output()).toContain(`SmartPay is running at http://localhost:${firstEnv.PORT}`);
      expect(first.output()).toContain(`API docs: http://localhost:${firstEnv.PORT}/api/docs`);
      expect(first.output()).toContain(onPostgres ? 'Database: PostgreSQL' : dataDir);
      expect((await fetch(`${url}/health/live`)).status).toBe(200);
      // A fresh data folder is migrated by this run (the PostgreSQL helper migrated its own).
      if (!onPostgres) expect(migratedLines(first.output())[0]).not.toEqual([]);

      first.child.kill('SIGTERM');
      expect(await exitCodeWithin(first, exitMsMax)).toBe(0);
      expect(first.output()).toContain('"msg":"shut down"');

      const secondEnv = await baseEnv();
      const second = start(secondEnv);
      children.push(second.child);
      await waitUntilReady(`http://127.0.0.1:${secondEnv.PORT}`, second);
      // Nothing left to apply: the schema written by the first run survived its shutdown.
      expect(migratedLines(second.output())).toEqual([[]]);
      second.child.kill('SIGINT');
      expect(await exitCodeWithin(second, exitMsMax)).toBe(0);
    },
    startupMsMax * 2 + exitMsMax * 2,
  );

  it(
    'refuses to start in production with development secrets',
    async () => {
      const env = { ...(await baseEnv()), NODE_ENV: 'production' };
      const refused = start(env);
      children.push(refused.child);
      const code = await exitCodeWithin(refused, startupMsMax);
      expect(code).not.toBe(0);
      expect(code).not.toBe('timeout');
      expect(refused.output()).toContain('refusing to start in production');
      expect(refused.output()).toContain('SMARTPAY_QR_MAC_KEY');
    },
    startupMsMax,
  );
});
