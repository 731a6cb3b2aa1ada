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

/**
 * Counts a failed login (a wrong password, or a SmartOTP attempt without a valid device
 * assertion, audited as `action`); returns true when this failure locked the login.
 */
export async function recordFailedPassword(
  db: Executor,
  cif: string,
  clock: Clock,
  settings: BankSettings,
  ip: string | null,
  action = 'login.password_failed',
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
    action,
    subject: cif,
    details: { failed },
    ip,
  });
  if (BigInt(failed) < settings['lockout.failedPasswordsMax']) return false;
  await lockLogin(db, { cif, now, settings, reason: 'passwords', ip });
  return true;
}

/**
 * Locks the login of a CIF for the lockout duration: too many wrong passwords, or the budget of
 * wrong SMS codes spent. Both are lifted the same ways: time, or the operator's unlock.
 */
export async function lockLogin(
  db: Executor,
  input: {
    cif: string;
    now: Date;
    settings: BankSettings;
    reason: 'passwords' | 'otp_codes';
    ip: string | null;
  },
): Promise<Date> {
  const { cif, now } = input;
  const lockedUntil = new Date(
    now.getTime() + Number(input.settings['lockout.durationMinutes']) * 60_000,
  );
  await sql`
    insert into login_throttle (cif, failed_count, locked_until, updated_at)
    values (${cif}, 0, ${lockedUntil}, ${now})
    on conflict (cif) do update set locked_until = ${lockedUntil}, updated_at = ${now}`.execute(db);
  await recordAudit(db, {
    actor: 'system',
    action: 'login.locked',
    subject: cif,
    details: { lockedUntil, reason: input.reason },
    ip: input.ip,
  });
  return lockedUntil;
}

export async function clearFailedPasswords(db: Executor, cif: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('cif', '=', cif).execute();
}

/**
 * Operator unlock (smartpay customer unlock): clears the wrong passwords and the wrong SMS codes
 * counted against the CIF, so the customer starts again with the whole budget.
 */
export async function unlockLogin(db: Executor, cif: string, actor: string): Promise<boolean> {
  const result = await db.deleteFrom('login_throttle').where('cif', '=', cif).executeTakeFirst();
  const codes = await db
    .deleteFrom('otp_wrong_codes')
    .where('customer_id', 'in', (eb) =>
      eb.selectFrom('customers').select('customers.id').where('customers.cif', '=', cif),
    )
    .executeTakeFirst();
  await recordAudit(db, { actor, action: 'login.unlocked', subject: cif });
  return result.numDeletedRows > 0n || codes.numDeletedRows > 0n;
}
