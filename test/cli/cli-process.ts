/**
 * Runs the real `smartpay` CLI as a child process, as an operator would, against a fresh data
 * folder (PGlite) or, when DATABASE_URL is set, a fresh PostgreSQL database of its own.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Database, openDatabase } from '../../src/db/connection.ts';
import { type TestDatabase, createTestDatabase, onPostgres } from '../helpers/database.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Spawning compiles TypeScript and opens the database: allow for a slow, busy machine. */
export const cliTimeoutMs = 60_000;

export interface CliEnvironment {
  readonly dataDir: string;
  /** The PostgreSQL database the CLI uses; undefined on PGlite (the data folder is used). */
  readonly database: TestDatabase | undefined;
  close(): Promise<void>;
}

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed as JSON; the caller names the shape it expects. */
  json<T>(): T;
}

export async function createCliEnvironment(): Promise<CliEnvironment> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'smartpay-cli-'));
  const database = onPostgres ? await createTestDatabase() : undefined;
  return {
    dataDir,
    database,
    async close() {
      await database?.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface RunOptions {
  readonly input?: string;
  /** Ignore DATABASE_URL even on PostgreSQL, to exercise the data folder and operator channel. */
  readonly embedded?: boolean;
  readonly script?: 'main' | 'bin';
}

export function runCli(
  environment: CliEnvironment,
  args: readonly string[],
  options: RunOptions = {},
): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    SMARTPAY_DATA_DIR: environment.dataDir,
  };
  delete env.DATABASE_URL;
  if (!options.embedded && environment.database?.url) env.DATABASE_URL = environment.database.url;
  const command =
    options.script === 'bin'
      ? [path.join(repoRoot, 'bin/smartpay.js')]
      : [process.execPath, '--import', 'tsx', path.join(repoRoot, 'src/cli/main.ts')];
  return spawnCollect(command, args, env, options.input);
}

function spawnCollect(
  [file = '', ...prefix]: readonly string[],
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  input: string | undefined,
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...prefix, ...args], { cwd: repoRoot, env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, stdout, stderr, json: <T>() => JSON.parse(stdout) as T }),
    );
    child.stdin.end(input ?? '');
  });
}

/**
 * The database the CLI wrote, opened by the test itself once the CLI has exited: the test's own
 * PostgreSQL database, or the PGlite data folder (which only one process may have open).
 */
export async function withCliDatabase<T>(
  environment: CliEnvironment,
  work: (database: Database) => Promise<T>,
): Promise<T> {
  if (environment.database) return work(environment.database);
  const database = await openDatabase({ dataDir: environment.dataDir });
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

export type ErrorJson = { error: { code: string; message: string } };
