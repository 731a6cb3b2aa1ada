/**
 * The release of cooling-off holds (holds.ts), run by the `payment hold release` job
 * (jobs.ts, once across instances by its advisory lock) and by tests with their own clock.
 *
 * Exactly once, whatever runs it: each hold is released in its own transaction that first moves
 * it out of 'held' with a conditional UPDATE (`where status = 'held' and release_at <= now`,
 * RETURNING). A second releaser, a racing cancel or a rerun after a crash finds no row and does
 * nothing; a crash before commit leaves it held for the next run. Then the confirm's own steps
 * under its locks: the locked read (confirm-read.ts), the payment's checks again with today's
 * usage (confirm-decide.ts decidePayment: the limits at the level the payer confirmed with, the
 * balance, the code), and settlePayment (usage, the write batch, the payee's events), with the
 * payment taking the hold's id. A refusal rolls all of it back, then marks the hold refused
 * with its code, and the payer hears of it: no money moved.
 */
import type { Clock } from '../core/clock.ts';
import { bankDay } from '../core/clock.ts';
import { type ErrorCode, assert, isDomainError } from '../core/errors.ts';
import type { BankSettings } from '../core/settings.ts';
import type { Database } from '../db/connection.ts';
import { loadSettings } from '../db/settings.ts';
import { inTransaction } from '../db/transaction.ts';
import { type InternalAccounts, internalAccountCache } from '../ledger/index.ts';
import { recordEvents } from '../notify/events.ts';
import { confirmRefusal, decidePayment } from './confirm-decide.ts';
import { readForConfirm } from './confirm-read.ts';
import { settlePayment } from './confirm.ts';
import { limitsForLevel } from './limits.ts';

export const holdReleaseIntervalMs = 5_000;
const releasesPerRunMax = 100;

/** Failures that decide nothing: the hold stays held and the next run tries again. */
const notDecided: ReadonlySet<ErrorCode> = new Set([
  'SERVICE_UNAVAILABLE',
  'DATABASE_TIMEOUT',
  'INTERNAL',
]);

export interface ReleaseDeps {
  readonly clock: Clock;
  readonly internalAccounts?: InternalAccounts;
}

export interface ReleaseRun {
  readonly released: readonly string[];
  readonly refused: ReadonlyArray<{ readonly id: string; readonly code: string }>;
}

/** Releases every hold due by the clock's now (up to a batch per run), oldest first. */
export async function releaseDueHolds(database: Database, deps: ReleaseDeps): Promise<ReleaseRun> {
  const now = deps.clock.now();
  const due = await database.db
    .selectFrom('payment_holds')
    .select('id')
    .where('status', '=', 'held')
    .where('release_at', '<=', now)
    .orderBy('release_at')
    .limit(releasesPerRunMax)
    .execute();
  const run = { released: [] as string[], refused: [] as { id: string; code: string }[] };
  if (due.length === 0) return run;
  const settings = await loadSettings(database.db);
  const internal = deps.internalAccounts ?? internalAccountCache();
  await internal.ready(database.db);
  for (const { id } of due) {
    const outcome = await releaseHold(database, id, { now, settings, internal, clock: deps.clock });
    if (outcome.status === 'released') run.released.push(id);
    else if (outcome.status === 'refused') run.refused.push({ id, code: outcome.code });
  }
  return run;
}

type ReleaseOutcome =
  | { readonly status: 'released' }
  | { readonly status: 'refused'; readonly code: string }
  | { readonly status: 'skipped' };

async function releaseHold(
  database: Database,
  holdId: string,
  ctx: {
    readonly now: Date;
    readonly settings: BankSettings;
    readonly internal: InternalAccounts;
    readonly clock: Clock;
  },
): Promise<ReleaseOutcome> {
  const { now } = ctx;
  try {
    return await inTransaction(database, async (trx) => {
      const hold = await trx
        .updateTable('payment_holds')
        .set({ status: 'released', decided_at: now })
        .where('id', '=', holdId)
        .where('status', '=', 'held')
        .where('release_at', '<=', now)
        .returningAll()
        .executeTakeFirst();
      if (!hold) return { status: 'skipped' as const };
      const day = bankDay(now);
      const facts = await readForConfirm(trx, {
        quoteId: hold.quote_id,
        customerId: hold.payer_customer_id,
        sessionId: hold.session_id,
        bankDay: day,
        duplicateSince: null,
      });
      assert(facts, 'the quote of a hold stays');
      const limits = limitsForLevel(ctx.settings, hold.level);
      const outcome = decidePayment(facts, limits, now);
      if (outcome !== 'ok') throw confirmRefusal(outcome, facts, limits);
      await settlePayment(
        trx,
        facts,
        {
          customerId: hold.payer_customer_id,
          level: hold.level,
          paymentId: hold.id,
          now,
          day,
          limits,
          quoteUsedByHold: true,
          moreEvents: [
            {
              customerId: hold.payer_customer_id,
              payload: {
                type: 'hold.decided',
                holdId: hold.id,
                status: 'released',
                paymentId: hold.id,
                code: null,
              },
            },
          ],
        },
        { clock: ctx.clock, internal: ctx.internal },
      );
      return { status: 'released' as const };
    });
  } catch (error) {
    if (!isDomainError(error) || notDecided.has(error.code)) throw error;
    return refuseHold(database, holdId, error.code, now);
  }
}

/** The release was refused: nothing moved; the hold says why and its payer hears of it. */
async function refuseHold(
  database: Database,
  holdId: string,
  code: ErrorCode,
  now: Date,
): Promise<ReleaseOutcome> {
  return inTransaction(database, async (trx) => {
    const hold = await trx
      .updateTable('payment_holds')
      .set({ status: 'refused', refusal_code: code, decided_at: now })
      .where('id', '=', holdId)
      .where('status', '=', 'held')
      .returning(['id', 'payer_customer_id'])
      .executeTakeFirst();
    if (!hold) return { status: 'skipped' as const };
    await recordEvents(trx, [
      {
        customerId: hold.payer_customer_id,
        payload: { type: 'hold.decided', holdId, status: 'refused', paymentId: null, code },
      },
    ]);
    return { status: 'refused' as const, code };
  });
}
