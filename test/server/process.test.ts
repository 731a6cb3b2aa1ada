/**
 * `npm start` as a real child process: it becomes ready, shuts down cleanly on SIGTERM, and starts
 * again on the same data (the PGlite folder, or this test's own PostgreSQL database when
 * DATABASE_URL is set). Production mode without secrets refuses to start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onPostgres, type TestDatabase } from '../helpers/database.ts';
import { openTestDatabase } from './support.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const startupMsMax = 60_000;
const exitMsMax = 10_000;

interface Running {
  readonly child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function start(env: Record<string, string>): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return { child, output: () => output, exited };
}

async function waitUntilReady(url: string, running: Running): Promise<void> {
  const deadline = Date.now() + startupMsMax;
  let exited = false;
  void running.exited.then(() => (exited = true));
  while (Date.now() < deadline && !exited) {
    const status = await fetch(`${url}/health/ready`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`server did not become ready:\n${running.output()}`);
}

async function exitCodeWithin(running: Running, ms: number): Promise<number | null | 'timeout'> {
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms));
  return Promise.race([running.exited, timeout]);
}

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
  if (onPostgres) database = await openTestDatabase();
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
