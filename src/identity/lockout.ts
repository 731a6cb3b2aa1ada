/**
 * Wrong-password lockout, keyed by the CIF as typed. Unknown CIFs are counted and locked exactly
 * like real ones, so neither the answer nor the lockout tells whether a CIF exists.
 */
import { sql } from 'kysely';
import type { Clock } from '../core/clock.ts';
import { DomainError } from '../core/errors.ts';
import type { BankSettings } from '../core/settings.ts';
import { recordAudit } from '../db/audit.ts';
import type { Executor } from '../db/transaction.ts';

export async function assertNotLocked(db: Executor, cif: string, clock: Clock): Promise<void> {
  const row = await db
    .selectFrom('login_throttle')
    .select('locked_until')
    .where('cif', '=', cif)
    .executeTakeFirst();
  if (row?.locked_until && row.locked_until > clock.now()) {
    throw new DomainError(
      'ACCOUNT_LOCKED',
      'too many wrong passwords: the login is locked for a while',
      {
        lockedUntil: row.locked_until.toISOString(),
      },
    );
  }
}

/** Counts a wrong password; returns true when this failure locked the login. */
export async function recordFailedPassword(
  db: Executor,
  cif: string,
  clock: Clock,
  settings: BankSettings,
  ip: string | null,
): Promise<boolean> {
  const now = clock.now();
  const { rows } = await sql<{ failed_count: number }>`
    insert into login_throttle (cif, failed_count, updated_at) values (${cif}, 1, ${now})
    on conflict (cif) do update set
      failed_count = case when login_throttle.locked_until is not null and login_throttle.locked_until <= ${now}
                          then 1 else login_throttle.failed_count + 1 end,
      locked_until = case when login_throttle.locked_until <= ${now} then null else login_throttle.locked_until end,
      updated_at = ${now}
    returning failed_count`.execute(db);
  const failed = rows[0]?.failed_count ?? 1;
  await recordAudit(db, {
    actor: `login:${cif}`,
    action: 'login.password_failed',
    subject: cif,
    details: { failed },
    ip,
  });
  if (BigInt(failed) < settings['lockout.failedPasswordsMax']) return false;
  const lockedUntil = new Date(
    now.getTime() + Number(settings['lockout.durationMinutes']) * 60_000,
  );
  await db
    .updateTable('login_throttle')
    .set({ locked_until: lockedUntil })
    .where('cif', '=', cif)
    .execute();
  await recordAudit(db, {
    actor: 'system',
    action: 'login.locked',
    subject: cif,
    details: { lockedUntil },
    ip,
  });
  return true;
}

export async function clearFailedPasswords(db: Executor, cif: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('cif', '=', cif).execute();
}

/** Operator unlock (smartpay customer unlock). */
export async function unlockLogin(db: Executor, cif: string, actor: string): Promise<boolean> {
  const result = await db.deleteFrom('login_throttle').where('cif', '=', cif).executeTakeFirst();
  await recordAudit(db, { actor, action: 'login.unlocked', subject: cif });
  return result.numDeletedRows > 0n;
}
