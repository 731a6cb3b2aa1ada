/**
 * The transactional outbox. A message is written in the same transaction as the change that
 * causes it, so it exists exactly when that change committed; the dispatcher sends it afterwards
 * and retries until it succeeds.
 */
import { sql } from 'kysely';
import type { Executor } from '../db/transaction.ts';

export const outboxChannel = 'smartpay_outbox';

export interface OutboxMessage {
  readonly topic: string;
  readonly customerId?: string | null;
  readonly payload: Record<string, unknown>;
}

export async function enqueue(
  db: Executor,
  message: OutboxMessage,
  engineHasNotify = true,
): Promise<bigint> {
  const row = await db
    .insertInto('outbox')
    .values({
      topic: message.topic,
      customer_id: message.customerId ?? null,
      payload: JSON.stringify(message.payload),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // NOTIFY is transactional: listeners hear it only if this transaction commits.
  if (engineHasNotify) await sql`select pg_notify(${outboxChannel}, ${message.topic})`.execute(db);
  return row.id;
}

export interface PendingMessage {
  readonly id: bigint;
  readonly topic: string;
  readonly customerId: string | null;
  readonly payload: Record<string, unknown>;
  readonly attempts: number;
}
