/**
 * Sends outbox messages after their transaction committed. A message is leased (next_attempt_at
 * pushed forward) in a short transaction, handled outside any transaction (a slow SMS gateway
 * must not hold the single PGlite connection), then marked dispatched. Delivery is at least once;
 * failures retry with backoff. Woken by the database (NOTIFY from the outbox trigger, on both
 * engines; the LISTEN connection comes back by itself and the dispatcher catches up at once when
 * it does), by wake() in-process, and by polling as the fallback.
 */
import type { Logger } from 'pino';
import { sql } from 'kysely';
import type { Database } from '../db/connection.ts';
import type { Executor } from '../db/transaction.ts';
import { outboxChannel, type PendingMessage } from './outbox.ts';

export type OutboxHandler = (db: Executor, message: PendingMessage) => Promise<void>;

export interface DispatcherOptions {
  readonly database: Database;
  readonly handlers: Readonly<Record<string, OutboxHandler>>;
  readonly logger?: Pick<Logger, 'warn' | 'error'>;
  readonly pollIntervalMs?: number;
  readonly batchSize?: number;
  /** How long a leased message is left to its dispatcher before another may send it. */
  readonly leaseMs?: number;
}

export interface Dispatcher {
  wake(): void;
  /** Runs one pass now; resolves with the number of messages handled. */
  dispatchOnce(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * A login code leased by a process that then died (or lost the database mid-send, as in a
 * failover) goes out again when its lease ends, and codes live 3 minutes: the lease is the time
 * one send may take (smsLeaseMs), not a minute. The messages of a batch are sent side by side, so
 * the last of a batch is not held behind the sends of the others.
 */
export const defaultLeaseMs = 20_000;
const attemptsMax = 10;

/** The lease that covers one SMS send: every HTTP attempt at its timeout, plus its backoff. */
export function smsLeaseMs(timeoutMs: number, attempts = 3): number {
  return Math.max(defaultLeaseMs, attempts * timeoutMs + 5_000);
}

export function startDispatcher(options: DispatcherOptions): Dispatcher {
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  let stopped = false;
  let running: Promise<number> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;

  const pass = async (): Promise<number> => {
    let handled = 0;
    do {
      again = false;
      handled += await dispatchBatch(options);
    } while (again && !stopped);
    return handled;
  };
  const dispatchOnce = (): Promise<number> => {
    if (running) {
      again = true;
      return running;
    }
    running = pass()
      .catch((error: unknown) => {
        options.logger?.error({ err: error }, 'outbox dispatch failed');
        return 0;
      })
      .finally(() => (running = undefined));
    return running;
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void dispatchOnce().finally(schedule), pollIntervalMs);
  };
  schedule();
  const listener = options.database.listen(outboxChannel, {
    onNotify: () => void dispatchOnce(),
    // Back after a lost connection: whatever was notified meanwhile is sent now, not at the next poll.
    onConnect: () => void dispatchOnce(),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return {
    wake: () => void dispatchOnce(),
    dispatchOnce,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      await listener.close();
    },
  };
}

async function dispatchBatch(options: DispatcherOptions): Promise<number> {
  const { db } = options.database;
  const topics = Object.keys(options.handlers);
  if (topics.length === 0) return 0;
  const leaseMs = options.leaseMs ?? defaultLeaseMs;
  const leased = await leaseMessages(db, topics, options.batchSize ?? 20, leaseMs);
  await Promise.all(leased.map((message) => dispatchMessage(options, message)));
  return leased.length;
}

async function dispatchMessage(options: DispatcherOptions, message: PendingMessage) {
  const { db } = options.database;
  try {
    await options.handlers[message.topic]?.(db, message);
    await db
      .updateTable('outbox')
      .set({ dispatched_at: new Date(), last_error: null })
      .where('id', '=', message.id)
      .execute();
  } catch (error) {
    options.logger?.warn(
      { err: error, outboxId: String(message.id), topic: message.topic },
      'outbox message failed; will retry',
    );
    // With the database gone the failure cannot be written: the lease's end retries it.
    await recordFailure(db, message, error).catch(() => undefined);
  }
}

async function leaseMessages(
  db: Executor,
  topics: string[],
  limit: number,
  leaseMs: number,
): Promise<PendingMessage[]> {
  const { rows } = await sql<{
    id: bigint;
    topic: string;
    customer_id: string | null;
    payload: Record<string, unknown>;
    attempts: number;
  }>`
    update outbox set next_attempt_at = now() + ${`${leaseMs} milliseconds`}::interval, attempts = attempts + 1
     where id in (
       select id from outbox
        where dispatched_at is null and next_attempt_at <= now() and topic in (${sql.join(topics)})
        order by id limit ${limit}
        for update skip locked)
    returning id, topic, customer_id, payload, attempts`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    topic: r.topic,
    customerId: r.customer_id,
    payload: r.payload,
    attempts: r.attempts,
  }));
}

async function recordFailure(db: Executor, message: PendingMessage, error: unknown): Promise<void> {
  const delayMs = Math.min(10 * 60_000, 1_000 * 2 ** message.attempts);
  const giveUp = message.attempts >= attemptsMax;
  await db
    .updateTable('outbox')
    .set({
      last_error: String(error instanceof Error ? error.message : error).slice(0, 500),
      next_attempt_at: new Date(Date.now() + delayMs),
      // After the last attempt the message stays for operators, marked but not retried.
      ...(giveUp ? { dispatched_at: new Date() } : {}),
    })
    .where('id', '=', message.id)
    .execute();
}
