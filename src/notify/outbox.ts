/**
 * The transactional outbox. A message is written in the same transaction as the change that
 * causes it, so it exists exactly when that change committed; the dispatcher sends it afterwards
 * and retries until it succeeds. It carries SMS only: live events have their own log
 * (events.ts), so a login code never waits behind a burst of payment events.
 */
import type { Executor } from '../db/transaction.ts';

export const outboxChannel = 'smartpay_outbox';

export interface OutboxMessage {
  readonly topic: string;
  readonly customerId?: string | null;
  readonly payload: Record<string, unknown>;
}

/** The outbox_notify trigger (migration 0005) NOTIFYs this channel when the insert commits. */
export async function enqueue(db: Executor, message: OutboxMessage): Promise<bigint> {
  const row = await db
    .insertInto('outbox')
    .values({
      topic: message.topic,
      customer_id: message.customerId ?? null,
      payload: JSON.stringify(message.payload),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface PendingMessage {
  readonly id: bigint;
  readonly topic: string;
  readonly customerId: string | null;
  readonly payload: Record<string, unknown>;
  readonly attempts: number;
}
