/**
 * The live events log: what the customers' open screens hear (GET /api/events). Events are rows
 * of `live_events`, written in the transaction that causes them (recordEvents), so an event
 * exists exactly when its payment committed. A trigger NOTIFYs on insert; each server's hub
 * (event-hub.ts) then reads the rows of the customers connected to it.
 *
 * Ids come from a sequence and transactions commit out of id order, so "id > the last id read"
 * alone would skip a row that commits after a larger id was read. Each row therefore carries the
 * id of its writing transaction (txid): once that is below the oldest transaction of this
 * database still running (live_events_horizon(), migration 0005), nothing can commit beside it
 * any more. Readers take new rows by id at once and, separately, the rows that may have committed
 * behind an id already read, once final: a late row is delivered when it commits or, at the
 * latest, when the transactions older than it have ended (ARCHITECTURE.md).
 */
import { sql } from 'kysely';
import type { Executor } from '../db/transaction.ts';
import type { LiveEvent, LiveEventData, LiveEventType } from './live-event.ts';

export type { LiveEvent, LiveEventData, LiveEventType } from './live-event.ts';

/** An event as the log holds it: its position (id), its customer and what they hear. */
export interface DeliveredEvent {
  readonly id: bigint;
  readonly customerId: string;
  readonly type: LiveEventType;
  /** The event without its type, as JSON text straight from the database: the SSE `data:`. */
  readonly json: string;
  /** The same, parsed (on first use: the stream itself never needs to parse it). */
  readonly data: LiveEventData;
}

/** An event row with the id of the transaction that wrote it. */
export interface EventRow extends DeliveredEvent {
  readonly txid: bigint;
}

/** A place in the order in which rows become final: (writing transaction, id). */
export interface FinalPosition {
  readonly txid: bigint;
  readonly id: bigint;
}

/** Two bigint parameters per row; PostgreSQL takes at most 65,535 parameters per statement. */
export const eventsPerInsertMax = 20_000;
/** How long events stay for Last-Event-ID resume; the retention job deletes older ones. */
export const liveEventRetentionMs = 24 * 3_600_000;

/** Writes the events of one transaction in ONE multi-row insert; the trigger wakes the hubs. */
export async function recordEvents(
  trx: Executor,
  events: ReadonlyArray<{ readonly customerId: string; readonly payload: LiveEvent }>,
): Promise<void> {
  if (events.length === 0) return;
  if (events.length > eventsPerInsertMax)
    throw new Error(`at most ${eventsPerInsertMax} events per insert, got ${events.length}`);
  await trx
    .insertInto('live_events')
    .values(events.map((e) => ({ customer_id: e.customerId, payload: JSON.stringify(e.payload) })))
    .execute();
}

type Row = { id: bigint; customer_id: string; type: LiveEventType; json: string; txid: string };

/** The columns of Row: the payload is split and sent on as text, never parsed on the way. */
const rowColumns = sql.raw(
  `id, customer_id::text as customer_id, payload ->> 'type' as type, (payload - 'type')::text as json, txid::text as txid`,
);

function toEvent(row: Row): EventRow {
  let data: LiveEventData | undefined;
  return {
    id: BigInt(row.id),
    customerId: row.customer_id,
    type: row.type,
    json: row.json,
    txid: BigInt(row.txid),
    get data() {
      return (data ??= JSON.parse(row.json) as LiveEventData);
    },
  };
}

/**
 * The customers' rows with an id above `afterId` that are visible now, in id order; the largest
 * id in the whole log (so a reader can skip what is not theirs) and the snapshot's horizon, both
 * in the same snapshot. A row of this id range that is not visible yet (its transaction still
 * runs) has a txid at or above that horizon.
 */
export async function eventsAfter(
  db: Executor,
  customerIds: readonly string[],
  afterId: bigint,
  limit: number,
): Promise<{ rows: EventRow[]; newestId: bigint; horizon: bigint }> {
  // Per customer through the (customer_id, id) index, each in id order and limited, then
  // merged: a customer with a deep backlog never makes the others' rows wait or be re-read.
  const { rows } = await sql<Row & { newest_id: bigint; horizon: string }>`
    with newest as materialized (
      select coalesce(max(id), 0) as newest_id,
             live_events_horizon() as xmin
        from live_events)
    select newest.newest_id, newest.xmin::text as horizon, e.*
      from newest left join lateral (
        select e.* from unnest(${customerIds}::uuid[]) as c (id)
         cross join lateral (
           select ${rowColumns} from live_events
            where customer_id = c.id and id > ${afterId}
            order by id limit ${limit}) e
         order by e.id limit ${limit}) e on true
     order by e.id`.execute(db);
  return {
    rows: rows.filter((r) => r.id !== null).map(toEvent),
    newestId: BigInt(rows[0]?.newest_id ?? 0n),
    horizon: BigInt(rows[0]?.horizon ?? 0),
  };
}

