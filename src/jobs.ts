/**
 * Periodic background work of the server: rolling queued ledger postings into balances,
 * storing the status of expired payment requests, pruning old live events and releasing
 * cooling-off holds that are due. Each run is small
 * and idempotent; with several server instances on one database each tick runs on one of them
 * only (an advisory lock, see db/job-lock.ts), so the work is done once, not raced by every
 * instance.
 */
import type { Logger } from 'pino';
import type { Clock } from './core/clock.ts';
import type { Database } from './db/connection.ts';
import { runExclusively } from './db/job-lock.ts';
import type { BackgroundService } from './http/shutdown.ts';
import { internalAccountCache } from './ledger/index.ts';
import { rollUpPending } from './ledger/rollup.ts';
import { pruneLiveEvents } from './notify/events.ts';
import { holdReleaseIntervalMs, releaseDueHolds } from './payments/hold-release.ts';
import { sweepExpiredRequests } from './qr/index.ts';

export const rollUpIntervalMs = 1_000;
export const expirySweepIntervalMs = 60_000;
export const liveEventPruneIntervalMs = 60_000;

export function startPeriodicJob(
  name: string,
  intervalMs: number,
  run: () => Promise<unknown>,
  logger: Pick<Logger, 'warn'>,
): BackgroundService {
  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    if (stopped) return;
    current = run()
      .catch((error: unknown) =>
        logger.warn({ err: error, job: name }, 'background job failed; it runs again'),
      )
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, intervalMs);
  return {
    name,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}

/** A periodic job whose every run happens on one instance at a time across all of them. */
export function startExclusiveJob(
  database: Pick<Database, 'db' | 'engine'>,
  name: string,
  intervalMs: number,
  run: () => Promise<unknown>,
  logger: Pick<Logger, 'warn'>,
): BackgroundService {
  return startPeriodicJob(name, intervalMs, () => runExclusively(database, name, run), logger);
}

export function startLedgerJobs(
  database: Database,
  clock: Clock,
  logger: Pick<Logger, 'warn'>,
): BackgroundService[] {
  const holdAccounts = internalAccountCache();
  return [
    startExclusiveJob(
      database,
      'ledger roll-up',
      rollUpIntervalMs,
      () => rollUpPending(database),
      logger,
    ),
    startExclusiveJob(
      database,
      'request expiry sweep',
      expirySweepIntervalMs,
      () => sweepExpiredRequests(database.db, clock),
      logger,
    ),
    // Keeps the live events log bounded: events are for open screens and resume, not history.
    startExclusiveJob(
      database,
      'live events retention',
      liveEventPruneIntervalMs,
      () => pruneLiveEvents(database.db),
      logger,
    ),
    // Held payments survive restarts (rows, not timers); each is released once (hold-release.ts).
    startExclusiveJob(
      database,
      'payment hold release',
      holdReleaseIntervalMs,
      () => releaseDueHolds(database, { clock, internalAccounts: holdAccounts }),
      logger,
    ),
  ];
}
