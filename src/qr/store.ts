/**
 * What the QR account and request functions share: the payload settings taken from config, the
 * payload of a stored code (recomputed from its fields, so it can be served again at any time),
 * the status a code has at an instant, and the errors that never tell one customer about
 * another's data.
 */
import type { Selectable } from 'kysely';
import type { Clock } from '../core/clock.ts';
import type { Config } from '../core/config.ts';
import { DomainError } from '../core/errors.ts';
import { type IdGenerator, type RandomBytes, systemIds } from '../core/ids.ts';
import type { QrCodeStatus, QrCodesTable } from '../db/schema.ts';
import { isUuid } from '../ledger/accounts.ts';
import { type PayloadSigning, encodeSmartPayPayload } from './payload.ts';

/** Everything the encoder needs besides the stored code. */
export interface PayloadSettings extends PayloadSigning {
  readonly city: string;
  readonly country: string;
}

/** The ports the QR functions take: time, payload settings, and (for tests) ids and randomness. */
export interface QrContext {
  readonly clock: Clock;
  readonly payload: PayloadSettings;
  readonly ids?: IdGenerator;
  readonly random?: RandomBytes;
}

type PayloadConfig = Pick<
  Config,
  'qrSchemeId' | 'qrMacKey' | 'qrMacKeyPrevious' | 'bankCity' | 'country'
>;

export function payloadSettingsFromConfig(config: PayloadConfig): PayloadSettings {
  return Object.freeze({
    schemeId: config.qrSchemeId,
    keys: Object.freeze({ current: config.qrMacKey, previous: config.qrMacKeyPrevious }),
    city: config.bankCity,
    country: config.country,
  });
}

export type CodeRow = Selectable<QrCodesTable>;
type PayloadFields = Pick<
  CodeRow,
  'kind' | 'reference' | 'currency' | 'amount_minor' | 'payee_name' | 'note'
>;

/** Deterministic: the same stored code and keys always give the same text. */
export function codePayload(row: PayloadFields, settings: PayloadSettings): string {
  return encodeSmartPayPayload(
    {
      kind: row.kind,
      reference: row.reference,
      currency: row.currency,
      amountMinor: row.amount_minor,
      payeeName: row.payee_name,
      city: settings.city,
      country: settings.country,
      note: row.note,
    },
    settings,
  );
}

/**
 * A request still stored as open is expired from its expiry instant on, whether or not the
 * sweep has written that down yet, so lists and refusals are right between sweeps.
 */
export function effectiveStatus(
  row: Pick<CodeRow, 'status' | 'expires_at'>,
  now: Date,
): QrCodeStatus {
  const expired = row.expires_at !== null && row.expires_at.getTime() <= now.getTime();
  return row.status === 'open' && expired ? 'expired' : row.status;
}

/**
 * The refusal for a code that can no longer be paid or cancelled, or undefined while open. A
 * split-bill code is closed when its last share is paid: SPLIT_ALL_PAID says so.
 */
export function closedCodeError(status: QrCodeStatus, split = false): DomainError | undefined {
  if (status === 'cancelled') return new DomainError('QR_CANCELLED', 'The QR code was cancelled');
  if (status === 'closed' && split)
    return new DomainError('SPLIT_ALL_PAID', 'every share of this bill has been paid');
  if (status === 'closed') return new DomainError('QR_USED', 'The QR code has already been paid');
  if (status === 'expired') return new DomainError('QR_EXPIRED', 'The QR code has expired');
  return undefined;
}

/** The same answer for "does not exist" and "is someone else's" (DESIGN.md §2, invariant 7). */
export function notFound(what: string): DomainError {
  return new DomainError('NOT_FOUND', `No such ${what}`);
}

/** Malformed ids cannot match a row; saying NOT_FOUND early also keeps them out of SQL casts. */
export function checkId(id: unknown, what: string): string {
  if (typeof id !== 'string' || !isUuid(id)) throw notFound(what);
  return id.toLowerCase();
}

export function customerActor(customerId: string): string {
  return `customer:${customerId}`;
}

export function idsOf(context: Pick<QrContext, 'ids'>): IdGenerator {
  return context.ids ?? systemIds;
}

export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const fields = error as { code?: unknown; constraint?: unknown } | null;
  if (fields?.code !== '23505') return false;
  return fields.constraint === undefined || fields.constraint === constraint;
}
