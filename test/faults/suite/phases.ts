/**
 * The fault phases. Each starts its own system, seeds a bank, runs the workload, injects its
 * faults on a schedule, measures recovery (fault → first 201 for a confirm sent after it), then
 * stops the traffic and runs the end checks.
 *  - postgres: a PostgreSQL cluster of the suite's own and two SmartPay instances;
 *  - pglite: one `npm start` on a PGlite folder, killed with -9 and started again on it;
 *  - cluster: the HA profile (scripts/cluster), kill -9 of the primary node and failover.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type Database } from '../../../src/db/connection.ts';
import { migrateToLatest } from '../../../src/db/migrate.ts';
import { startOwnPostgres } from '../../helpers/own-postgres.ts';
import { openQrAccounts, seedBank, type SuiteCustomer } from '../support/bank.ts';
import { ApiClient } from '../support/client.ts';
import {
  repoRoot,
  spawnServer,
  startServer,
  stopServer,
  waitUntilReady,
  type ServerProcess,
} from '../support/server-process.ts';
import { checkDatabase, checkLists, type PhaseChecks } from './checks.ts';
import { startWorkload, type Workload } from './workload.ts';

export interface FaultEvent {
  readonly kind: string;
  readonly injectedAt: number;
  /** Fault → first acknowledged payment sent after it; undefined if none came in time. */
  readonly recoveryMs: number | undefined;
  readonly endsAt: number;
}

export interface PhaseResult {
  readonly phase: string;
  readonly kinds: readonly string[];
  readonly events: FaultEvent[];
  readonly records: Workload['records'];
  readonly checks: PhaseChecks;
}

