/**
 * SmartOTP (DESIGN.md §1): a device the customer trusted in a full login, proven later by a
 * WebAuthn platform credential with user verification (the device's own lock). CIF + password +
 * an assertion from a trusted device gives a partial session.
 */
import { createHmac } from 'node:crypto';
import {
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { Config } from '../core/config.ts';
import { DomainError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { recordAudit } from '../db/audit.ts';
import { loadSettings } from '../db/settings.ts';
import { type Executor, inTransaction } from '../db/transaction.ts';
import { getCustomer } from './customers.ts';
import { assertNotLocked, recordFailedPassword } from './lockout.ts';
import { isEnrolled } from './enrollment.ts';
import {
  type IdentityDeps,
  type LoginResult,
  checkPassword,
  loginResult,
  normalizeCif,
} from './login.ts';
import {
  type Session,
  attachDevice,
  createSession,
  endSessionsOfDevice,
  requireFull,
} from './sessions.ts';
import type { Device } from './views.ts';

export const webauthnChallengeValidityMs = 5 * 60_000;
const deviceNameLengthMax = 60;

type WebauthnConfig = Pick<
  Config,
  'webauthnRpId' | 'webauthnRpName' | 'publicOrigin' | 'otpHmacKey'
>;
export interface DeviceDeps extends IdentityDeps {
  readonly config: WebauthnConfig;
}

export async function listDevices(db: Executor, customerId: string): Promise<Device[]> {
  const rows = await db
    .selectFrom('trusted_devices')
    .select(['id', 'name', 'created_at', 'last_used_at'])
    .where('customer_id', '=', customerId)
    .where('forgotten_at', 'is', null)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: r.created_at.toISOString(),
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
  }));
}

export async function registrationOptions(
  deps: DeviceDeps,
  session: Session,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  requireFull(session);
  const { db } = deps.database;
  const customer = await getCustomer(db, session.customerId);
  const existing = await activeCredentials(db, session.customerId);
  const options = await generateRegistrationOptions({
    rpName: deps.config.webauthnRpName,
    rpID: deps.config.webauthnRpId,
    userName: customer.cif,
    userDisplayName: customer.fullName,
    userID: new TextEncoder().encode(customer.id),
    attestationType: 'none',
    excludeCredentials: existing.map((c) => ({
      id: c.credential_id,
      transports: splitTransports(c.transports),
    })),
    authenticatorSelection: {
      authenticatorAttachment: 'platform',
      userVerification: 'required',
      residentKey: 'preferred',
    },
  });
  await storeChallenge(db, deps, options.challenge, 'registration', session.customerId, null);
  return options;
}

export async function registerDevice(
  deps: DeviceDeps,
  session: Session,
  input: { response: RegistrationResponseJSON; name?: string | undefined; ip: string | null },
): Promise<Device> {
  requireFull(session);
  const now = deps.clock.now();
  const verification = await verifyRegistrationResponse({
    response: input.response,
    expectedChallenge: (challenge) =>
      challengeIsLive(deps, challenge, 'registration', session.customerId),
    expectedOrigin: deps.config.publicOrigin,
    expectedRPID: deps.config.webauthnRpId,
    requireUserVerification: true,
  }).catch((error: unknown) => {
    throw new DomainError(
      'VALIDATION_FAILED',
      `the device could not be verified: ${(error as Error).message}`,
    );
  });
  if (!verification.verified)
    throw new DomainError('VALIDATION_FAILED', 'the device could not be verified');
  const { credential } = verification.registrationInfo;
  const id = newId();
  const name =
    (input.name ?? 'Pajisja ime')
      .replace(/[\p{Cc}]/gu, '')
      .trim()
      .slice(0, deviceNameLengthMax) || 'Pajisja ime';
  await inTransaction(deps.database, async (trx) => {
    await consumeChallenge(trx, clientChallenge(input.response.response.clientDataJSON), now);
    await trx
      .insertInto('trusted_devices')
      .values({
        id,
        customer_id: session.customerId,
        credential_id: credential.id,
        public_key: credential.publicKey,
        sign_count: BigInt(credential.counter),
        transports: (credential.transports ?? []).join(','),
        name,
        // The app's clock, not the database default: the answer below carries the same instant.
        created_at: now,
      })
      .execute();
    await attachDevice(trx, session.id, id);
    await recordAudit(trx, {
      actor: `customer:${session.customerId}`,
      action: 'device.trusted',
      subject: session.customerId,
      details: { deviceId: id, name },
      ip: input.ip,
    });
  });
  return { id, name, createdAt: now.toISOString(), lastUsedAt: null };
}

