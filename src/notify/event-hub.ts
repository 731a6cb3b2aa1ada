/**
 * The live event hub of one server process: it hands each event of the log (events.ts) to the
 * open streams of its customer. Every process runs its own hub and reads only the rows of the
 * customers connected to it, so an event committed through one server reaches a client of
 * another, and a burst for other customers costs a connected customer nothing.
 *
 * A pass reads two ways (both per connected customer, in pages):
 *  - new rows by id, at once: an event reaches its screen as soon as it commits;
 *  - late rows: those that committed behind an id already read. Only a transaction that was
 *    still running when that id was read can do so, so the late read looks only at rows of
 *    transactions at or above the horizon of that read, once they are final (below the oldest
 *    running transaction). In the usual case that is a handful of rows, and a burst that
 *    committed before it was read is never read twice.
 * A row normally goes out once; at least once is the promise.
 * Woken by the database (NOTIFY from the live_events trigger, on both engines) and by a slow
 * poll that stands in while the LISTEN connection is away.
 */
import type { Logger } from 'pino';
import type { Database } from '../db/connection.ts';
import { outsideStatementTally } from '../db/statements.ts';
import {
  type DeliveredEvent,
  type FinalPosition,
  type LateWindow,
  eventsAfter,
  eventsById,
  eventsMissedSince,
  lateEventsAfter,
  logEnd,
} from './events.ts';

export type { DeliveredEvent } from './events.ts';
export type EventListener = (event: DeliveredEvent) => void;

export const eventsChannel = 'smartpay_events';
/** Large pages: a deep backlog drains in few reads (each read scans what is left of it). */
export const eventPageSize = 5_000;
export const eventPollIntervalMs = 1_000;
/** The shortest time between the starts of two passes (a pass reads every commit since the last). */
export const eventPassSpacingMs = 25;

export interface EventHub {
  subscribe(customerId: string, listener: EventListener): () => void;
  /** What a client that reconnects with Last-Event-ID missed (events.ts eventsMissedSince). */
  replay(customerId: string, afterId: bigint): AsyncIterable<DeliveredEvent>;
  wake(): void;
  stop(): Promise<void>;
}

export function startEventHub(options: {
  database: Database;
  pollIntervalMs?: number;
  pageSize?: number;
  logger?: Pick<Logger, 'warn'>;
}): EventHub {
  const { db } = options.database;
  const pageSize = options.pageSize ?? eventPageSize;
  const listeners = new Map<string, Set<EventListener>>();
  // Every visible row up to newestId has been read. Rows may still commit behind it: up to
  // olderUpToId only from transactions at or above olderFromTxid (known after the last late
  // read), above it from transactions at or above newerFromTxid (the first read since).
  let newestId: bigint | undefined;
  let olderUpToId = 0n;
  let olderFromTxid = 0n;
  let newerFromTxid: bigint | undefined;
  // Delivered by id although their transaction was not final yet: the late read skips them.
  const deliveredEarly = new Map<bigint, bigint>();
  let stopped = false;
  let running: Promise<void> | undefined;
  let again = false;
  let lastPassAt = 0;

  const deliver = (event: DeliveredEvent) => {
    for (const fn of listeners.get(event.customerId) ?? []) fn(event);
  };
  const readNew = async (customers: string[]) => {
    for (;;) {
      const page = await eventsAfter(db, customers, newestId!, pageSize);
      const lateFrom = (newerFromTxid ??= page.horizon);
      for (const row of page.rows) {
        deliver(row);
        // The late read will see this row again unless its transaction is older than that.
        if (row.txid >= lateFrom) deliveredEarly.set(row.id, row.txid);
      }
      const last = page.rows.at(-1)?.id;
      if (page.rows.length === pageSize) newestId = last!;
      else
        return void (newestId = last !== undefined && last > page.newestId ? last : page.newestId);
    }
  };
  const readLate = async (customers: string[]) => {
    const window: LateWindow = {
      olderUpToId,
      olderFromTxid,
      newerUpToId: newestId!,
      newerFromTxid: newerFromTxid ?? olderFromTxid,
    };
    let until: bigint | undefined;
    for (let after: FinalPosition = { txid: 0n, id: 0n }; ;) {
      const page = await lateEventsAfter(db, customers, window, until, after, pageSize);
      until = page.until;
      const missed = page.rows.filter((row) => !deliveredEarly.delete(row.id));
      for (const row of await eventsById(
        db,
        missed.map((row) => row.id),
      ))
        deliver(row);
      if (page.rows.length < pageSize) break;
      after = page.rows.at(-1)!;
    }
    // Below `until` everything is final and read: only younger transactions can still commit.
    olderUpToId = window.newerUpToId;
    olderFromTxid = maxOf(until, olderFromTxid);
    newerFromTxid = undefined;
    for (const [id, txid] of deliveredEarly) if (txid < olderFromTxid) deliveredEarly.delete(id);
  };
  const pass = async () => {
    const customers = [...listeners.keys()];
    if (customers.length === 0 || newestId === undefined) {
      // Nobody to deliver to: just move to the end, so a customer who connects hears from now on.
      const end = await logEnd(db);
      newestId = olderUpToId = end.newestId;
      olderFromTxid = maxOf(end.horizon, olderFromTxid);
      newerFromTxid = undefined;
      deliveredEarly.clear();
      if (customers.length === 0) return;
    }
    await readNew(customers);
    await readLate(customers);
  };
  const wake = () => {
    if (stopped) return;
    if (running) {
      again = true; // a commit during a pass may be newer than the pass's snapshot
      return;
    }
    running = outsideStatementTally(async () => {
      do {
        // Under a steady stream of commits passes come at most this often, so the hub's reads
        // stay a small, bounded load beside the payments that NOTIFY it.
        const waitMs = lastPassAt + eventPassSpacingMs - Date.now();
        if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
        again = false;
        lastPassAt = Date.now();
        await pass();
      } while (again && !stopped);
    })
      .catch((error: unknown) => options.logger?.warn({ err: error }, 'event read failed'))
      .finally(() => (running = undefined));
  };
  const poll = setInterval(wake, options.pollIntervalMs ?? eventPollIntervalMs);
  const listening = options.database.listen(eventsChannel, {
    // With nobody connected a pass only moves to the log's end: the poll's pace is enough for
    // that (a customer who connects hears at most a poll interval of earlier events).
    onNotify: () => listeners.size > 0 && wake(),
    onConnect: wake,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  wake();
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
    replay: (customerId, afterId) => eventsMissedSince(db, customerId, afterId, pageSize),
    wake,
    async stop() {
      stopped = true;
      clearInterval(poll);
      await running;
      await listening.close();
    },
  };
}

function maxOf(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
