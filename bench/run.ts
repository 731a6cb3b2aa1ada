/**
 * `npm run bench`: payments per second and latency of the real server, against pgbench TPC-B on
 * the same PostgreSQL in the same run. It starts everything itself: its own databases (created
 * and dropped here), the server as a separate production-mode process, a local SMS gateway, and
 * a load generator process. After every run: `smartpay ledger verify` and the payment checks;
 * a lost or duplicated payment, or a dirty ledger, exits 1. See bench/README.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { renderChart } from './chart.ts';
import { installInterruptHandler } from './interrupt.ts';
import { type PostgresGroupResult, runEmbeddedGroup, runPostgresGroup } from './groups.ts';
import { type BenchOptions, parseOptions, usage } from './options.ts';
import { checkServer, createBenchDatabase, defaultServerUrl, runPgbench } from './postgres.ts';
import type { PgbenchResult } from './postgres.ts';
import { Progress } from './progress.ts';
import {
  type BenchReport,
  type LoginGroup,
  type RunReport,
  evaluateTargets,
  renderTable,
  renderTargets,
} from './report.ts';
import { repoRoot } from './server.ts';
import { startSmsGateway } from './sms-gateway.ts';

const resultsDir = path.join(repoRoot, 'bench', 'results');

/** Errors that mean the server or the network failed, not a business refusal. */
const failingCodes = /^(INTERNAL|HTTP_5\d\d|NETWORK|UNKNOWN_OUTCOME|CLIENT_ERROR)$/;

async function pgbenchReference(
  serverUrl: string,
  options: BenchOptions,
  progress: Progress,
): Promise<PgbenchResult> {
  const database = await createBenchDatabase(serverUrl, 'pgbench');
  try {
    progress.note(
      `pgbench TPC-B: -i -s ${options.pgbenchScale}, then -c ${options.clients} -j 2 -T ${options.durationS} …`,
    );
    const result = await runPgbench(database, {
      scale: options.pgbenchScale,
      clients: options.clients,
      threads: 2,
      durationS: options.durationS,
    });
    progress.note(
      `pgbench TPC-B (load average ${result.loadAverage}): ${Math.round(result.tps)} tps`,
    );
    return result;
  } finally {
    await database.drop();
  }
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot })
      .toString()
      .trim();
  } catch {
    return 'unknown';
  }
}

function runFailures(runs: readonly RunReport[]): string[] {
  const failures: string[] = [];
  for (const run of runs) {
    if (!run.verifyOk) failures.push(`${run.label}: smartpay ledger verify failed`);
    for (const failure of run.checks.failures) failures.push(`${run.label}: ${failure}`);
    const serverErrors = Object.entries({ ...run.warmupErrors, ...run.errors }).filter(([code]) =>
      failingCodes.test(code),
    );
    if (serverErrors.length > 0)
      failures.push(
        `${run.label}: server or network errors ${serverErrors.map(([c, n]) => `${c} ${n}`).join(', ')}`,
      );
  }
  return failures;
}

function writeResults(report: BenchReport): string[] {
  mkdirSync(resultsDir, { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const chart = renderChart(
    `SmartPay bench ${report.mode} ${report.startedAt} (${report.commit})`,
    report.runs.map((run) => ({ label: run.label, seconds: run.seconds })),
  );
  const files = [
    [`${stamp}-${report.mode}.json`, json],
    [`${stamp}-${report.mode}.svg`, chart],
    [`last-${report.mode}.json`, json],
    [`last-${report.mode}.svg`, chart],
  ] as const;
  for (const [name, text] of files) writeFileSync(path.join(resultsDir, name), text);
  return files.slice(0, 2).map(([name]) => path.join('bench', 'results', name));
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const options = parseOptions(argv);
  if (!options) {
    console.log(usage);
    return 0;
  }
  installInterruptHandler();
  const startedAt = new Date().toISOString();
  const loadAverageAtStart = loadavg();
  const progress = new Progress();
  const serverUrl = options.serverUrl ?? defaultServerUrl;
  const onPostgres = options.scenarios.some((s) => s !== 'embedded');
  let postgres = 'not used';
  if (onPostgres || options.pgbench) {
    try {
      postgres = await checkServer(serverUrl);
    } catch (error) {
      console.error(`PostgreSQL is not reachable at ${new URL(serverUrl).host}: ${String(error)}`);
      return 1;
    }
  }
  progress.note(
    `SmartPay bench (${options.quick ? 'quick: correctness only' : 'full'}) on PostgreSQL ${postgres}, ${cpus().length} CPUs, load average ${loadAverageAtStart.map((l) => Math.round(l * 100) / 100).join(' ')}`,
  );
  const sms = await startSmsGateway();
  const runs: RunReport[] = [];
  const logins: LoginGroup[] = [];
  const failures: string[] = [];
  let pgbench: PgbenchResult | undefined;
  try {
    if (options.pgbench && onPostgres)
      pgbench = await pgbenchReference(serverUrl, options, progress);
    const collect = (group: PostgresGroupResult) => {
      runs.push(...group.runs);
      if (group.login) logins.push(group.login);
      failures.push(...group.failures);
    };
    if (onPostgres)
      for (const workers of options.workers)
        collect(await runPostgresGroup({ options, serverUrl, sms, progress }, workers));
    if (options.scenarios.includes('embedded'))
      collect(await runEmbeddedGroup({ options, serverUrl, sms, progress }));
  } catch (error) {
    failures.push(`the bench stopped: ${error instanceof Error ? error.stack : String(error)}`);
  } finally {
    await sms.close();
  }
  failures.push(...runFailures(runs));
  const targets = options.quick ? [] : evaluateTargets(runs, pgbench?.tps);
  const report: BenchReport = {
    mode: options.quick ? 'quick' : 'full',
    command: ['npm run bench', ...(argv.length > 0 ? ['--', ...argv] : [])].join(' '),
    startedAt,
    finishedAt: new Date().toISOString(),
    commit: gitCommit(),
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model ?? 'unknown',
      loadAverageAtStart,
      node: process.version,
    },
    postgres,
    pgbench,
    logins,
    runs,
    targets,
    ok: failures.length === 0,
    failures,
  };
  console.log(renderTable(report));
  if (targets.length > 0) console.log(`\nTargets (issue 10):\n${renderTargets(targets)}`);
  if (options.quick)
    console.log('\nQuick run: correctness only; the figures above are not judged.');
  const written = writeResults(report);
  console.log(`\nResults: ${written.join(', ')}`);
  if (failures.length > 0) {
    console.log(`\nFAILED:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
    return 1;
  }
  console.log('\nEvery run: ledger verify clean, every acknowledged payment present exactly once.');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
