/** The profile screen (guide §8): details, login level, SmartOTP switch, devices, Dalja, Më harro. */
import type { Clock } from '../core/clock.ts';
import { recordAudit } from '../db/audit.ts';
import type { Executor } from '../db/transaction.ts';
import { getCustomer } from './customers.ts';
import { DomainError, isDomainError } from '../core/errors.ts';
import { type TrustedDevice, forgetDevice, isDeviceOf, listDevices } from './devices.ts';
import { isEnrolled } from './enrollment.ts';
import { maskPhone } from './otp.ts';
import { type Session, endPartialSessions, endSession, requireFull } from './sessions.ts';

export interface Profile {
  readonly cif: string;
  readonly name: string;
  readonly phoneMasked: string;
  readonly level: Session['level'];
  readonly enrolled: boolean;
  readonly smartOtpEnabled: boolean;
  readonly currentDeviceId: string | null;
  readonly devices: readonly TrustedDevice[];
  readonly sessionExpiresAt: Date;
}

export async function getProfile(db: Executor, session: Session): Promise<Profile> {
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
    sessionExpiresAt: session.expiresAt,
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
): Promise<boolean> {
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
  return enabled;
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
): Promise<{ forgottenDeviceId: string | null }> {
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
