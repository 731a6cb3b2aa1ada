/**
 * `npm run test:faults [-- --long] [-- --cluster]`: the fault tests (vitest, own PostgreSQL
 * clusters), then the fault suite: clients paying through the real HTTP API while faults are
 * injected on a schedule, then the end checks and a table per fault kind.
 *   short (CI): one injection of each kind on PostgreSQL, two on PGlite; a few minutes.
 *   --long:     20 of each kind, plus the HA profile's primary kill (pg_auto_failover);
 *               the result is stored in test/results/faults-long.json.
 *   --cluster:  adds the HA profile phase to a short run.
 *   --suite-only: skips the vitest fault tests; --count N, --phases postgres,pglite,cluster.
 * With SMARTPAY_REPORT_DIR set, writes a JSON count report for .ci/run.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './support/server-process.ts';
import { clusterPhase, pglitePhase, postgresPhase, type PhaseResult } from './suite/phases.ts';

const args = new Set(process.argv.slice(2));
const long = args.has('--long');
const withCluster = long || args.has('--cluster');
/** `--count N` and `--phases a,b` narrow a run (e.g. only the HA profile's primary kills). */
const argList = process.argv.slice(2);
const valueOf = (flag: string) => {
  const index = argList.indexOf(flag);
  return index >= 0 ? argList[index + 1] : undefined;
};
const count = Number(valueOf('--count') ?? (long ? 20 : 1));
const onlyPhases = valueOf('--phases')?.split(',');
const log = (line: string) => console.log(line);

interface KindRow {
  readonly phase: string;
  readonly kind: string;
  readonly injected: number;
  readonly acknowledged: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly invariantViolations: number;
  readonly neverRecovered: number;
  readonly recoveryMsP50: number | undefined;
  readonly recoveryMsMax: number | undefined;
}

