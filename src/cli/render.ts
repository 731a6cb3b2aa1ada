/**
 * Human-readable output: plain tables without colours, so output pasted into a ticket or piped
 * into a file reads the same as on screen.
 */
import Table from 'cli-table3';

export type Cell = string | number | boolean | null;

/** Columns whose values are amounts or counts line up on the right. */
export interface Column {
  readonly title: string;
  readonly align?: 'left' | 'right';
  /** Wrap long values (audit details) at this many characters instead of widening the table. */
  readonly width?: number;
}

export function table(columns: readonly (string | Column)[], rows: readonly Cell[][]): string {
  const normalized = columns.map((c) => (typeof c === 'string' ? { title: c } : c));
  const output = new Table({
    head: normalized.map((c) => c.title),
    colAligns: normalized.map((c) => c.align ?? 'left'),
    colWidths: normalized.map((c) => c.width ?? null),
    wordWrap: true,
    wrapOnWordBoundary: false,
    style: { head: [], border: [], compact: true },
  });
  for (const row of rows) output.push(row.map((cell) => cell ?? ''));
  return rows.length === 0 ? `${output.toString()}\n(none)` : output.toString();
}

/** A two-column "field: value" table for one record. */
export function record(fields: Readonly<Record<string, Cell>>): string {
  const output = new Table({ style: { head: [], border: [], compact: true } });
  for (const [name, value] of Object.entries(fields)) output.push({ [name]: value ?? '' });
  return output.toString();
}

export const right = (title: string): Column => ({ title, align: 'right' });

export function lines(...parts: readonly string[]): string {
  return parts.filter((part) => part !== '').join('\n');
}
