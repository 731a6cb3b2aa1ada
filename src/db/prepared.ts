/**
 * Named prepared statements on PostgreSQL. Kysely sends every query unnamed, so PostgreSQL parses
 * and plans each one again: on the payment path planning cost about as much as running the
 * statements (bench, pg_stat_statements: ~2 ms of ~4 ms of database time per payment, the write
 * batch's CTEs alone 0.4 ms to plan). This pg.Client subclass gives each distinct SQL text that
 * carries parameters a name, so a connection parses it once and PostgreSQL may keep a generic
 * plan for it (`plan_cache_mode`). The names are bounded: texts that vary with a list's length
 * stop being named past `namedTextsMax`, and go unnamed as before.
 *
 * A prepared statement whose result columns changed under it (a migration run by a newer
 * instance added a column to a `select *`) answers 0A000 "cached plan must not change result
 * type". That connection then prepares the text again under a fresh name, and the transaction
 * helper retries the unit of work (db/transaction.ts `isRetryable`).
 */
import pg from 'pg';

export const namedTextsMax = 1_000;
const namesByText = new Map<string, string>();

/** The process-wide name of a parameterised SQL text, or undefined past the bound. */
function nameOf(text: string): string | undefined {
  const known = namesByText.get(text);
  if (known !== undefined || namesByText.size >= namedTextsMax) return known;
  const name = `smartpay_${namesByText.size + 1}`;
  namesByText.set(text, name);
  return name;
}

/** True for the error of a prepared statement that must be prepared again. */
export function isStalePreparedStatement(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === '0A000' && String(message).includes('cached plan must not change result type');
}

type Query = pg.Client['query'];

/** `Base` (pg.Client, or the primary-finding client of a failover formation) with named statements. */
export function preparingClientClass(Base: typeof pg.Client): typeof pg.Client {
  class PreparingClient extends Base {
    /** Texts this connection had to prepare again, with their new names. */
    readonly renamed = new Map<string, string>();
  }
  const baseQuery = Base.prototype.query;
  PreparingClient.prototype.query = function query(
    this: PreparingClient,
    config: unknown,
    values?: unknown,
    callback?: unknown,
  ) {
    const name =
      typeof config === 'string' &&
      Array.isArray(values) &&
      values.length > 0 &&
      callback === undefined
        ? (this.renamed.get(config) ?? nameOf(config))
        : undefined;
    if (name === undefined)
      return baseQuery.call(this, config as never, values as never, callback as never);
    const text = config as string;
    const named = { name, text, values };
    const result = (baseQuery as (query: typeof named) => Promise<unknown>).call(this, named);
    return result.catch((error: unknown) => {
      if (isStalePreparedStatement(error))
        this.renamed.set(text, `${name}_${this.renamed.size + 1}`);
      throw error;
    });
  } as unknown as Query;
  return PreparingClient;
}
