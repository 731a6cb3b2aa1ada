/**
 * SMARTPAY_WORKERS: on PostgreSQL several node:cluster workers serve one port and SIGTERM to the
 * primary drains them all; on the embedded database the setting is ignored with a clear line.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
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

let dataDir: string;
let database: TestDatabase | undefined;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'smartpay-cluster-'));
  if (onPostgres) database = await createTestDatabase();
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await database?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function env(workers: string): Promise<Record<string, string>> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    SMARTPAY_DATA_DIR: dataDir,
    SMARTPAY_SEED_DEMO: 'false',
    SMARTPAY_WORKERS: workers,
    DATABASE_URL: database?.url ?? '',
  };
}

/** The `worker` label of the process that answered /metrics on a fresh connection. */
function workerAnswering(url: string): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/metrics`, { agent: false }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve(/worker="(\d+)"/.exec(text)?.[1]));
    });
    req.on('error', reject);
    req.end();
  });
}

function pidsOf(output: string, message: string): number[] {
  return output
    .split('\n')
    .filter((line) => line.includes(`"msg":"${message}`))
    .map((line) => (JSON.parse(line) as { pid: number }).pid);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('server workers (SMARTPAY_WORKERS)', () => {
  it.runIf(onPostgres)(
    'two workers answer on one port, and SIGTERM to the primary drains both before it exits',
    async () => {
      const settings = await env('2');
      const primary = start(settings);
      children.push(primary.child);
      const url = `http://127.0.0.1:${settings.PORT}`;
      await waitUntilReady(url, primary);
      const deadline = Date.now() + startupMsMax;
      while (!primary.output().includes('Workers: 2') && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 100));
      const seen = new Set<string | undefined>();
      for (let i = 0; i < 20 && seen.size < 2; i++) seen.add(await workerAnswering(url));
      expect([...seen].sort()).toEqual(['1', '2']);
      const workerPids = pidsOf(primary.output(), 'Server listening');
      expect(workerPids).toHaveLength(2);
      expect(workerPids).not.toContain(primary.child.pid);

      primary.child.kill('SIGTERM');
      expect(await exitCodeWithin(primary, exitMsMax + 5_000)).toBe(0);
      // Each worker drained (its own "shut down"), then the primary closed its jobs and database.
      expect(pidsOf(primary.output(), 'shut down').sort()).toEqual(
        [...workerPids, primary.child.pid].sort(),
      );
      expect(workerPids.filter(alive)).toEqual([]);
    },
    startupMsMax * 2,
  );

  it.runIf(!onPostgres)(
    'on the embedded database it runs one process and says why',
    async () => {
      const settings = await env('2');
      const server = start(settings);
      children.push(server.child);
      await waitUntilReady(`http://127.0.0.1:${settings.PORT}`, server);
      expect(server.output()).toContain('the embedded database (PGlite) belongs to one process');
      expect(server.output()).not.toContain('Workers:');
      server.child.kill('SIGTERM');
      expect(await exitCodeWithin(server, exitMsMax)).toBe(0);
    },
    startupMsMax * 2,
  );
});
