/** `npm run bench -- [options]`: what runs, how long and how hard. */
import { parseArgs } from 'node:util';
import { type ScenarioName, scenarioNames } from './protocol.ts';

export interface BenchOptions {
  readonly quick: boolean;
  readonly scenarios: readonly ScenarioName[];
  readonly durationS: number;
  readonly warmupS: number;
  readonly openDurationS: number;
  readonly clients: number;
  readonly workers: readonly number[];
  readonly pgbench: boolean;
  readonly pgbenchScale: number;
  readonly cpuProfile: boolean;
  readonly serverUrl: string | undefined;
}

export const usage = `npm run bench -- [options]

  --quick              correctness only, small durations (under a minute); never asserts speed
  --scenarios LIST     comma-separated: ${scenarioNames.join(',')} (default: all)
  --duration S         measured seconds per closed-loop run (default 30; quick 2)
  --warmup S           warm-up seconds before each run (default 5; quick 1)
  --open-duration S    seconds of the open-loop run at half the uniform peak (default duration/2)
  --clients N          closed-loop clients, and pgbench's -c (default 16; quick 4)
  --workers LIST       server worker counts on PostgreSQL, e.g. 1,2 (default 1,2; quick 2)
  --no-pgbench         skip the pgbench reference (ratios become n/a; always skipped by --quick)
  --cpu-prof           write V8 CPU profiles of the server to bench/results/profiles/
  --help               this text

The PostgreSQL server is DATABASE_URL's, or postgres://postgres@127.0.0.1:5432.`;

function positiveInteger(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw new Error(`--${name} takes a whole number ≥ 1`);
  return Number(text);
}

export function parseOptions(argv: readonly string[]): BenchOptions | undefined {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      scenarios: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      'open-duration': { type: 'string' },
      clients: { type: 'string' },
      workers: { type: 'string' },
      'no-pgbench': { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) return undefined;
  const quick = values.quick === true;
  const scenarios = (values.scenarios ?? scenarioNames.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = scenarios.filter((s) => !(scenarioNames as readonly string[]).includes(s));
  if (unknown.length > 0 || scenarios.length === 0)
    throw new Error(`--scenarios takes ${scenarioNames.join(', ')}; got ${unknown.join(', ')}`);
  const workers = (values.workers ?? (quick ? '2' : '1,2'))
    .split(',')
    .map((w) => positiveInteger('workers', w.trim(), 1));
  const durationS = positiveInteger('duration', values.duration, quick ? 2 : 30);
  return {
    quick,
    scenarios: scenarios as ScenarioName[],
    durationS,
    warmupS: positiveInteger('warmup', values.warmup, quick ? 1 : 5),
    openDurationS: positiveInteger(
      'open-duration',
      values['open-duration'],
      quick ? 1 : Math.max(1, Math.round(durationS / 2)),
    ),
    clients: positiveInteger('clients', values.clients, quick ? 4 : 16),
    workers: [...new Set(workers)],
    // pgbench is a speed reference, and a quick run judges no speed.
    pgbench: values['no-pgbench'] !== true && !quick,
    pgbenchScale: quick ? 1 : 10,
    cpuProfile: values['cpu-prof'] === true,
    serverUrl: process.env.DATABASE_URL || undefined,
  };
}