export interface PhaseOptions {
  /** Injections of each kind. */
  readonly count: number;
  readonly customers: number;
  readonly log: (line: string) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const recoveryWaitMsMax = 60_000;

/** Waits for the first acknowledged payment after the fault, then lets traffic run a moment. */
async function measure(
  workload: Workload,
  kind: string,
  injectedAt: number,
  events: FaultEvent[],
  log: PhaseOptions['log'],
): Promise<void> {
  const first = await workload.firstAcknowledgedAfter(injectedAt, recoveryWaitMsMax);
  const recoveryMs = first === undefined ? undefined : first - injectedAt;
  events.push({ kind, injectedAt, recoveryMs, endsAt: Date.now() });
  log(`  ${kind}: recovered in ${recoveryMs === undefined ? 'NEVER' : `${recoveryMs} ms`}`);
}

/**
 * The dispatcher leases outbox messages for 60 s; one leased by a process that was killed, or
 * whose connection dropped, is sent again after its lease. "Lost" means still unsent after that.
 */
const outboxSettleMsMax = 90_000;

async function waitForOutbox(database: Database, log: PhaseOptions['log']): Promise<void> {
  const started = Date.now();
  for (;;) {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from outbox where dispatched_at is null`.execute(database.db);
    const pending = rows[0]?.n ?? 0;
    if (pending === 0 || Date.now() - started > outboxSettleMsMax) {
      log(`  outbox: ${pending} unsent after ${Date.now() - started} ms of settling`);
      return;
    }
    await sleep(1_000);
  }
}

async function settleAndCheck(
  workload: Workload,
  baseUrl: string,
  customers: SuiteCustomer[],
  openForChecks: () => Promise<Database>,
  log: PhaseOptions['log'],
  beforeDatabase?: () => Promise<void>,
): Promise<PhaseChecks> {
  await workload.stop();
  await sleep(3_000); // the dispatcher and the roll-up catch up
  const lists = await checkLists(baseUrl, customers, workload.records.acknowledged);
  if (beforeDatabase) {
    // PGlite: the server holds the folder; wait out a lease of the last kill, then stop it.
    await sleep(65_000);
    await beforeDatabase();
  } else {
    const live = await openForChecks();
    try {
      await waitForOutbox(live, log);
    } finally {
      await live.close();
    }
  }
  const database = await openForChecks();
  try {
    return await checkDatabase(database, workload.records, lists);
  } finally {
    await database.close();
  }
}

async function seeded(url: string, customers: number): Promise<SuiteCustomer[]> {
  const database = await openDatabase({ databaseUrl: url, poolSize: 2 });
  try {
    await migrateToLatest(database);
    return await seedBank(database, customers);
  } finally {
    await database.close();
  }
}

export async function postgresPhase(options: PhaseOptions): Promise<PhaseResult> {
  const { log } = options;
  const postgres = await startOwnPostgres();
  const servers: ServerProcess[] = [];
  try {
    const url = await postgres.createDatabase('smartpay_faults');
    const customers = await seeded(url, options.customers);
    const env = { DATABASE_URL: url, SMARTPAY_SHUTDOWN_DRAIN_MS: '1500' };
    for (let n = 0; n < 2; n += 1) servers.push(await startServer({ name: `app${n}`, env }));
    await openQrAccounts(new ApiClient([servers[0]?.url ?? '']), customers);
    const workload = startWorkload(() => servers.map((s) => s.url), customers, customers.length);
    const events: FaultEvent[] = [];
    const restart = async (index: number) => {
      const old = servers[index] as ServerProcess;
      const fresh = await spawnServer({ name: old.name, port: old.port, env });
      servers[index] = fresh;
      await waitUntilReady(fresh);
    };
    const kinds: Record<string, (round: number) => Promise<number>> = {
      'app kill -9 + restart': async (round) => {
        const victim = servers[round % 2] as ServerProcess;
        const at = Date.now();
        victim.kill('SIGKILL');
        await victim.exited;
        await restart(round % 2);
        return at;
      },
      'PostgreSQL immediate restart': async () => {
        const at = Date.now();
        postgres.restartImmediate();
        return at;
      },
      'pg_terminate_backend (all)': async () => {
        const at = Date.now();
        await postgres.terminateBackends('smartpay_faults');
        return at;
      },
      "payer's row locked 20 s": async (round) => {
        const victim = customers[round % customers.length] as SuiteCustomer;
        const holder = new pg.Client({ connectionString: url });
        holder.on('error', () => undefined);
        await holder.connect();
        await holder.query('begin');
        await holder.query('select 1 from ledger_accounts where id = $1 for update', [
          victim.bankAccountId,
        ]);
        const at = Date.now();
        void sleep(20_000).then(() => holder.query('rollback').finally(() => holder.end()));
        return at;
      },
      'slow database (table lock 6 s)': async () => {
        const holder = new pg.Client({ connectionString: url });
        holder.on('error', () => undefined);
        await holder.connect();
        await holder.query('begin');
        await holder.query('lock table daily_usage in access exclusive mode');
        const at = Date.now();
        void sleep(6_000).then(() => holder.query('rollback').finally(() => holder.end()));
        return at;
      },
      'SIGTERM under load': async (round) => {
        const victim = servers[round % 2] as ServerProcess;
        const at = Date.now();
        victim.kill('SIGTERM');
        const code = await victim.exited;
        if (code !== 0) log(`  SIGTERM: exit code ${code}`);
        await restart(round % 2);
        return at;
      },
    };
    await sleep(2_000);
    for (let round = 0; round < options.count; round += 1) {
      for (const [kind, inject] of Object.entries(kinds)) {
        const injectedAt = await inject(round);
        await measure(workload, kind, injectedAt, events, log);
        if (kind.startsWith("payer's row")) await sleep(20_000 - (Date.now() - injectedAt));
        await sleep(1_000);
      }
    }
    const checks = await settleAndCheck(
      workload,
      servers[0]?.url ?? '',
      customers,
      () => openDatabase({ databaseUrl: url, poolSize: 2 }),
      log,
    );
    return {
      phase: 'postgres',
      kinds: Object.keys(kinds),
      events,
      records: workload.records,
      checks,
    };
  } finally {
    await Promise.all(servers.map((server) => stopServer(server)));
    postgres.stop();
  }
}

export async function pglitePhase(options: PhaseOptions): Promise<PhaseResult> {
  const { log } = options;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'smartpay-pglite-faults-'));
  let server: ServerProcess | undefined;
  try {
    const database = await openDatabase({ dataDir });
    let customers: SuiteCustomer[];
    try {
      await migrateToLatest(database);
      customers = await seedBank(database, options.customers);
    } finally {
      await database.close();
    }
    const env = { SMARTPAY_DATA_DIR: dataDir };
    server = await startServer({ name: 'pglite', env });
    const port = server.port;
    await openQrAccounts(new ApiClient([server.url]), customers);
    const url = server.url;
    const workload = startWorkload(() => [url], customers, customers.length);
    const events: FaultEvent[] = [];
    const kind = 'PGlite npm start kill -9 + restart';
    await sleep(2_000);
    for (let round = 0; round < options.count; round += 1) {
      const victim: ServerProcess = server;
      const injectedAt = Date.now();
      victim.kill('SIGKILL');
      await victim.exited;
      // The lock file and the operator socket of the killed process are left behind.
      server = await spawnServer({ name: 'pglite', port, env });
      await waitUntilReady(server);
      await measure(workload, kind, injectedAt, events, log);
      await sleep(3_000);
    }
    const running = server;
    const checks = await settleAndCheck(
      workload,
      url,
      customers,
      () => openDatabase({ dataDir }),
      log,
      async () => {
        await stopServer(running);
      },
    );
    return { phase: 'pglite', kinds: [kind], events, records: workload.records, checks };
  } finally {
    if (server) await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const clusterScript = path.join(repoRoot, 'scripts/cluster');

function cluster(clusterDir: string, ...args: string[]): string {
  return execFileSync(clusterScript, args, {
    env: {
      ...process.env,
      SMARTPAY_CLUSTER_DIR: clusterDir,
      SMARTPAY_CLUSTER_APPS: '2',
      // Away from a profile a developer may have running on the default ports.
      SMARTPAY_CLUSTER_PORT_BASE: '6600',
    },
    encoding: 'utf8',
    timeout: 600_000,
  });
}

export async function clusterPhase(options: PhaseOptions): Promise<PhaseResult> {
  const { log } = options;
  const clusterDir = mkdtempSync(path.join(tmpdir(), 'smartpay-cluster-faults-'));
  try {
    log('  bringing the HA profile up');
    cluster(clusterDir, 'up');
    const env = Object.fromEntries(
      cluster(clusterDir, 'env')
        .trim()
        .split('\n')
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    const url = env.DATABASE_URL ?? '';
    const haproxy = env.HAPROXY_URL ?? '';
    const database = await openDatabase({ databaseUrl: url, poolSize: 2 });
    let customers: SuiteCustomer[];
    try {
      customers = await seedBank(database, options.customers);
    } finally {
      await database.close();
    }
    await openQrAccounts(new ApiClient([haproxy]), customers);
    const workload = startWorkload(() => [haproxy], customers, customers.length);
    const events: FaultEvent[] = [];
    const kind = 'PostgreSQL primary kill -9 + failover';
    await sleep(2_000);
    for (let round = 0; round < options.count; round += 1) {
      const injectedAt = Date.now();
      const node = cluster(clusterDir, 'kill-primary').trim();
      await measure(workload, kind, injectedAt, events, log);
      // The old primary comes back and rejoins as the secondary before the next kill.
      cluster(clusterDir, 'start-node', node);
      cluster(clusterDir, 'wait-steady', '180');
      await sleep(2_000);
    }
    const checks = await settleAndCheck(
      workload,
      haproxy,
      customers,
      () => openDatabase({ databaseUrl: url, poolSize: 2 }),
      log,
    );
    return { phase: 'cluster', kinds: [kind], events, records: workload.records, checks };
  } finally {
    try {
      cluster(clusterDir, 'down');
    } finally {
      rmSync(clusterDir, { recursive: true, force: true });
    }
  }
}