/**
 * Where rows may still turn up behind a reader that has read every visible row up to an id:
 * ids up to `olderUpToId` only from transactions at or above `olderFromTxid`; ids above it, up
 * to `newerUpToId`, only from transactions at or above `newerFromTxid`.
 */
export interface LateWindow {
  readonly olderUpToId: bigint;
  readonly olderFromTxid: bigint;
  readonly newerUpToId: bigint;
  readonly newerFromTxid: bigint;
}

/**
 * The positions (id, txid) of the customers' rows in the late window whose transaction has
 * become final (below `until`, the oldest running transaction; taken from this snapshot when
 * not given), in (txid, id) order after `after`. Positions only: most were delivered already.
 */
export async function lateEventsAfter(
  db: Executor,
  customerIds: readonly string[],
  window: LateWindow,
  until: bigint | undefined,
  after: FinalPosition,
  limit: number,
): Promise<{ rows: FinalPosition[]; until: bigint }> {
  const position = sql`(txid, id) > (${String(after.txid)}::xid8, ${after.id})`;
  const { rows } = await sql<{ until: string; id: bigint | null; txid: string | null }>`
    with h as materialized (
      select coalesce(${until === undefined ? null : String(until)}::xid8,
                      live_events_horizon()) as xmin)
    select h.xmin::text as until, e.id, e.txid::text as txid
      from h left join lateral (
        select e.* from unnest(${customerIds}::uuid[]) as c (id)
         cross join lateral (
           (select id, txid from live_events
             where customer_id = c.id and id <= ${window.olderUpToId}
               and txid >= ${String(window.olderFromTxid)}::xid8 and txid < h.xmin and ${position}
             order by txid, id limit ${limit})
           union all
           (select id, txid from live_events
             where customer_id = c.id
               and id > ${window.olderUpToId} and id <= ${window.newerUpToId}
               and txid >= ${String(window.newerFromTxid)}::xid8 and txid < h.xmin and ${position}
             order by txid, id limit ${limit})) e
         order by e.txid, e.id limit ${limit}) e on true
     order by e.txid, e.id`.execute(db);
  return {
    rows: rows
      .filter((r) => r.id !== null)
      .map((r) => ({ id: BigInt(r.id!), txid: BigInt(r.txid!) })),
    until: BigInt(rows[0]?.until ?? 0),
  };
}

/** The rows with these ids, in id order. */
export async function eventsById(db: Executor, ids: readonly bigint[]): Promise<EventRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<Row>`
    select ${rowColumns} from live_events
     where id = any(${ids.map(String)}::bigint[]) order by id`.execute(db);
  return rows.map(toEvent);
}

/** Where the log ends now: its largest id and the final horizon (for a reader with no customers). */
export async function logEnd(db: Executor): Promise<{ newestId: bigint; horizon: bigint }> {
  const { rows } = await sql<{ newest_id: bigint; horizon: string }>`
    select coalesce((select max(id) from live_events), 0) as newest_id,
           live_events_horizon()::text as horizon`.execute(db);
  return { newestId: BigInt(rows[0]?.newest_id ?? 0n), horizon: BigInt(rows[0]?.horizon ?? 0) };
}

/**
 * What a client that last saw `lastId` may have missed, page by page: every later row, and the
 * earlier rows that were still uncommitted when it saw that one. A row committed after the
 * client saw `lastId` was written by a transaction at or above lastId's txid_horizon (the oldest
 * transaction running when lastId was written), so those are re-sent too: at least once.
 */
export async function* eventsMissedSince(
  db: Executor,
  customerId: string,
  lastId: bigint,
  pageSize = 1_000,
): AsyncGenerator<EventRow> {
  const { rows: late } = await sql<Row>`
    select ${rowColumns} from live_events
     where customer_id = ${customerId} and id < ${lastId}
       and txid >= (select least(txid, txid_horizon) from live_events
                     where id = ${lastId} and customer_id = ${customerId})
     order by id`.execute(db);
  for (const row of late) yield toEvent(row);
  for (let after = lastId; ;) {
    const { rows } = await sql<Row>`
      select ${rowColumns} from live_events
       where customer_id = ${customerId} and id > ${after}
       order by id limit ${pageSize}`.execute(db);
    for (const row of rows) yield toEvent(row);
    if (rows.length < pageSize) return;
    after = BigInt(rows.at(-1)!.id);
  }
}

/**
 * Retention: deletes events older than `retentionMs` (database clock, as created_at), oldest
 * first, in batches that skip rows another instance is deleting. Returns how many went.
 */
export async function pruneLiveEvents(
  db: Executor,
  retentionMs = liveEventRetentionMs,
  batchSize = 5_000,
): Promise<number> {
  let total = 0;
  for (;;) {
    const result = await sql`
      delete from live_events where id in (
        select id from (
          select id, created_at from live_events order by id limit ${batchSize}
             for update skip locked) oldest
         where created_at < now() - make_interval(secs => ${retentionMs / 1_000}))`.execute(db);
    const deleted = Number(result.numAffectedRows ?? 0n);
    total += deleted;
    if (deleted < batchSize) return total;
  }
}
