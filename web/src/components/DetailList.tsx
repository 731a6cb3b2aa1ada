/** Label–value rows (receipt, confirmation, profile) as a description list. */
import type { ReactNode } from 'react';

export interface DetailRow {
  readonly label: string;
  readonly value: ReactNode;
  readonly emphasis?: boolean;
}

export function DetailList({
  rows,
}: {
  readonly rows: readonly (DetailRow | false | undefined)[];
}) {
  return (
    <dl className="details">
      {rows
        .filter((row): row is DetailRow => Boolean(row))
        .map((row) => (
          <div
            key={row.label}
            className={`details__row${row.emphasis ? ' details__row--emphasis' : ''}`}
          >
            <dt>{row.label}</dt>
            <dd>{row.value}</dd>
          </div>
        ))}
    </dl>
  );
}
