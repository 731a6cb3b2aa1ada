/**
 * A PostgreSQL cluster of the test's own (initdb + pg_ctl in a temporary folder, on a free
 * loopback port), for tests that break the database: terminate backends, restart it in
 * immediate mode, hold locks. The machine's shared server on 5432 is never touched.
 * PostgreSQL refuses to run as root, so as root the binaries run as the `postgres` user.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export const postgresBinDir = process.env.SMARTPAY_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface OwnPostgres {
  readonly port: number;
  readonly dataDir: string;
  /** postgres://postgres@127.0.0.1:PORT/NAME */
  url(database?: string): string;
  /** Runs SQL on the maintenance database (`postgres`). */
  query(statement: string, values?: unknown[]): Promise<pg.QueryResult>;
  createDatabase(name: string): Promise<string>;
  /** Terminates every backend of `database` (never this helper's own connection). */
  terminateBackends(database: string): Promise<number>;
  /** `pg_ctl restart -m immediate`: a crash and recovery of the whole server. */
  restartImmediate(): void;
  /** Stops it at once, keeping its folder (a crashed node). */
  kill(): void;
  /** A standby turns primary (`pg_ctl promote`). */
  promote(): void;
  stop(): void;
}

export function ownPostgresAvailable(): boolean {
  return existsSync(path.join(postgresBinDir, 'initdb'));
}

export function freePort(): Promise<number> {
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

const asRoot = process.getuid?.() === 0;

function run(binary: string, args: string[]): void {
  const command = path.join(postgresBinDir, binary);
  const [file, argv] = asRoot
    ? ['runuser', ['-u', 'postgres', '--', command, ...args]]
    : [command, args];
  const result = spawnSync(file, argv, { encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0)
    throw new Error(`${binary} failed (${result.status}): ${result.stderr}${result.stdout}`);
}

export async function startOwnPostgres(
  settings: Record<string, string> = {},
  /** Makes a streaming standby of this primary instead of a new cluster. */
  standbyOf?: OwnPostgres,
): Promise<OwnPostgres> {
  const root = mkdtempSync(path.join(tmpdir(), 'smartpay-pg-'));
  const dataDir = path.join(root, 'data');
  if (asRoot) {
    const postgres = execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim();
    chownSync(root, Number(postgres), statSync(root).gid);
  }
  const port = await freePort();
  if (standbyOf)
    run('pg_basebackup', [
      ...['-h', '127.0.0.1', '-p', String(standbyOf.port), '-U', 'postgres'],
      ...['-D', dataDir, '-R', '-X', 'stream', '--no-sync'],
    ]);
  else run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const options = [
    `-p ${port}`,
    `-k ${root}`,
    `-c listen_addresses=127.0.0.1`,
    `-c max_connections=200`,
    ...Object.entries(settings).map(([name, value]) => `-c ${name}=${value}`),
  ].join(' ');
  const pgCtl = (action: string, extra: string[] = []) =>
    run('pg_ctl', [action, '-D', dataDir, '-w', '-t', '60', ...extra]);
  pgCtl('start', ['-o', options, '-l', path.join(root, 'server.log')]);
  const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const query = async (statement: string, values?: unknown[]) => {
    const client = new pg.Client({ connectionString: url() });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return await client.query(statement, values);
    } finally {
      await client.end();
    }
  };
  let stopped = false;
  return {
    port,
    dataDir,
    url,
    query,
    async createDatabase(name) {
      await query(`create database ${name}`);
      return url(name);
    },
    async terminateBackends(database) {
      const result = await query(
        `select pg_terminate_backend(pid) from pg_stat_activity
          where datname = $1 and pid <> pg_backend_pid()`,
        [database],
      );
      return result.rowCount ?? 0;
    },
    restartImmediate() {
      pgCtl('restart', ['-m', 'immediate', '-o', options, '-l', path.join(root, 'server.log')]);
    },
    kill() {
      pgCtl('stop', ['-m', 'immediate']);
    },
    promote() {
      pgCtl('promote');
    },
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        if (existsSync(path.join(dataDir, 'postmaster.pid'))) pgCtl('stop', ['-m', 'immediate']);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
