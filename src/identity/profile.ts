/**
 * The profile screen (guide §8): details, login level, SmartOTP switch, devices, Dalja, Më harro,
 * and the customer's cooling-off (issue 14 §2).
 */
import type { Clock } from '../core/clock.ts';
import { recordAudit } from '../db/audit.ts';
import type { Executor } from '../db/transaction.ts';
import { getCustomer } from './customers.ts';
import { DomainError, isDomainError } from '../core/errors.ts';
import { formatAmount, parseAmount } from '../core/money.ts';
import { forgetDevice, isDeviceOf, listDevices } from './devices.ts';
import { isEnrolled } from './enrollment.ts';
import { maskPhone } from './otp.ts';
import { type Session, endPartialSessions, endSession, requireFull } from './sessions.ts';
import type { CoolingOffSetting, ForgetMeAnswer, Profile, SmartOtpSetting } from './views.ts';

/** The profile screen (views.ts Profile) but its limits, which the payments module counts. */
export type ProfileWithoutLimits = Omit<Profile, 'limits'>;

export const coolingOffDelayMinutesMax = 1440;

export async function getCoolingOff(db: Executor, customerId: string): Promise<CoolingOffSetting> {
  const row = await db
    .selectFrom('cooling_off')
    .select(['threshold_eur_minor', 'delay_minutes'])
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  return row
    ? {
        enabled: true,
        threshold: { amount: formatAmount(row.threshold_eur_minor, 'EUR'), currency: 'EUR' },
        delayMinutes: row.delay_minutes,
      }
    : { enabled: false, threshold: null, delayMinutes: null };
}

/**
 * Changes only in a full session, like the SmartOTP switch: a partial login (a device alone)
 * must not be able to take a protection away. Every change is audited.
 */
export async function setCoolingOff(
  db: Executor,
  session: Session,
  input: {
    readonly enabled: boolean;
    readonly threshold?: string | undefined;
    readonly delayMinutes?: number | undefined;
  },
  ip: string | null,
  now: Date,
): Promise<CoolingOffSetting> {
  requireFull(session);
  if (!input.enabled) {
    await db.deleteFrom('cooling_off').where('customer_id', '=', session.customerId).execute();
  } else {
    if (input.threshold === undefined || input.threshold === '')
      throw new DomainError('VALIDATION_FAILED', 'choose the amount above which to wait', {
        field: 'threshold',
      });
    const delay = input.delayMinutes;
    if (
      delay === undefined ||
      !Number.isInteger(delay) ||
      delay < 1 ||
      delay > coolingOffDelayMinutesMax
    )
      throw new DomainError(
        'VALIDATION_FAILED',
        `choose a delay of 1 to ${coolingOffDelayMinutesMax} minutes`,
        { field: 'delayMinutes' },
      );
    const threshold = thresholdMinor(input.threshold);
    await db
      .insertInto('cooling_off')
      .values({
        customer_id: session.customerId,
        threshold_eur_minor: threshold,
        delay_minutes: delay,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.column('customer_id').doUpdateSet({
          threshold_eur_minor: threshold,
          delay_minutes: delay,
          updated_at: now,
        }),
      )
      .execute();
  }
  const setting = await getCoolingOff(db, session.customerId);
  await recordAudit(db, {
    actor: `customer:${session.customerId}`,
    action: setting.enabled ? 'cooling-off.set' : 'cooling-off.off',
    subject: session.customerId,
    details: { threshold: setting.threshold?.amount ?? null, delayMinutes: setting.delayMinutes },
    ip,
  });
  return setting;
}

export async function getProfile(db: Executor, session: Session): Promise<ProfileWithoutLimits> {
  const customer = await getCustomer(db, session.customerId);
  return {
    cif: customer.cif,
    name: customer.fullName,
    phoneMasked: maskPhone(customer.phone),
    level: session.level,
    enrolled: await isEnrolled(db, customer.id),
    smartOtpEnabled: customer.smartotpEnabled,
    currentDeviceId: session.deviceId,
    devices: await listDevices(db, customer.id),
    sessionExpiresAt: session.expiresAt.toISOString(),
    coolingOff: await getCoolingOff(db, customer.id),
  };
}

/**
 * The SmartOTP switch changes only in a full session (guide §8c). Off ends the partial sessions
 * the customer's devices opened: they were SmartOTP logins, and SmartOTP is now refused.
 */
export async function setSmartOtp(
  db: Executor,
  session: Session,
  enabled: boolean,
  ip: string | null,
  now: Date = new Date(),
): Promise<SmartOtpSetting> {
  requireFull(session);
  await db
    .updateTable('customers')
    .set({ smartotp_enabled: enabled })
    .where('id', '=', session.customerId)
    .execute();
  const sessionsEnded = enabled
    ? 0
    : await endPartialSessions(db, { customerId: session.customerId, reason: 'smartotp-off', now });
  await recordAudit(db, {
    actor: `customer:${session.customerId}`,
    action: enabled ? 'smartotp.enabled' : 'smartotp.disabled',
    subject: session.customerId,
    details: { sessionsEnded },
    ip,
  });
  return { enabled };
}

/** "Dalja": ends the session; the device stays trusted, so the next login can be partial. */
export async function logout(
  db: Executor,
  session: Session,
  clock: Clock,
  ip: string | null,
): Promise<void> {
  await endSession(db, session.id, 'logout', clock);
  await recordAudit(db, {
    actor: `customer:${session.customerId}`,
    action: 'logout',
    subject: session.customerId,
    ip,
  });
}

/**
 * "Më harro": ends the session and forgets this device, so the next login must be full. The
 * device is the one the session used or trusted, or the one the client names as its own; a
 * named device that is not the customer's is NOT_FOUND, and then nothing changes.
 */
export async function forgetMe(
  db: Executor,
  session: Session,
  clock: Clock,
  ip: string | null,
  clientDeviceId?: string,
): Promise<ForgetMeAnswer> {
  const deviceId = session.deviceId ?? clientDeviceId ?? null;
  const actor = `customer:${session.customerId}`;
  if (deviceId && !(await isDeviceOf(db, session.customerId, deviceId)))
    throw new DomainError('NOT_FOUND', 'no such trusted device');
  if (deviceId)
    await forgetDevice(db, session.customerId, deviceId, actor, clock.now(), ip).catch(
      (error: unknown) => {
        // Forgotten already (from another screen): the session still ends below.
        if (!isDomainError(error, 'NOT_FOUND')) throw error;
      },
    );
  await endSession(db, session.id, 'forget-me', clock);
  await recordAudit(db, {
    actor,
    action: 'forget-me',
    subject: session.customerId,
    details: { deviceId },
    ip,
  });
  return { forgottenDeviceId: deviceId };
}

function thresholdMinor(text: string): bigint {
  try {
    return parseAmount(text, 'EUR');
  } catch (error) {
    if (!isDomainError(error)) throw error;
    throw new DomainError(error.code, error.message, { ...error.details, field: 'threshold' });
  }
}
