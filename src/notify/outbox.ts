/**
 * The transactional outbox. A message is written in the same transaction as the change that
 * causes it, so it exists exactly when that change committed; the dispatcher sends it afterwards
 * and retries until it succeeds.
 */
import { sql } from 'kysely';
import { dedicatedClient } from '../db/connection.ts';
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

export interface OutboxListener {
  close(): Promise<void>;
}

/**
 * LISTEN on the outbox channel with its own connection (PostgreSQL only): `onNotify` runs when a
 * transaction that wrote to the outbox commits. Failures are logged and left to polling.
 */
export function listenForOutbox(
  url: string,
  onNotify: () => void,
  logger?: { warn(details: object, message: string): void },
): OutboxListener {
  // dedicatedClient: a multi-host URL (failover formation) LISTENs on the current primary.
  const client = dedicatedClient(url);
  client.on('notification', onNotify);
  client.on('error', (error) =>
    logger?.warn({ err: error }, 'outbox LISTEN connection failed; polling goes on'),
  );
  client
    .connect()
    .then(() => client.query(`listen ${outboxChannel}`))
    .catch((error: unknown) =>
      logger?.warn({ err: error }, 'outbox LISTEN unavailable; polling goes on'),
    );
  return { close: () => client.end().catch(() => undefined) };
}
