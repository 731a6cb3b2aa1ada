/**
 * The per-CIF login rate (login, SmartOTP options and login): a fixed one-minute window per CIF
 * as typed, in the database, so it holds across server instances and whether the CIF exists or
 * not. The per-IP limits stay in the rate-limit plugin (memory or Redis).
 */
import { sql } from 'kysely';
import { DomainError } from '../core/errors.ts';
import type { Executor } from '../db/transaction.ts';

export const loginRateWindowMs = 60_000;

/** Counts one attempt; throws RATE_LIMITED once the window holds more than `max`. */
export async function countLoginAttempt(
  db: Executor,
  input: { cif: string; now: Date; max: number },
): Promise<void> {
  const { now } = input;
  const windowStart = new Date(now.getTime() - loginRateWindowMs);
  const { rows } = await sql<{ window_started_at: Date; attempts: number }>`
    insert into login_rate (cif, window_started_at, attempts) values (${input.cif}, ${now}, 1)
    on conflict (cif) do update set
      window_started_at = case when login_rate.window_started_at <= ${windowStart}
                               then ${now} else login_rate.window_started_at end,
      attempts = case when login_rate.window_started_at <= ${windowStart}
                      then 1 else login_rate.attempts + 1 end
    returning window_started_at, attempts`.execute(db);
  const row = rows[0];
  if (!row || row.attempts <= input.max) return;
  const startedAt = new Date(row.window_started_at).getTime();
  const retryAfterSeconds = Math.max(
    1,
    Math.ceil((startedAt + loginRateWindowMs - now.getTime()) / 1000),
  );
  throw new DomainError('RATE_LIMITED', `too many attempts: try again in ${retryAfterSeconds} s`, {
    retryAfterSeconds,
  });
}
