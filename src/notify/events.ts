/**
 * Live events for the customers' open screens (Server-Sent Events). Events are outbox rows of
 * topic "event", written in the payment's transaction; a hub per process reads new ones (woken
 * by LISTEN/NOTIFY on PostgreSQL, by polling everywhere) and hands them to the connections of
 * their customer, so an event committed through one server reaches a client on another.
 *
 * Ids come from a sequence, and transactions can commit out of id order, so the hub also looks
 * back over the last few seconds and drops ids it already delivered: delivery is at least once.
 */
import type { Logger } from 'pino';
import { sql } from 'kysely';
import type { Database } from '../db/connection.ts';
import type { Executor } from '../db/transaction.ts';
import { listenForOutbox, outboxChannel } from './outbox.ts';

export interface LiveEvent {
  readonly id: bigint;
  readonly customerId: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
}

export type EventListener = (event: LiveEvent) => void;

/** What a live event carries: its type and its data (decimal money with its currency). */
export interface LiveEventPayload {
  readonly type: string;
  readonly [field: string]: unknown;
}

/**
 * Writes the live events of one transaction in one multi-row insert (outbox rows of topic
 * "event"). With `notify` (PostgreSQL) the same statement sends the wake-up, which listeners hear
 * only if the transaction commits.
 */
export async function recordEvents(
  trx: Executor,
  events: ReadonlyArray<{ readonly customerId: string; readonly payload: LiveEventPayload }>,
  notify = false,
): Promise<void> {
  if (events.length === 0) return;
  const rows = sql.join(
    events.map((e) => sql`('event', ${e.customerId}::uuid, ${JSON.stringify(e.payload)}::jsonb)`),
  );
  const insert = sql`insert into outbox (topic, customer_id, payload) values ${rows} returning id`;
  if (notify)
    await sql`with inserted as (${insert})
      select (select count(*) from inserted) as inserted, pg_notify(${outboxChannel}, 'event')`.execute(
      trx,
    );
  else await insert.execute(trx);
}

export const eventLookbackSeconds = 10;
const deliveredIdsMax = 5_000;
const batchMax = 500;

export interface EventHub {
  subscribe(customerId: string, listener: EventListener): () => void;
  /** Events of one customer after `afterId` (and the look-back window), for a reconnecting client. */
  replay(customerId: string, afterId: bigint): Promise<LiveEvent[]>;
  wake(): void;
  stop(): Promise<void>;
}

export function startEventHub(options: {
  database: Database;
  listenUrl?: string | undefined;
  pollIntervalMs?: number;
  logger?: Pick<Logger, 'warn'>;
}): EventHub {
  const { db } = options.database;
  const listeners = new Map<string, Set<EventListener>>();
  const delivered = new Set<bigint>();
  let cursor: bigint | undefined;
  let stopped = false;
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;

  const deliver = (event: LiveEvent) => {
    if (delivered.has(event.id)) return;
    delivered.add(event.id);
    if (delivered.size > deliveredIdsMax)
      delivered.delete(delivered.values().next().value as bigint);
    for (const fn of listeners.get(event.customerId) ?? []) fn(event);
  };
  const pollOnce = async () => {
    cursor ??= await latestEventId(db);
    const events = await newEvents(db, cursor);
    for (const event of events) {
      deliver(event);
      if (event.id > cursor) cursor = event.id;
    }
  };
  const wake = () => {
    if (running || stopped) return;
    running = pollOnce()
      .catch((error: unknown) => options.logger?.warn({ err: error }, 'event poll failed'))
      .finally(() => (running = undefined));
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      if (listeners.size > 0) wake();
      void (running ?? Promise.resolve()).finally(schedule);
    }, options.pollIntervalMs ?? 250);
  };
  void pollOnce().catch(() => undefined);
  schedule();
  const listener = options.listenUrl
    ? listenForOutbox(options.listenUrl, wake, options.logger)
    : undefined;
  return {
    subscribe(customerId, fn) {
      const set = listeners.get(customerId) ?? new Set();
      set.add(fn);
      listeners.set(customerId, set);
      return () => {
        set.delete(fn);
        if (set.size === 0) listeners.delete(customerId);
      };
    },
    replay: (customerId, afterId) => eventsOf(db, customerId, afterId),
    wake,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      await listener?.close();
    },
  };
}

type EventRow = { id: bigint; customer_id: string; payload: Record<string, unknown> };

function toEvent(row: EventRow): LiveEvent {
  const { type, ...data } = row.payload as { type: string } & Record<string, unknown>;
  return { id: BigInt(row.id), customerId: row.customer_id, type, data };
}

async function latestEventId(db: Executor): Promise<bigint> {
  const { rows } = await sql<{
    id: bigint | null;
  }>`select max(id) as id from outbox where topic = 'event'`.execute(db);
  return BigInt(rows[0]?.id ?? 0n);
}

async function newEvents(db: Executor, cursor: bigint): Promise<LiveEvent[]> {
  const { rows } = await sql<EventRow>`
    select id, customer_id, payload from outbox
     where topic = 'event'
       and (id > ${cursor} or created_at > now() - make_interval(secs => ${eventLookbackSeconds}))
     order by id limit ${batchMax}`.execute(db);
  return rows.map(toEvent);
}

async function eventsOf(db: Executor, customerId: string, afterId: bigint): Promise<LiveEvent[]> {
  const { rows } = await sql<EventRow>`
    select id, customer_id, payload from outbox
     where topic = 'event' and customer_id = ${customerId}
       and (id > ${afterId} or created_at > now() - make_interval(secs => ${eventLookbackSeconds}))
     order by id limit ${batchMax}`.execute(db);
  return rows.map(toEvent);
}
