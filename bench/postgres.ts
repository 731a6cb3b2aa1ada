/**
 * The bench's own databases on the local PostgreSQL (or the server DATABASE_URL names): created
 * with a random name, dropped at the end, and the pgbench TPC-B reference in one of them.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { promisify } from 'node:util';
import pg from 'pg';
import { adminQuery, withDatabase } from '../src/db/server-admin.ts';
import { undoOnInterrupt } from './interrupt.ts';

const run = promisify(execFile);

export const defaultServerUrl = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

export async function checkServer(serverUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('show server_version');
    return rows[0]?.server_version ?? 'unknown';
  } finally {
    await client.end();
  }
}

export async function createBenchDatabase(
  serverUrl: string,
  purpose: string,
): Promise<BenchDatabase> {
  const name = `smartpay_bench_${purpose}_${randomBytes(4).toString('hex')}`;
  await adminQuery(serverUrl, `create database ${name}`);
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    forget();
    await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
  };
  const forget = undoOnInterrupt(drop);
  return { name, url: withDatabase(serverUrl, name), drop };
}

export interface PgbenchResult {
  readonly tps: number;
  readonly latencyAverageMs: number | undefined;
  readonly scale: number;
  readonly clients: number;
  readonly threads: number;
  readonly durationS: number;
  readonly initMs: number;
  readonly command: string;
  /** 1-minute load average when the timed run started. */
  readonly loadAverage: number;
}

/** libpq environment for pgbench, from a connection URL. */
function libpqEnv(url: string): NodeJS.ProcessEnv {
  const parsed = new URL(url);
  return {
    ...process.env,
    PGHOST: parsed.hostname,
    PGPORT: parsed.port || '5432',
    PGUSER: decodeURIComponent(parsed.username) || 'postgres',
    ...(parsed.password ? { PGPASSWORD: decodeURIComponent(parsed.password) } : {}),
    PGDATABASE: decodeURIComponent(parsed.pathname.slice(1)),
  };
}

/** TPC-B as pgbench ships it: `-i -s scale`, then `-c clients -j threads -T duration`. */
export async function runPgbench(
  database: BenchDatabase,
  options: { scale: number; clients: number; threads: number; durationS: number },
): Promise<PgbenchResult> {
  const env = libpqEnv(database.url);
  const initStarted = performance.now();
  await run('pgbench', ['-i', '-q', '-s', String(options.scale)], { env });
  const initMs = performance.now() - initStarted;
  const args = [
    '-c',
    String(options.clients),
    '-j',
    String(options.threads),
    '-T',
    String(options.durationS),
  ];
  const loadAverage = Math.round(loadavg()[0]! * 100) / 100;
  const { stdout } = await run('pgbench', args, { env, maxBuffer: 16 * 1024 * 1024 });
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout)?.[1];
  if (!tps) throw new Error(`could not read pgbench's tps from:\n${stdout}`);
  const latency = /latency average = ([\d.]+) ms/.exec(stdout)?.[1];
  return {
    tps: Number(tps),
    latencyAverageMs: latency === undefined ? undefined : Number(latency),
    ...options,
    initMs,
    loadAverage,
    command: `pgbench -i -s ${options.scale} && pgbench ${args.join(' ')}`,
  };
}
