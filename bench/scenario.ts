/**
 * One measured run against a running server: fork the load generator, show its progress, read
 * the statement counters around it, then `smartpay ledger verify` through the real CLI.
 */
import { execFile, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  type StatementCounts,
  type StatementTotals,
  snapshot,
  statementCounts,
} from './metrics.ts';
import type { Progress } from './progress.ts';
import type {
  Actor,
  Flow,
  FromLoadGenerator,
  LoadMode,
  LoadPlan,
  LoadResult,
  ScenarioName,
  ToLoadGenerator,
} from './protocol.ts';
import { undoOnInterrupt } from './interrupt.ts';
import { repoRoot } from './server.ts';

const runFile = promisify(execFile);
const loadGeneratorPath = fileURLToPath(new URL('./load.ts', import.meta.url));

export const paymentAmount = '1.00';

export function flowOf(scenario: ScenarioName): { flow: Flow; hotShare: number } {
  if (scenario === 'hot-payee') return { flow: 'account-code', hotShare: 0.9 };
  if (scenario === 'requests') return { flow: 'request', hotShare: 0 };
  return { flow: 'account-code', hotShare: 0 };
}

export interface MeasuredRun {
  readonly result: LoadResult;
  readonly statements: StatementCounts;
}

export interface RunTarget {
  readonly baseUrl: string;
  readonly metricsUrls: readonly string[];
  readonly payers: readonly Actor[];
  readonly payees: readonly Actor[];
  /** pg_stat_statements, when the PostgreSQL server has it (the fallback counter). */
  readonly statementTotals: StatementTotals | undefined;
}

export async function measure(
  target: RunTarget,
  scenario: ScenarioName,
  mode: LoadMode,
  timing: { warmupMs: number; durationMs: number },
  label: string,
  progress: Progress,
): Promise<MeasuredRun> {
  const plan: LoadPlan = {
    baseUrl: target.baseUrl,
    ...flowOf(scenario),
    mode,
    ...timing,
    payers: target.payers,
    payees: target.payees,
    amount: paymentAmount,
    connections: mode.kind === 'closed' ? mode.clients : Math.min(mode.inFlightMax, 64),
  };
  const before = await snapshot(target.metricsUrls);
  const totalBefore = await target.statementTotals?.read();
  const result = await runLoadGenerator(plan, (message) => {
    const totalMs = timing.warmupMs + timing.durationMs;
    const last = message.lastSecond;
    const detail = !message.measuring
      ? 'warming up'
      : `${last?.payments ?? 0} payments/s, p99 ${Math.round(last?.p99Ms ?? NaN)} ms, errors ${message.errors}`;
    progress.update(label, message.elapsedMs / totalMs, detail);
  });
  const after = await snapshot(target.metricsUrls);
  const totalAfter = await target.statementTotals?.read();
  const statements = statementCounts(before, after);
  if (statements.perQuote !== undefined || totalBefore === undefined || totalAfter === undefined)
    return { result, statements };
  const paid = result.paid.length;
  return {
    result,
    statements: {
      ...statements,
      perPayment: paid > 0 ? (totalAfter - totalBefore) / paid : undefined,
      source: 'pg_stat_statements (per payment, background jobs included)',
    },
  };
}

function runLoadGenerator(
  plan: LoadPlan,
  onProgress: (message: Extract<FromLoadGenerator, { type: 'progress' }>) => void,
): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(loadGeneratorPath, [], {
      cwd: repoRoot,
      execArgv: ['--import', 'tsx'],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const forget = undoOnInterrupt(async () => child.kill('SIGKILL'));
    let result: LoadResult | undefined;
    let failure: string | undefined;
    child.on('message', (message: FromLoadGenerator) => {
      if (message.type === 'progress') onProgress(message);
      else if (message.type === 'done') result = message.result;
      else failure = message.message;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      forget();
      if (result) resolve(result);
      else reject(new Error(failure ?? `the load generator exited with ${code} and no result`));
    });
    child.send({ type: 'run', plan } satisfies ToLoadGenerator);
  });
}

export interface VerifyOutcome {
  readonly ok: boolean;
  readonly detail: string;
}

/**
 * `smartpay ledger verify` as an operator runs it (the package's bin, which is what
 * `npm run smartpay` runs too, without npm's start-up), exit 1 when broken.
 */
export async function ledgerVerify(env: {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
}): Promise<VerifyOutcome> {
  const processEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...(env.databaseUrl ? { DATABASE_URL: env.databaseUrl } : {}),
    ...(env.dataDir ? { SMARTPAY_DATA_DIR: env.dataDir } : {}),
  };
  try {
    const { stdout } = await runFile(
      process.execPath,
      ['bin/smartpay.js', 'ledger', 'verify', '--json'],
      { cwd: repoRoot, env: processEnv, maxBuffer: 4 * 1024 * 1024 },
    );
    const report = JSON.parse(stdout) as { ok: boolean; transfers: number };
    return { ok: report.ok === true, detail: `${report.transfers} transfers` };
  } catch (error) {
    const output = error as { stdout?: string; stderr?: string; message?: string };
    return { ok: false, detail: `${output.stdout ?? ''}${output.stderr ?? output.message ?? ''}` };
  }
}