/**
 * Assertion options for a CIF. An unknown CIF, or one without devices, gets options of the same
 * shape with a credential id derived from the CIF, so the answer does not tell who is a customer.
 */
export async function authenticationOptions(
  deps: DeviceDeps,
  cifText: string,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const cif = normalizeCif(cifText);
  const { db } = deps.database;
  const customer = await db
    .selectFrom('customers')
    .select('id')
    .where('cif', '=', cif)
    .executeTakeFirst();
  const credentials = customer ? await activeCredentials(db, customer.id) : [];
  // Ids only, no transports: a decoy has none to show, and the two must look alike.
  const allow =
    credentials.length > 0
      ? credentials.map((c) => ({ id: c.credential_id }))
      : [{ id: decoyCredentialId(deps, cif) }];
  const options = await generateAuthenticationOptions({
    rpID: deps.config.webauthnRpId,
    allowCredentials: allow,
    userVerification: 'required',
  });
  await storeChallenge(db, deps, options.challenge, 'authentication', customer?.id ?? null, cif);
  return options;
}

/**
 * Partial login. The device's assertion is checked first and spent at once; only then the
 * password. Without a valid assertion the password is never looked at, so the answer cannot
 * tell a right password from a wrong one; such an attempt counts towards the lockout and is
 * audited like a wrong password.
 */
export async function smartOtpLogin(
  deps: DeviceDeps,
  input: {
    cif: string;
    password: string;
    assertion: AuthenticationResponseJSON;
    ip: string | null;
  },
): Promise<LoginResult> {
  const cif = normalizeCif(input.cif);
  const { database, clock } = deps;
  await assertNotLocked(database.db, cif, clock);
  const device = await verifiedDevice(deps, cif, input.assertion);
  if (typeof device === 'string') {
    const settings = await loadSettings(database.db);
    const locked = await inTransaction(database, (trx) =>
      recordFailedPassword(trx, cif, clock, settings, input.ip, 'login.smartotp_failed'),
    );
    if (locked)
      throw new DomainError(
        'ACCOUNT_LOCKED',
        'too many failed logins: the login is locked for a while',
      );
    throw new DomainError(
      'DEVICE_NOT_TRUSTED',
      'this device is not trusted: log in with the SMS code',
      {
        reason: device,
      },
    );
  }
  const now = clock.now();
  // Spent before the password is checked: one assertion buys one password guess, no more.
  await inTransaction(database, async (trx) => {
    await consumeChallenge(trx, clientChallenge(input.assertion.response.clientDataJSON), now);
    await trx
      .updateTable('trusted_devices')
      .set({ sign_count: device.newCounter, last_used_at: now })
      .where('id', '=', device.id)
      .execute();
  });
  const customer = await checkPassword(deps, cif, input.password, input.ip);
  if (customer.id !== device.customerId)
    throw new DomainError(
      'DEVICE_NOT_TRUSTED',
      'this device is not trusted: log in with the SMS code',
    );
  if (!customer.smartotpEnabled)
    throw new DomainError(
      'SMARTOTP_DISABLED',
      'SmartOTP is switched off: log in with the SMS code',
    );
  const settings = await loadSettings(database.db);
  const issued = await inTransaction(database, async (trx) => {
    await recordAudit(trx, {
      actor: `customer:${customer.id}`,
      action: 'login.partial',
      subject: customer.id,
      details: { deviceId: device.id },
      ip: input.ip,
    });
    return createSession(
      trx,
      { customerId: customer.id, level: 'partial', deviceId: device.id },
      clock,
      settings,
    );
  });
  return loginResult(issued, await isEnrolled(database.db, customer.id));
}

/**
 * The trusted device of this CIF that made the assertion, verified (live challenge, origin, RP
 * id, user verification, signature, counter), or why not: the same few words whether the CIF
 * exists or not, so the refusal tells nothing about the customer.
 */
async function verifiedDevice(
  deps: DeviceDeps,
  cif: string,
  assertion: AuthenticationResponseJSON,
): Promise<
  { id: string; customerId: string; newCounter: bigint } | 'unknown_device' | 'not_verified'
