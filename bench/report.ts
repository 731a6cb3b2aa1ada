/** The bench's results: the terminal table, the targets of the issue, and the JSON document. */
import Table from 'cli-table3';
import type { CheckReport } from './checks.ts';
import type { StatementCounts } from './metrics.ts';
import type { PgbenchResult } from './postgres.ts';
import type { LatencySummary, ScenarioName, SecondStats } from './protocol.ts';
import type { LoginReport } from './setup.ts';

export interface RunReport {
  readonly label: string;
  readonly scenario: ScenarioName;
  readonly loop: 'closed' | 'open';
  readonly engine: 'postgres' | 'pglite';
  readonly workers: number;
  readonly clients: number;
  readonly ratePerSecond: number | undefined;
  readonly paymentsPerSecond: number;
  readonly latency: LatencySummary;
  readonly errors: Readonly<Record<string, number>>;
  readonly warmupErrors: Readonly<Record<string, number>>;
  readonly seconds: readonly SecondStats[];
  /** 1-minute load average when the run started: other work on the machine moves every figure. */
  readonly loadAverage: number;
  readonly statements: StatementCounts;
  readonly verifyOk: boolean;
  readonly checks: CheckReport;
}

export interface LoginGroup {
  readonly engine: 'postgres' | 'pglite';
  readonly workers: number;
  readonly report: LoginReport;
}

export interface Target {
  readonly name: string;
  readonly measured: number | undefined;
  readonly required: number;
  /** 'min': measured ≥ required; 'max': measured ≤ required. */
  readonly sense: 'min' | 'max';
  readonly met: boolean;
}

export interface BenchReport {
  readonly mode: 'full' | 'quick';
  readonly command: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly commit: string;
  readonly machine: { cpus: number; model: string; loadAverageAtStart: number[]; node: string };
  readonly postgres: string;
  readonly pgbench: PgbenchResult | undefined;
  readonly logins: readonly LoginGroup[];
  readonly runs: readonly RunReport[];
  readonly targets: readonly Target[];
  readonly ok: boolean;
  readonly failures: readonly string[];
}

const ms = (value: number) => (Number.isFinite(value) ? String(Math.round(value * 10) / 10) : '–');
const ratio = (value: number | undefined) =>
  value === undefined || !Number.isFinite(value) ? 'n/a' : `${Math.round(value * 1000) / 1000}×`;
const count = (value: number | undefined) =>
  value === undefined ? 'n/a' : String(Math.round(value * 10) / 10);

function errorsText(errors: Readonly<Record<string, number>>): string {
  const entries = Object.entries(errors).sort(([, a], [, b]) => b - a);
  return entries.length === 0 ? '0' : entries.map(([code, n]) => `${code} ${n}`).join(', ');
}

export function renderTable(report: BenchReport): string {
  const table = new Table({
    head: [
      'run',
      'db',
      'workers',
      'clients',
      'payments/s',
      '× pgbench',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'max ms',
      'errors',
      'stmts/quote',
      'stmts/confirm',
      'checks',
    ],
    style: { head: [], border: [] },
  });
  const tps = report.pgbench?.tps;
  if (report.pgbench)
    table.push([
      `pgbench TPC-B -s ${report.pgbench.scale}`,
      'postgres',
      '',
      String(report.pgbench.clients),
      `${Math.round(report.pgbench.tps)} tps`,
      '1×',
      ms(report.pgbench.latencyAverageMs ?? NaN) + ' (avg)',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
    ]);
  for (const group of report.logins)
    table.push([
      'full login (password+SMS+OTP)',
      group.engine,
      String(group.workers),
      String(group.report.concurrency),
      `${Math.round(group.report.loginsPerSecond * 10) / 10} logins/s`,
      '',
      ms(group.report.full.p50Ms),
      ms(group.report.full.p95Ms),
      ms(group.report.full.p99Ms),
      ms(group.report.full.maxMs),
      '',
      '',
      '',
      `password step p50 ${ms(group.report.password.p50Ms)} ms`,
    ]);
  for (const run of report.runs)
    table.push([
      run.label,
      run.engine,
      String(run.workers),
      run.loop === 'open' ? `open ${Math.round(run.ratePerSecond ?? 0)}/s` : String(run.clients),
      String(Math.round(run.paymentsPerSecond)),
      ratio(tps ? run.paymentsPerSecond / tps : undefined),
      ms(run.latency.p50Ms),
      ms(run.latency.p95Ms),
      ms(run.latency.p99Ms),
      ms(run.latency.maxMs),
      errorsText(run.errors),
      run.statements.perQuote === undefined && run.statements.perPayment !== undefined
        ? `${count(run.statements.perPayment)} per payment (pg_stat_statements)`
        : count(run.statements.perQuote),
      count(run.statements.perConfirm),
      run.verifyOk && run.checks.ok
        ? `ok (${run.checks.acknowledged} paid)`
        : `FAILED${run.verifyOk ? '' : ' (verify)'}`,
    ]);
  return table.toString();
}

export function renderTargets(targets: readonly Target[]): string {
  return targets
    .map((t) => {
      const sign = t.sense === 'min' ? '≥' : '≤';
      const value = t.measured === undefined ? 'n/a' : String(Math.round(t.measured * 1000) / 1000);
      return `${t.met ? 'met    ' : 'NOT MET'}  ${t.name}: ${value} (target ${sign} ${t.required})`;
    })
    .join('\n');
}

function target(
  name: string,
  measured: number | undefined,
  required: number,
  sense: 'min' | 'max' = 'min',
): Target {
  const met =
    measured !== undefined &&
    Number.isFinite(measured) &&
    (sense === 'min' ? measured >= required : measured <= required);
  return { name, measured, required, sense, met };
}

/** The targets, per worker count on PostgreSQL; embedded against 1 worker's uniform. */
export function evaluateTargets(runs: readonly RunReport[], tps: number | undefined): Target[] {
  const find = (scenario: ScenarioName, workers: number, loop: 'closed' | 'open' = 'closed') =>
    runs.find((r) => r.scenario === scenario && r.workers === workers && r.loop === loop);
  const targets: Target[] = [];
  const workerCounts = [
    ...new Set(runs.filter((r) => r.engine === 'postgres').map((r) => r.workers)),
  ];
  for (const workers of workerCounts) {
    const w = `${workers} worker${workers === 1 ? '' : 's'}`;
    const uniform = find('uniform', workers)?.paymentsPerSecond;
    if (uniform !== undefined && tps !== undefined)
      targets.push(target(`uniform / pgbench (${w})`, uniform / tps, 0.25));
    const hot = find('hot-payee', workers)?.paymentsPerSecond;
    if (hot !== undefined && uniform)
      targets.push(target(`hot-payee / uniform (${w})`, hot / uniform, 0.7));
    const requests = find('requests', workers)?.paymentsPerSecond;
    if (requests !== undefined && uniform)
      targets.push(target(`requests / uniform (${w})`, requests / uniform, 0.6));
    const open = find('uniform', workers, 'open');
    if (open)
      targets.push(target(`open-loop p99 ms at half peak (${w})`, open.latency.p99Ms, 50, 'max'));
  }
  const embedded = runs.find((r) => r.scenario === 'embedded')?.paymentsPerSecond;
  const single = find('uniform', 1) ?? runs.find((r) => r.scenario === 'uniform');
  if (embedded !== undefined && single)
    targets.push(
      target(
        `embedded / uniform (${single.workers} worker${single.workers === 1 ? '' : 's'})`,
        embedded / single.paymentsPerSecond,
        0.5,
      ),
    );
  return targets;
}
