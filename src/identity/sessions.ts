/**
 * Sessions: opaque 256-bit tokens, stored only as SHA-256 hashes, with idle and absolute
 * timeouts from the bank settings. A new token is issued at every login (no fixation).
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Clock } from '../core/clock.ts';
import { DomainError } from '../core/errors.ts';
import { newId, randomToken } from '../core/ids.ts';
import type { BankSettings } from '../core/settings.ts';
import type { SessionLevel } from '../db/schema.ts';
import { type SettingsCache, settingsVersionSql } from '../db/settings.ts';
import type { Executor } from '../db/transaction.ts';

export interface Session {
  readonly id: string;
  readonly customerId: string;
  readonly level: SessionLevel;
  readonly deviceId: string | null;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  /** When the session ends if no request comes first. */
  readonly idleExpiresAt: Date;
}

export interface IssuedSession {
  readonly token: string;
  readonly session: Session;
}

/** Writing last_seen_at on every request would make each read a write; a minute is precise enough. */
const lastSeenResolutionMs = 15_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(
  db: Executor,
  input: { customerId: string; level: SessionLevel; deviceId?: string | null },
  clock: Clock,
  settings: BankSettings,
): Promise<IssuedSession> {
  const now = clock.now();
  const token = randomToken(32);
  const id = newId();
  const expiresAt = new Date(now.getTime() + minutes(settings['sessions.absoluteMinutes']));
  await db
    .insertInto('sessions')
    .values({
      id,
      token_hash: hashToken(token),
      customer_id: input.customerId,
      level: input.level,
      device_id: input.deviceId ?? null,
      created_at: now,
      last_seen_at: now,
      expires_at: expiresAt,
    })
    .execute();
  const idleExpiresAt = earliest(
    expiresAt,
    new Date(now.getTime() + minutes(settings['sessions.idleMinutes'])),
  );
  return {
    token,
    session: {
      id,
      customerId: input.customerId,
      level: input.level,
      deviceId: input.deviceId ?? null,
      createdAt: now,
      expiresAt,
      idleExpiresAt,
    },
  };
}

/** What every authenticated request needs, read in one statement (ARCHITECTURE.md §3). */
export interface RequestIdentity {
  readonly session: Session;
  /** Whether the customer has joined SmartPay (accepted the terms). */
  readonly enrolled: boolean;
  /** The bank settings in force, from the per-process cache. */
  readonly settings: BankSettings;
}

interface SessionRow {
  id: string;
  customer_id: string;
  level: SessionLevel;
  device_id: string | null;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  ended_at: Date | null;
  enrolled: boolean;
  settings_version: bigint;
  touched: boolean;
}

/**
 * Finds the live session of a token, with the customer's enrollment and the settings version,
 * and refreshes its idle timer in the same statement when it is due; refuses ended and
 * timed-out sessions. The refresh is judged with the cached settings, so it happens in the
 * statement only while their version is still the stored one.
 */
export async function authenticate(
  db: Executor,
  token: string,
  clock: Clock,
  settingsCache: SettingsCache,
): Promise<RequestIdentity> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token))
    throw new DomainError('UNAUTHENTICATED', 'log in first');
  const now = clock.now();
  const cached = settingsCache.peek();
  const idleMsCached = cached ? minutes(cached.settings['sessions.idleMinutes']) : 0;
  const { rows } = await sql<SessionRow>`
    with found as (
      select s.id, s.customer_id, s.level, s.device_id, s.created_at, s.last_seen_at,
             s.expires_at, s.ended_at,
             exists (select 1 from enrollments e where e.customer_id = s.customer_id) as enrolled,
             ${settingsVersionSql} as settings_version
        from sessions s
       where s.token_hash = ${hashToken(token)}
    ),
    touched as (
      update sessions t set last_seen_at = ${now}
        from found f
       where t.id = f.id and f.ended_at is null and f.expires_at > ${now}
         and f.settings_version = ${cached?.version ?? -1n}::bigint
         and f.last_seen_at > ${new Date(now.getTime() - idleMsCached)}
         and f.last_seen_at <= ${new Date(now.getTime() - lastSeenResolutionMs)}
      returning t.id
    )
    select f.*, exists (select 1 from touched) as touched from found f`.execute(db);
  const row = rows[0];
  if (!row || row.ended_at) throw new DomainError('UNAUTHENTICATED', 'log in first');
  const settings = await settingsCache.atVersion(db, BigInt(row.settings_version));
  const idleMs = minutes(settings['sessions.idleMinutes']);
  const sinceSeenMs = now.getTime() - row.last_seen_at.getTime();
  if (now >= row.expires_at || (!row.touched && sinceSeenMs >= idleMs)) {
    await endSession(db, row.id, 'expired', clock);
    throw new DomainError('SESSION_EXPIRED', 'the session has ended: log in again');
  }
  // Only when the settings had just changed: the statement above left the refresh to us.
  if (!row.touched && sinceSeenMs >= lastSeenResolutionMs)
    await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', row.id).execute();
  return {
    session: {
      id: row.id,
      customerId: row.customer_id,
      level: row.level,
      deviceId: row.device_id,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      idleExpiresAt: earliest(row.expires_at, new Date(now.getTime() + idleMs)),
    },
    enrolled: row.enrolled,
    settings,
  };
}

export async function endSession(
  db: Executor,
  sessionId: string,
  reason: string,
  clock: Clock,
): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ ended_at: clock.now(), end_reason: reason })
    .where('id', '=', sessionId)
    .where('ended_at', 'is', null)
    .execute();
}

/**
 * Ends the live sessions a trusted device opened or was trusted in, except `keepSessionId` (the
 * full session that is forgetting the device from its list). A lost phone keeps nothing.
 */
export async function endSessionsOfDevice(
  db: Executor,
  input: { deviceId: string; reason: string; now: Date; keepSessionId?: string | undefined },
): Promise<number> {
  let update = db
    .updateTable('sessions')
    .set({ ended_at: input.now, end_reason: input.reason })
    .where('device_id', '=', input.deviceId)
    .where('ended_at', 'is', null);
  if (input.keepSessionId) update = update.where('id', '!=', input.keepSessionId);
  const result = await update.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Ends every live partial (SmartOTP) session of a customer, e.g. when SmartOTP is switched off. */
export async function endPartialSessions(
  db: Executor,
  input: { customerId: string; reason: string; now: Date },
): Promise<number> {
  const result = await db
    .updateTable('sessions')
    .set({ ended_at: input.now, end_reason: input.reason })
    .where('customer_id', '=', input.customerId)
    .where('level', '=', 'partial')
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function attachDevice(
  db: Executor,
  sessionId: string,
  deviceId: string,
): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ device_id: deviceId })
    .where('id', '=', sessionId)
    .execute();
}

export function requireFull(session: Session): void {
  if (session.level !== 'full')
    throw new DomainError('FULL_LOGIN_REQUIRED', 'this needs a full login (password and SMS code)');
}

function minutes(value: bigint): number {
  return Number(value) * 60_000;
}

function earliest(a: Date, b: Date): Date {
  return a < b ? a : b;
}
