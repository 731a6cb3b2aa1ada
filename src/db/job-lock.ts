/**
 * "Only one instance at a time": background jobs (ledger roll-up, expiry sweep) run on every
 * server instance, and each tick's work must be done once across them, not once per instance.
 *
 * On PostgreSQL the holder keeps a transaction open on one pooled connection with
 * `pg_try_advisory_xact_lock` taken; the job's own short transactions run on other connections
 * meanwhile. The lock ends with that transaction, so a holder that dies (kill -9, lost
 * connection) releases it at once. An instance that does not get the lock skips the tick: the
 * holder is doing the work. On PGlite the database belongs to one process (the data folder lock),
 * so the work runs directly; the single connection could not hold a lock and work at once.
 */
import { sql } from 'kysely';
import type { Database } from './connection.ts';

export type ExclusiveRun<T> = { readonly ran: true; readonly result: T } | { readonly ran: false };

/** One key space for the app's job locks, so they never meet another application's locks. */
const jobLockNamespace = 'smartpay.job.';

export async function runExclusively<T>(
  database: Pick<Database, 'db' | 'engine'>,
  jobName: string,
  work: () => Promise<T>,
): Promise<ExclusiveRun<T>> {
  if (database.engine === 'pglite') return { ran: true, result: await work() };
  let outcome: ExclusiveRun<T> = { ran: false };
  await database.db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ locked: boolean }>`
      select pg_try_advisory_xact_lock(hashtext(${jobLockNamespace + jobName})) as locked`.execute(
      trx,
    );
    if (rows[0]?.locked !== true) return;
    outcome = { ran: true, result: await work() };
  });
  return outcome;
}
