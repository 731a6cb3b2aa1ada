/**
 * LISTEN/NOTIFY on both engines, behind one function (Database.listen), so the modules that wait
 * for commits (outbox dispatcher, live event hub) never ask which engine they run on. The
 * notifications come from triggers (migration 0005), so writers do not ask either.
 *
 * PostgreSQL: one dedicated connection per process carries every channel. When it drops (server
 * restart, failover, pg_terminate_backend), it reconnects with jittered backoff and then calls
 * every onConnect: what was notified while it was away is caught up at once, not at the next poll.
 * PGlite: NOTIFY is delivered in-process by the single connection, after the commit.
 * Either way a notification is a hint to look; the subscribers also poll, slowly.
 */
import { type Kysely, sql } from 'kysely';
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';

export interface NotificationHandlers {
  /** A transaction that notified the channel has committed. */
  readonly onNotify: () => void;
  /** Listening started or resumed after a lost connection: notifications may have been missed. */
  readonly onConnect?: () => void;
  readonly logger?: { warn(details: object, message: string): void };
}

export interface ListenSubscription {
  close(): Promise<void>;
}

export type Listen = (channel: string, handlers: NotificationHandlers) => ListenSubscription;

/** The application_name of the LISTEN connection, as pg_stat_activity shows it. */
export const listenApplicationName = 'smartpay-listen';
export const reconnectDelayMsMin = 100;
export const reconnectDelayMsMax = 5_000;

function checkChannel(channel: string): string {
  if (!/^[a-z_]{1,63}$/.test(channel)) throw new Error(`bad channel name ${channel}`);
  return channel;
}

class Channels {
  private readonly byName = new Map<string, Set<NotificationHandlers>>();

  add(channel: string, handlers: NotificationHandlers): boolean {
    const set = this.byName.get(checkChannel(channel));
    if (set) {
      set.add(handlers);
      return false;
    }
    this.byName.set(channel, new Set([handlers]));
    return true;
  }
  /** True when the channel has no subscriber left. */
  remove(channel: string, handlers: NotificationHandlers): boolean {
    const set = this.byName.get(channel);
    set?.delete(handlers);
    if (set?.size !== 0) return false;
    this.byName.delete(channel);
    return true;
  }
  names(): IterableIterator<string> {
    return this.byName.keys();
  }
  get size(): number {
    return this.byName.size;
  }
  notify(channel: string): void {
    for (const handlers of this.byName.get(channel) ?? []) handlers.onNotify();
  }
  connected(): void {
    for (const set of this.byName.values()) for (const handlers of set) handlers.onConnect?.();
  }
  warn(details: object, message: string): void {
    for (const set of this.byName.values())
      for (const handlers of set)
        if (handlers.logger) return handlers.logger.warn(details, message);
  }
}

/** One LISTEN connection to PostgreSQL, kept open while any channel has a subscriber. */
export function postgresListen(
  newClient: (options: Omit<pg.ClientConfig, 'connectionString'>) => pg.Client,
): Listen {
  const channels = new Channels();
  let client: pg.Client | undefined;
  let ready = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;

  const connect = async () => {
    timer = undefined;
    if (channels.size === 0) return;
    const current = newClient({
      application_name: listenApplicationName,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    client = current;
    ready = false;
    current.on('notification', (message) => channels.notify(message.channel));
    current.on('error', (error) => lost(current, error));
    current.on('end', () => lost(current, undefined));
    try {
      await current.connect();
      // Map iteration also visits channels subscribed while this loop awaits.
      for (const channel of channels.names()) await current.query(`listen ${channel}`);
    } catch (error) {
      lost(current, error);
      return;
    }
    if (client !== current) return;
    ready = true;
    failures = 0;
    channels.connected();
  };
  const lost = (lostClient: pg.Client, error: unknown) => {
    if (client !== lostClient) return;
    client = undefined;
    ready = false;
    lostClient.removeAllListeners('notification');
    lostClient.on('error', () => undefined); // late errors of a dead connection are expected
    void lostClient.end().catch(() => undefined);
    if (channels.size === 0) return;
    const delayMs = Math.min(reconnectDelayMsMax, reconnectDelayMsMin * 2 ** failures);
    failures++;
    channels.warn(
      { err: error, reconnectInMs: delayMs },
      'LISTEN connection lost; reconnecting (polling goes on meanwhile)',
    );
    // Jitter: after a failover every instance reconnects, not all in the same millisecond.
    timer = setTimeout(() => void connect(), delayMs * (0.5 + Math.random() / 2));
  };

  return (channel, handlers) => {
    const first = channels.add(channel, handlers);
    if (!client && !timer) void connect();
    else if (first && ready && client) {
      const current = client;
      current.query(`listen ${channel}`).catch((error: unknown) => lost(current, error));
    }
    return {
      async close() {
        if (!channels.remove(channel, handlers)) return;
        if (channels.size > 0) {
          if (ready) await client?.query(`unlisten ${channel}`).catch(() => undefined);
          return;
        }
        clearTimeout(timer);
        timer = undefined;
        const closing = client;
        client = undefined;
        ready = false;
        await closing?.end().catch(() => undefined);
      },
    };
  };
}

/**
 * PGlite delivers NOTIFY in-process after the commit. LISTEN goes through Kysely so it waits its
 * turn on the single connection and never lands inside another holder's open transaction.
 */
export function pgliteListen(pglite: PGlite, db: Kysely<unknown>): Listen {
  const channels = new Channels();
  const listens = new Map<string, Promise<unknown>>();
  pglite.onNotification((channel) => channels.notify(channel));
  return (channel, handlers) => {
    if (channels.add(channel, handlers))
      listens.set(channel, sql.raw(`listen ${channel}`).execute(db));
    const listening = listens.get(channel) ?? Promise.resolve();
    listening.then(
      () => handlers.onConnect?.(),
      (error: unknown) => handlers.logger?.warn({ err: error }, 'LISTEN failed; polling goes on'),
    );
    return {
      async close() {
        await listening.catch(() => undefined);
        if (!channels.remove(channel, handlers)) return;
        listens.delete(channel);
        if (!pglite.closed)
          await sql
            .raw(`unlisten ${channel}`)
            .execute(db)
            .catch(() => undefined);
      },
    };
  };
}
