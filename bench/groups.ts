/**
 * A group is one server configuration: a fresh database (PostgreSQL with N workers, or PGlite in
 * a temporary folder), its bank and logged-in customers, then the scenarios one after another,
 * each followed by `ledger verify` and the payment checks. The server is stopped with SIGTERM at
 * the end and must drain cleanly (exit 0).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { type Database, openDatabase } from '../src/db/connection.ts';
import { type CheckReport, ExpectedBalances, checkScenario } from './checks.ts';
import { pgStatStatements, waitForWorkers } from './metrics.ts';
import type { BenchOptions } from './options.ts';
import { undoOnInterrupt } from './interrupt.ts';
import { createBenchDatabase } from './postgres.ts';
import type { Progress } from './progress.ts';
import type { Actor, LoadMode, ScenarioName } from './protocol.ts';
import type { LoginGroup, RunReport } from './report.ts';
import { type MeasuredRun, type RunTarget, ledgerVerify, measure } from './scenario.ts';
import { type BenchServer, repoRoot, startBenchServer } from './server.ts';
import { type Customer, logInEveryone, setUpBank } from './setup.ts';
import type { SmsGateway } from './sms-gateway.ts';

export interface GroupContext {
  readonly options: BenchOptions;
  readonly serverUrl: string;
  readonly sms: SmsGateway;
  readonly progress: Progress;
}

export interface PostgresGroupResult {
  readonly runs: RunReport[];
  readonly login: LoginGroup | undefined;
  readonly failures: string[];
}

/** Two payers per client (a client pays from each in turn), and a payee per client. */
const sizes = (clients: number) => ({
  payers: 2 * clients,
  payees: Math.max(clients, 4),
});

/** What a group needs once its server is up and its customers are logged in. */
interface Live {
  readonly engine: 'postgres' | 'pglite';
  readonly workers: number;
  readonly target: RunTarget;
  readonly accounts: string[];
  readonly balances: ExpectedBalances;
  readonly verifyEnv: { databaseUrl?: string; dataDir?: string };
}

async function bringUp(
  context: GroupContext,
  where: { databaseUrl: string | undefined; dataDir: string | undefined },
  workers: number,
  onServer: (server: BenchServer) => void,
): Promise<{ live: Omit<Live, 'verifyEnv' | 'engine'>; login: LoginGroup['report'] }> {
  const { options, progress, sms } = context;
  const { payers, payees } = sizes(options.clients);
  progress.note(`  set-up: ${payers} payers and ${payees} payees with funded accounts …`);
  const customers: Customer[] = await setUpBank(where, payers + payees);
  progress.note(`  server: starting ${workers} worker${workers === 1 ? '' : 's'} …`);
  const cpuProfileDir = options.cpuProfile
    ? path.join(repoRoot, 'bench', 'results', 'profiles')
    : undefined;
  const server = await startBenchServer({
    ...where,
    workers,
    smsUrl: sms.url,
    cpuProfileDir,
    poolSize: 10,
  });
  onServer(server);
  const seen = await waitForWorkers(server.metricsUrls);
  if (seen < workers)
    throw new Error(`only ${seen} of ${workers} server workers answered:\n${server.output()}`);
  progress.note(`  logins: ${customers.length} full logins (password + SMS code) …`);
  const { actors, report } = await logInEveryone(server.url, sms, customers, options.clients);
  progress.note(
    `  logins: ${Math.round(report.loginsPerSecond * 10) / 10}/s, p50 ${Math.round(report.full.p50Ms)} ms (password step ${Math.round(report.password.p50Ms)} ms)`,
  );
  const byIndex = (list: Actor[]) => list.sort((a, b) => a.index - b.index);
  const sorted = byIndex(actors);
  return {
    live: {
      workers,
      target: {
        baseUrl: server.url,
        metricsUrls: server.metricsUrls,
        statementTotals: where.databaseUrl ? await pgStatStatements(where.databaseUrl) : undefined,
        payers: sorted.slice(0, payers),
        payees: sorted.slice(payers),
      },
      accounts: sorted.map((a) => a.bankAccountId),
      balances: new ExpectedBalances(),
    },
    login: report,
  };
}

function toReport(
  live: Live,
  scenario: ScenarioName,
  mode: LoadMode,
  label: string,
  measured: MeasuredRun,
  verifyOk: boolean,
  checks: CheckReport,
  clients: number,
): Omit<RunReport, 'loadAverage'> {
  const { result } = measured;
  return {
    label,
    scenario,
    loop: mode.kind,
    engine: live.engine,
    workers: live.workers,
    clients,
    ratePerSecond: mode.kind === 'open' ? mode.ratePerSecond : undefined,
    paymentsPerSecond: result.paymentsPerSecond,
    latency: result.latency,
    errors: result.errors,
    warmupErrors: result.warmupErrors,
    seconds: result.seconds,
    statements: measured.statements,
    verifyOk,
    checks,
  };
}

/**
 * The first run on a fresh server warms up three times as long: measured in order
 * hot-payee, uniform, both ran at 88/s, while uniform first ran 30 % slower than hot-payee
 * after the usual warm-up (JIT, caches, the roll-up of the set-up's deposits).
 */
function firstRunTiming(
  options: BenchOptions,
  first: boolean,
): { warmupMs: number; durationMs: number } {
  return {
    warmupMs: options.warmupS * 1000 * (first ? 3 : 1),
    durationMs: options.durationS * 1000,
  };
}

