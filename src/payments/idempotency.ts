/**
 * Idempotency keys (invariant 5): the first request with a key does the work and stores its
 * answer in the same transaction; a retry with the same key and body gets that answer again; the
 * same key with another body is refused. A concurrent retry waits on the key's row until the
 * first commits, then replays.
 */
import { createHash } from 'node:crypto';
import { DomainError } from '../core/errors.ts';
import type { Executor } from '../db/transaction.ts';

export const idempotencyKeyPattern = /^[A-Za-z0-9_.:-]{8,128}$/;

export interface StoredAnswer {
  readonly statusCode: number;
  readonly body: unknown;
}

export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

export function checkIdempotencyKey(key: string | undefined): string {
  if (!key)
    throw new DomainError(
      'IDEMPOTENCY_KEY_REQUIRED',
      'send an Idempotency-Key header (a fresh random id per payment)',
    );
  if (!idempotencyKeyPattern.test(key))
    throw new DomainError(
      'VALIDATION_FAILED',
      'the Idempotency-Key must be 8 to 128 letters, digits or -_.:',
      { field: 'Idempotency-Key' },
    );
  return key;
}

/** Claims the key in this transaction; returns the stored answer when it was used before. */
export async function claimKey(
  trx: Executor,
  customerId: string,
  key: string,
  hash: string,
): Promise<StoredAnswer | undefined> {
  const inserted = await trx
    .insertInto('idempotency_keys')
    .values({ customer_id: customerId, key, request_hash: hash, status_code: null, response: null })
    .onConflict((oc) => oc.columns(['customer_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  if (inserted) return undefined;
  const existing = await trx
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'status_code', 'response'])
    .where('customer_id', '=', customerId)
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
  if (existing.request_hash !== hash)
    throw new DomainError(
      'IDEMPOTENCY_CONFLICT',
      'this Idempotency-Key was used for another request',
    );
  if (existing.status_code === null)
    throw new DomainError(
      'CONFLICT',
      'the first request with this key is still running: retry in a moment',
    );
  return { statusCode: existing.status_code, body: existing.response };
}

export async function storeAnswer(
  trx: Executor,
  customerId: string,
  key: string,
  answer: StoredAnswer,
): Promise<void> {
  await trx
    .updateTable('idempotency_keys')
    .set({ status_code: answer.statusCode, response: JSON.stringify(answer.body) })
    .where('customer_id', '=', customerId)
    .where('key', '=', key)
    .execute();
}

/** Key order must not change the hash: {"a":1,"b":2} and {"b":2,"a":1} are the same request. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : 1,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