> {
  const { db } = deps.database;
  const device = await db
    .selectFrom('trusted_devices as d')
    .innerJoin('customers as c', 'c.id', 'd.customer_id')
    .selectAll('d')
    .where('c.cif', '=', cif)
    .where('d.credential_id', '=', String(assertion?.id ?? ''))
    .where('d.forgotten_at', 'is', null)
    .executeTakeFirst();
  if (!device) return 'unknown_device';
  const verification = await verifyAuthenticationResponse({
    response: assertion,
    expectedChallenge: (challenge) =>
      challengeIsLive(deps, challenge, 'authentication', device.customer_id),
    expectedOrigin: deps.config.publicOrigin,
    expectedRPID: deps.config.webauthnRpId,
    credential: {
      id: device.credential_id,
      publicKey: new Uint8Array(device.public_key),
      counter: Number(device.sign_count),
      transports: splitTransports(device.transports),
    },
    requireUserVerification: true,
  }).catch(() => undefined);
  if (!verification?.verified) return 'not_verified';
  return {
    id: device.id,
    customerId: device.customer_id,
    newCounter: BigInt(verification.authenticationInfo.newCounter),
  };
}

/**
 * Forgets a trusted device and ends every session it opened (or was trusted in), so a lost
 * phone cannot keep paying. `keepSessionId` is the caller's own full session, which stays.
 */
export async function forgetDevice(
  db: Executor,
  customerId: string,
  deviceId: string,
  actor: string,
  now: Date,
  ip: string | null,
  keepSessionId?: string,
): Promise<void> {
  const result = await db
    .updateTable('trusted_devices')
    .set({ forgotten_at: now })
    .where('id', '=', deviceId)
    .where('customer_id', '=', customerId)
    .where('forgotten_at', 'is', null)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new DomainError('NOT_FOUND', 'no such trusted device');
  const sessionsEnded = await endSessionsOfDevice(db, {
    deviceId,
    reason: 'device-forgotten',
    now,
    keepSessionId,
  });
  await recordAudit(db, {
    actor,
    action: 'device.forgotten',
    subject: customerId,
    details: { deviceId, sessionsEnded },
    ip,
  });
}

/** Whether the device was ever trusted by this customer (forgotten or not). */
export async function isDeviceOf(
  db: Executor,
  customerId: string,
  deviceId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('trusted_devices')
    .select('id')
    .where('id', '=', deviceId)
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  return row !== undefined;
}

async function activeCredentials(db: Executor, customerId: string) {
  return db
    .selectFrom('trusted_devices')
    .select(['credential_id', 'transports'])
    .where('customer_id', '=', customerId)
    .where('forgotten_at', 'is', null)
    .execute();
}

async function storeChallenge(
  db: Executor,
  deps: DeviceDeps,
  challenge: string,
  purpose: 'registration' | 'authentication',
  customerId: string | null,
  cif: string | null,
) {
  const expiresAt = new Date(deps.clock.now().getTime() + webauthnChallengeValidityMs);
  await db
    .insertInto('webauthn_challenges')
    .values({ challenge, purpose, customer_id: customerId, cif, expires_at: expiresAt })
    .execute();
}

async function challengeIsLive(
  deps: DeviceDeps,
  challenge: string,
  purpose: 'registration' | 'authentication',
  customerId: string,
): Promise<boolean> {
  const row = await deps.database.db
    .selectFrom('webauthn_challenges')
    .select(['purpose', 'customer_id', 'expires_at', 'used_at'])
    .where('challenge', '=', challenge)
    .executeTakeFirst();
  return (
    !!row &&
    row.purpose === purpose &&
    row.customer_id === customerId &&
    !row.used_at &&
    row.expires_at > deps.clock.now()
  );
}

/** Marks the challenge used, once: a replayed response finds it used and fails. */
async function consumeChallenge(trx: Executor, challenge: string, now: Date): Promise<void> {
  const result = await trx
    .updateTable('webauthn_challenges')
    .set({ used_at: now })
    .where('challenge', '=', challenge)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n)
    throw new DomainError('DEVICE_NOT_TRUSTED', 'this confirmation was already used');
}

function clientChallenge(clientDataJSON: string): string {
  const data = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8')) as {
    challenge?: string;
  };
  return String(data.challenge ?? '');
}

function splitTransports(text: string): AuthenticatorTransport[] {
  return text ? (text.split(',') as AuthenticatorTransport[]) : [];
}

/** Credential id lengths (bytes) that platform authenticators commonly make. */
const decoyIdBytes = [16, 20, 32, 32, 64] as const;

/**
 * The same decoy for a CIF every time, with a length drawn from real authenticators' lengths,
 * so the id alone does not tell a decoy from a real credential.
 */
function decoyCredentialId(deps: DeviceDeps, cif: string): string {
  const digest = createHmac('sha512', deps.config.otpHmacKey).update(`decoy:${cif}`).digest();
  const bytes = decoyIdBytes[digest[0]! % decoyIdBytes.length]!;
  return digest.subarray(0, bytes).toString('base64url');
}