async function runOne(
  context: GroupContext,
  live: Live,
  scenario: ScenarioName,
  mode: LoadMode,
  label: string,
  timing: { warmupMs: number; durationMs: number },
  check: (measured: MeasuredRun) => Promise<CheckReport>,
): Promise<RunReport> {
  const loadAverage = Math.round(loadavg()[0]! * 100) / 100;
  const measured = await measure(live.target, scenario, mode, timing, label, context.progress);
  // Both only read: the CLI's verify and the bench's payment checks run side by side.
  const [verify, checks] = await Promise.all([ledgerVerify(live.verifyEnv), check(measured)]);
  const { result } = measured;
  context.progress.note(
    `  ${label} (load average ${loadAverage}): ${Math.round(result.paymentsPerSecond)} payments/s, p99 ${Math.round(result.latency.p99Ms)} ms; verify ${verify.ok ? 'ok' : `FAILED ${verify.detail}`}; checks ${checks.ok ? 'ok' : checks.failures.join('; ')}`,
  );
  return {
    ...toReport(live, scenario, mode, label, measured, verify.ok, checks, context.options.clients),
    loadAverage,
  };
}

export async function runPostgresGroup(
  context: GroupContext,
  workers: number,
): Promise<PostgresGroupResult> {
  const { options, progress } = context;
  const scenarios = options.scenarios.filter((s) => s !== 'embedded');
  progress.note(
    `PostgreSQL, ${workers} worker${workers === 1 ? '' : 's'}: ${scenarios.join(', ')}`,
  );
  const database = await createBenchDatabase(context.serverUrl, `w${workers}`);
  let server: BenchServer | undefined;
  let checkDb: Database | undefined;
  const runs: RunReport[] = [];
  const failures: string[] = [];
  let login: LoginGroup | undefined;
  let live: Live | undefined;
  try {
    const up = await bringUp(
      context,
      { databaseUrl: database.url, dataDir: undefined },
      workers,
      (s) => (server = s),
    );
    login = { engine: 'postgres', workers, report: up.login };
    live = { ...up.live, engine: 'postgres', verifyEnv: { databaseUrl: database.url } };
    const group = live;
    const db = (checkDb = await openDatabase({ databaseUrl: database.url, poolSize: 2 })).db;
    const check = (m: MeasuredRun) => checkScenario(db, m.result, group.accounts, group.balances);
    for (const [index, scenario] of scenarios.entries()) {
      const closed: LoadMode = { kind: 'closed', clients: options.clients };
      const timing = firstRunTiming(options, index === 0);
      const run = await runOne(context, group, scenario, closed, scenario, timing, check);
      runs.push(run);
      if (scenario !== 'uniform') continue;
      // Latency at a steady half of the peak just measured, arrivals on a clock (open loop).
      const ratePerSecond = Math.max(1, run.paymentsPerSecond / 2);
      const open: LoadMode = {
        kind: 'open',
        ratePerSecond,
        inFlightMax: Math.max(64, 4 * options.clients),
      };
      const openTiming = { warmupMs: 1000, durationMs: options.openDurationS * 1000 };
      runs.push(
        await runOne(context, group, 'uniform', open, 'uniform open-loop', openTiming, check),
      );
    }
  } finally {
    await live?.target.statementTotals?.close();
    await checkDb?.close();
    const exitCode = await (server as BenchServer | undefined)?.stop();
    if (server && exitCode !== 0)
      failures.push(
        `the server (${workers} workers) did not drain cleanly on SIGTERM: exit ${exitCode}\n${(server as BenchServer).output()}`,
      );
    await database.drop();
  }
  return { runs, login, failures };
}

export async function runEmbeddedGroup(context: GroupContext): Promise<PostgresGroupResult> {
  const { options, progress } = context;
  progress.note('PGlite (embedded, the npm start default), 1 process: uniform');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'smartpay-bench-'));
  const forget = undoOnInterrupt(async () => rmSync(dataDir, { recursive: true, force: true }));
  let server: BenchServer | undefined;
  const runs: RunReport[] = [];
  const failures: string[] = [];
  try {
    const up = await bringUp(context, { databaseUrl: undefined, dataDir }, 1, (s) => (server = s));
    const live: Live = { ...up.live, engine: 'pglite', verifyEnv: { dataDir } };
    const timing = firstRunTiming(options, true);
    let pending: MeasuredRun | undefined;
    // The data folder belongs to the server: the database checks wait until it has stopped.
    const deferred = async (m: MeasuredRun): Promise<CheckReport> => {
      pending = m;
      return { ok: true, acknowledged: 0, refused: 0, unknown: 0, unknownPaid: 0, failures: [] };
    };
    const closed: LoadMode = { kind: 'closed', clients: options.clients };
    const run = await runOne(context, live, 'embedded', closed, 'embedded', timing, deferred);
    const exitCode = await (server as BenchServer | undefined)?.stop();
    if (exitCode !== 0)
      failures.push(`the embedded server did not drain cleanly on SIGTERM: exit ${exitCode}`);
    server = undefined;
    const database = await openDatabase({ dataDir });
    try {
      const checks = await checkScenario(
        database.db,
        pending!.result,
        live.accounts,
        live.balances,
      );
      runs.push({ ...run, checks });
    } finally {
      await database.close();
    }
    return { runs, login: { engine: 'pglite', workers: 1, report: up.login }, failures };
  } finally {
    await (server as BenchServer | undefined)?.stop();
    forget();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