function percentile(values: number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function rowsOf(result: PhaseResult): KindRow[] {
  return result.kinds.map((kind) => {
    const events = result.events.filter((event) => event.kind === kind);
    // A payment belongs to the window of the fault before it was acknowledged.
    const inWindow = (at: number) =>
      events.some((event) => {
        const next = result.events.find((e) => e.injectedAt > event.injectedAt);
        return at >= event.injectedAt && at < (next?.injectedAt ?? Number.POSITIVE_INFINITY);
      });
    const acknowledged = result.records.acknowledged.filter((r) => inWindow(r.acknowledgedAt));
    const recoveries = events.flatMap((e) => (e.recoveryMs === undefined ? [] : [e.recoveryMs]));
    return {
      phase: result.phase,
      kind,
      injected: events.length,
      acknowledged: acknowledged.length,
      lost: acknowledged.filter((r) => result.checks.lostIds.has(r.paymentId)).length,
      duplicated: acknowledged.filter((r) => result.checks.duplicatedIds.has(r.key)).length,
      invariantViolations: result.checks.violations,
      neverRecovered: events.length - recoveries.length,
      recoveryMsP50: percentile(recoveries, 50),
      recoveryMsMax: percentile(recoveries, 100),
    };
  });
}

function printTable(rows: KindRow[]): void {
  const header = [
    'fault kind',
    'injected',
    'acknowledged',
    'lost',
    'duplicated',
    'invariant violations',
    'recovery p50 / max (s)',
  ];
  // Durations, not money: tenths of a second by integer arithmetic.
  const seconds = (ms: number | undefined) =>
    ms === undefined ? '—' : `${Math.floor(ms / 1000)}.${Math.floor((ms % 1000) / 100)}`;
  const lines = rows.map((row) => [
    `${row.kind} (${row.phase})`,
    String(row.injected),
    String(row.acknowledged),
    String(row.lost),
    String(row.duplicated),
    String(row.invariantViolations),
    `${seconds(row.recoveryMsP50)} / ${seconds(row.recoveryMsMax)}${row.neverRecovered ? ` (${row.neverRecovered} never)` : ''}`,
  ]);
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  for (const line of lines) console.log(`| ${line.join(' | ')} |`);
}

async function main(): Promise<void> {
  let passed = 0;
  let failed = 0;
  let vitestFailed = false;
  const reportDir = process.env.SMARTPAY_REPORT_DIR;
  if (!args.has('--suite-only')) {
    const vitest = spawnSync(
      process.execPath,
      ['node_modules/vitest/vitest.mjs', 'run', '--config', 'vitest.faults.config.ts'],
      { cwd: repoRoot, stdio: 'inherit' },
    );
    vitestFailed = vitest.status !== 0;
    if (vitestFailed && !reportDir) failed += 1; // in CI it is counted from its own report
  }
  const startedAt = Date.now();
  const results: PhaseResult[] = [];
  const phases: [string, () => Promise<PhaseResult>][] = [
    ['postgres', () => postgresPhase({ count, customers: 10, log })],
    [
      'pglite',
      () => pglitePhase({ count: valueOf('--count') ? count : long ? 20 : 2, customers: 6, log }),
    ],
  ];
  if (withCluster || onlyPhases?.includes('cluster'))
    phases.push(['cluster', () => clusterPhase({ count, customers: 10, log })]);
  for (const [name, run] of phases) {
    if (onlyPhases && !onlyPhases.includes(name)) continue;
    log(`\n=== fault phase: ${name}`);
    try {
      results.push(await run());
    } catch (error) {
      failed += 1;
      console.error(
        `phase ${name} failed: ${error instanceof Error ? error.stack : String(error)}`,
      );
    }
  }
  const rows = results.flatMap(rowsOf);
  console.log('');
  printTable(rows);
  for (const result of results) {
    const unacknowledged = result.records.unacknowledged.length;
    console.log(
      `\n${result.phase}: ${result.records.acknowledged.length} acknowledged, ${unacknowledged} unacknowledged ` +
        `(${result.checks.unacknowledgedHappened} happened fully, ${result.checks.unacknowledgedNotHappened} not at all), ` +
        `${result.records.noQuote} without a quote`,
    );
    for (const check of result.checks.checks)
      console.log(
        `  ${check.violations === 0 ? 'ok  ' : 'FAIL'} ${check.name}${check.violations ? `: ${check.violations} e.g. ${check.examples.join('; ')}` : ''}`,
      );
  }
  // Each fault kind is a test: it passes with nothing lost, duplicated or violated, and a recovery.
  for (const row of rows) {
    const ok =
      row.injected > 0 &&
      row.lost === 0 &&
      row.duplicated === 0 &&
      row.invariantViolations === 0 &&
      row.neverRecovered === 0;
    if (ok) passed += 1;
    else failed += 1;
  }
  const primaryKills = rows.find((row) => row.phase === 'cluster');
  if (long && primaryKills) {
    const targetMet =
      (primaryKills.recoveryMsMax ?? Infinity) <= 30_000 &&
      (primaryKills.recoveryMsP50 ?? Infinity) < 15_000;
    console.log(`primary kill target (max ≤ 30 s, p50 < 15 s): ${targetMet ? 'met' : 'MISSED'}`);
    if (targetMet) passed += 1;
    else failed += 1;
  }
  const summary = {
    mode: long ? 'long' : withCluster ? 'short+cluster' : 'short',
    startedAt: new Date(startedAt).toISOString(),
    durationS: Math.round((Date.now() - startedAt) / 1000),
    rows,
    phases: results.map((r) => ({
      phase: r.phase,
      acknowledged: r.records.acknowledged.length,
      unacknowledged: r.records.unacknowledged.length,
      unacknowledgedHappened: r.checks.unacknowledgedHappened,
      checks: r.checks.checks,
      events: r.events,
    })),
  };
  if (long) {
    const dir = path.join(repoRoot, 'test/results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'faults-long.json'), `${JSON.stringify(summary, null, 2)}\n`);
  }
  if (reportDir)
    writeFileSync(
      path.join(reportDir, 'fault-suite.json'),
      JSON.stringify({ numPassedTests: passed, numFailedTests: failed, numPendingTests: 0 }),
    );
  console.log(`\nfaults: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && !vitestFailed ? 0 : 1);
}

await main();
