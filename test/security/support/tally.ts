/**
 * The suite's score sheet: per attack class, how many attacks were tried, how many the server
 * refused as it should, and how many came out otherwise (must be 0), with a note for each of
 * those. Printed as a table and stored as the last full run under test/results/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Answer } from './bank.ts';

export interface ClassResult {
  tried: number;
  refused: number;
  unexpected: number;
  notes: string[];
}

const results = new Map<string, ClassResult>();
const resultsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../results');

export function resultOf(attackClass: string): ClassResult {
  let result = results.get(attackClass);
  if (!result) {
    result = { tried: 0, refused: 0, unexpected: 0, notes: [] };
    results.set(attackClass, result);
  }
  return result;
}

/** One attack: `held` says whether the server behaved as it must. */
export function tally(attackClass: string, label: string, held: boolean, detail = ''): void {
  const result = resultOf(attackClass);
  result.tried += 1;
  if (held) result.refused += 1;
  else {
    result.unexpected += 1;
    result.notes.push(`${label}${detail ? `: ${detail}` : ''}`);
  }
}

/** A refusal as problem+json with one of the expected codes (and status, when given). */
export function expectRefused(
  attackClass: string,
  label: string,
  answer: Answer,
  codes: readonly string[],
  status?: number,
): void {
  const problem = (answer.headers.get('content-type') ?? '').startsWith('application/problem+json');
  const held =
    answer.status >= 400 &&
    answer.status < 500 &&
    problem &&
    codes.includes(String(answer.json.code)) &&
    (status === undefined || answer.status === status);
  tally(attackClass, label, held, `${answer.status} ${answer.text.slice(0, 200)}`);
}

export function summary() {
  return [...results.entries()].map(([attackClass, r]) => ({ attackClass, ...r }));
}

export function printAndStore(meta: Record<string, unknown>): string {
  const rows = summary();
  const width = Math.max(12, ...rows.map((r) => r.attackClass.length));
  const line = (a: string, b: string, c: string, d: string) =>
    `| ${a.padEnd(width)} | ${b.padStart(5)} | ${c.padStart(7)} | ${d.padStart(10)} |`;
  const table = [
    line('attack class', 'tried', 'refused', 'unexpected'),
    `|${'-'.repeat(width + 2)}|-------|---------|------------|`,
    ...rows.map((r) =>
      line(r.attackClass, String(r.tried), String(r.refused), String(r.unexpected)),
    ),
    line(
      'total',
      String(rows.reduce((n, r) => n + r.tried, 0)),
      String(rows.reduce((n, r) => n + r.refused, 0)),
      String(rows.reduce((n, r) => n + r.unexpected, 0)),
    ),
  ].join('\n');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(
    path.join(resultsDir, 'security-last-run.json'),
    `${JSON.stringify({ ...meta, finishedAt: new Date().toISOString(), classes: rows }, null, 2)}\n`,
  );
  return table;
}
