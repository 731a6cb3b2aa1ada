/**
 * Row types of the raw SQL reads, derived from the table types of schema.ts: `Pick<Selectable<
 * Table>, ...>` for columns selected as they are, `Prefixed` for columns selected under a prefix
 * (two tables with the same column names in one statement), kysely's `Nullable` for the columns
 * of a left join. Only what a statement computes is spelled out by hand.
 */

/** The columns of `T` as a statement selects them under `P`: `q.amount_minor as quote_amount_minor`. */
export type Prefixed<P extends string, T> = { [K in keyof T & string as `${P}${K}`]: T[K] };
