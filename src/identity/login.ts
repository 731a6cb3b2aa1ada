/**
 * Full login (DESIGN.md §1, §6): CIF and password, then a four-digit code sent by SMS through the
 * outbox. The password answer is the same for an unknown CIF and a wrong password, after the same
 * amount of hashing work.
 */
import { sql } from 'kysely';
import type { Clock } from '../core/clock.ts';
import type { Config } from '../core/config.ts';
import { DomainError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { recordAudit } from '../db/audit.ts';
import type { Database } from '../db/connection.ts';
import { loadSettings } from '../db/settings.ts';
import { type Executor, inTransaction } from '../db/transaction.ts';
import { enqueue } from '../notify/outbox.ts';
import { type Customer, findLoginByCif } from './customers.ts';
import { assertNotLocked, clearFailedPasswords, recordFailedPassword } from './lockout.ts';
import { countWrongCode } from './otp-budget.ts';
import {
  maskPhone,
  newOtpCode,
  otpAttemptsMax,
  otpHmac,
  otpMatches,
  otpResendIntervalMs,
  otpResendsPerHourMax,
  otpValidityMs,
} from './otp.ts';
import { verifyPassword, dummyVerify } from './passwords.ts';
import { type IssuedSession, createSession } from './sessions.ts';
import { isEnrolled } from './enrollment.ts';
import type { OtpChallenge, SessionAnswer } from './views.ts';

export interface IdentityDeps {
  readonly database: Database;
  readonly clock: Clock;
  readonly config: Pick<Config, 'otpHmacKey'> & Partial<Config>;
}

/** A new session (for the cookie) and what the login answers (views.ts SessionAnswer). */
export interface LoginResult extends IssuedSession {
  readonly answer: SessionAnswer;
}

export function loginResult(issued: IssuedSession, enrolled: boolean): LoginResult {
  const answer: SessionAnswer = {
    token: issued.token,
    level: issued.session.level,
    enrolled,
    expiresAt: issued.session.expiresAt.toISOString(),
  };
  return { ...issued, answer };
}

/** Checks CIF and password with lockout; on success returns the customer, else throws. */
export async function checkPassword(
  deps: IdentityDeps,
  cifText: string,
  password: string,
  ip: string | null,
): Promise<Customer> {
  const cif = normalizeCif(cifText);
  const { database, clock } = deps;
  await assertNotLocked(database.db, cif, clock);
  const login = await findLoginByCif(database.db, cif);
  const ok = login
    ? await verifyPassword(login.passwordHash, password)
    : await dummyVerify(password);
  if (!ok || !login) {
    const settings = await loadSettings(database.db);
    const locked = await inTransaction(database, (trx) =>
      recordFailedPassword(trx, cif, clock, settings, ip),
    );
    if (locked)
      throw new DomainError(
        'ACCOUNT_LOCKED',
        'too many wrong passwords: the login is locked for a while',
      );
    throw new DomainError('INVALID_CREDENTIALS', 'the customer number or the password is wrong');
  }
  await clearFailedPasswords(database.db, cif);
  return login.customer;
}

export async function startLogin(
  deps: IdentityDeps,
  input: { cif: string; password: string; ip: string | null },
): Promise<OtpChallenge> {
  const customer = await checkPassword(deps, input.cif, input.password, input.ip);
  const now = deps.clock.now();
  const challengeId = newId();
  const code = newOtpCode();
  const expiresAt = new Date(now.getTime() + otpValidityMs);
  await inTransaction(deps.database, async (trx) => {
    await trx
      .insertInto('otp_challenges')
      .values({
        id: challengeId,
        customer_id: customer.id,
        code_hmac: otpHmac(deps.config.otpHmacKey, challengeId, code),
        expires_at: expiresAt,
        attempts_max: otpAttemptsMax,
        last_sent_at: now,
      })
      .execute();
    await enqueueCode(trx, deps, customer, code);
    await recordAudit(trx, {
      actor: `customer:${customer.id}`,
      action: 'login.password_ok',
      subject: customer.cif,
      ip: input.ip,
    });
  });
  return {
    challengeId,
    phoneMasked: maskPhone(customer.phone),
    expiresAt: expiresAt.toISOString(),
  };
}

export async function completeOtpLogin(
  deps: IdentityDeps,
  input: { challengeId: string; code: string; ip: string | null },
): Promise<LoginResult> {
  const { database, clock } = deps;
  const settings = await loadSettings(database.db);
  const outcome = await inTransaction(database, async (trx) => {
    const challenge = await trx
      .selectFrom('otp_challenges')
      .selectAll()
      .where('id', '=', input.challengeId)
      .forUpdate()
      .executeTakeFirst();
    if (!challenge || challenge.consumed_at || challenge.attempts >= challenge.attempts_max)
      return {
        error: new DomainError(
          'OTP_INVALID',
          'this code can no longer be used: log in again for a new one',
          { attemptsLeft: 0 },
        ),
      };
    if (challenge.expires_at <= clock.now())
      return { error: new DomainError('OTP_EXPIRED', 'the code has expired: ask for a new one') };
    // The customer's row lock orders racing guesses on several challenges (the budget holds).
    const customer = await lockCustomerForOtp(trx, challenge.customer_id);
    // A lockout (wrong passwords or codes) also stops challenges opened before it.
    await assertNotLocked(trx, customer.cif, clock);
    if (!otpMatches(deps.config.otpHmacKey, challenge.id, input.code, challenge.code_hmac)) {
      await recordAudit(trx, {
        actor: `customer:${challenge.customer_id}`,
        action: 'login.otp_failed',
        subject: challenge.customer_id,
        ip: input.ip,
      });
      const lockedUntil = await countWrongCode(trx, {
        customer,
        clock,
        settings,
        ip: input.ip,
      });
      await trx
        .updateTable('otp_challenges')
        .set({ attempts: lockedUntil ? challenge.attempts_max : challenge.attempts + 1 })
        .where('id', '=', challenge.id)
        .execute();
      if (lockedUntil) return { error: codesLocked(lockedUntil) };
      const attemptsLeft = challenge.attempts_max - challenge.attempts - 1;
      return { error: new DomainError('OTP_INVALID', 'the code is wrong', { attemptsLeft }) };
    }
    await trx
      .updateTable('otp_challenges')
      .set({ consumed_at: clock.now() })
      .where('id', '=', challenge.id)
      .execute();
    const issued = await createSession(
      trx,
      { customerId: challenge.customer_id, level: 'full' },
      clock,
      settings,
    );
    await recordAudit(trx, {
      actor: `customer:${challenge.customer_id}`,
      action: 'login.full',
      subject: challenge.customer_id,
      ip: input.ip,
    });
    return { issued, enrolled: await isEnrolled(trx, challenge.customer_id) };
  });
  // Failed tries are committed first, then reported: a refused code still counts.
  if ('error' in outcome) throw outcome.error;
  return loginResult(outcome.issued, outcome.enrolled);
}

export async function resendOtp(
  deps: IdentityDeps,
  input: { challengeId: string; ip: string | null },
): Promise<OtpChallenge> {
  const { database, clock } = deps;
  return inTransaction(database, async (trx) => {
    const challenge = await trx
      .selectFrom('otp_challenges')
      .selectAll()
      .where('id', '=', input.challengeId)
      .forUpdate()
      .executeTakeFirst();
    if (!challenge || challenge.consumed_at)
      throw new DomainError('OTP_INVALID', 'log in again for a new code');
    const locked = await lockCustomerForOtp(trx, challenge.customer_id);
    await assertNotLocked(trx, locked.cif, clock);
    const now = clock.now();
    if (now.getTime() - challenge.last_sent_at.getTime() < otpResendIntervalMs)
      throw new DomainError('OTP_THROTTLED', 'wait a little before asking for another code', {
        retryAfterSeconds: Math.ceil(otpResendIntervalMs / 1000),
      });
    if ((await resendsInLastHour(trx, challenge.customer_id, now)) >= otpResendsPerHourMax)
      throw new DomainError(
        'OTP_THROTTLED',
        'too many codes were sent in the last hour: try again later',
      );
    const customer = await trx
      .selectFrom('customers')
      .select(['id', 'cif', 'phone'])
      .where('id', '=', challenge.customer_id)
      .executeTakeFirstOrThrow();
    const code = newOtpCode();
    const expiresAt = new Date(now.getTime() + otpValidityMs);
    await trx
      .updateTable('otp_challenges')
      .set({
        code_hmac: otpHmac(deps.config.otpHmacKey, challenge.id, code),
        attempts: 0,
        expires_at: expiresAt,
        last_sent_at: now,
        send_count: challenge.send_count + 1,
      })
      .where('id', '=', challenge.id)
      .execute();
    await enqueueCode(trx, deps, customer, code);
    await recordAudit(trx, {
      actor: `customer:${customer.id}`,
      action: 'login.otp_resent',
      subject: customer.cif,
      ip: input.ip,
    });
    return {
      challengeId: challenge.id,
      phoneMasked: maskPhone(customer.phone),
      expiresAt: expiresAt.toISOString(),
    };
  });
}

async function lockCustomerForOtp(trx: Executor, customerId: string) {
  return trx
    .selectFrom('customers')
    .select(['id', 'cif', 'phone'])
    .where('id', '=', customerId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

function codesLocked(lockedUntil: Date): DomainError {
  return new DomainError(
    'ACCOUNT_LOCKED',
    'too many wrong codes: the login is locked for a while',
    { lockedUntil: lockedUntil.toISOString() },
  );
}

/** Resends only: a fresh login is throttled by the per-CIF rate limit and the lockout. */
async function resendsInLastHour(
  trx: Parameters<typeof enqueue>[0],
  customerId: string,
  now: Date,
): Promise<number> {
  const row = await trx
    .selectFrom('otp_challenges')
    .select(sql<string>`sum(send_count - 1)`.as('sends'))
    .where('customer_id', '=', customerId)
    .where('last_sent_at', '>', new Date(now.getTime() - 3_600_000))
    .executeTakeFirst();
  return Number(row?.sends ?? 0);
}

async function enqueueCode(
  trx: Parameters<typeof enqueue>[0],
  deps: IdentityDeps,
  customer: Pick<Customer, 'id' | 'cif' | 'phone'>,
  code: string,
) {
  await enqueue(trx, {
    topic: 'sms',
    customerId: customer.id,
    payload: {
      phone: customer.phone,
      cif: customer.cif,
      text: `SmartPay: kodi juaj është ${code}. Mos ia tregoni askujt.`,
    },
  });
}

export function normalizeCif(text: string): string {
  const cif = typeof text === 'string' ? text.trim() : '';
  if (!/^\d{4,16}$/.test(cif))
    throw new DomainError('INVALID_CREDENTIALS', 'the customer number or the password is wrong');
  return cif;
}
