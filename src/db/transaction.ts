/**
 * Runs a unit of work in one transaction and retries it when PostgreSQL reports a serialization
 * failure (40001) or a deadlock (40P01): both mean "nothing happened, try again". So does a
 * prepared statement that must be prepared again (db/prepared.ts): the connection has renamed it.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './connection.ts';
import { isStalePreparedStatement } from './prepared.ts';
import type { Schema } from './schema.ts';

export type Executor = Kysely<Schema>;
export type Tx = Transaction<Schema>;

export interface TransactionOptions {
  readonly isolation?: 'read committed' | 'repeatable read' | 'serializable';
  readonly attemptsMax?: number;
}

const retryableCodes = new Set(['40001', '40P01']);

export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (typeof code === 'string' && retryableCodes.has(code)) || isStalePreparedStatement(error);
}

export async function inTransaction<T>(
  database: Pick<Database, 'db'>,
  work: (trx: Tx) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const attemptsMax = options.attemptsMax ?? 8;
  for (let attempt = 1; ; attempt++) {
    try {
      let builder = database.db.transaction();
      if (options.isolation) builder = builder.setIsolationLevel(options.isolation);
      return await builder.execute(work);
    } catch (error) {
      if (!isRetryable(error) || attempt >= attemptsMax) throw error;
      await backoff(attempt);
    }
  }
}

/** Jittered exponential backoff so retried transactions do not collide again in lockstep. */
function backoff(attempt: number): Promise<void> {
  const ceilingMs = Math.min(200, 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceilingMs));
}
