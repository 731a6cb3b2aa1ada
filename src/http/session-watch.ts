/**
 * Long-lived answers (the live event stream) outlive the request that checked their session, so
 * they are watched: every second one query reads the sessions of all open streams of this
 * process, and a stream whose session has ended for any reason (logout, "Më harro", a forgotten
 * device, SmartOTP off, the idle or the absolute timeout, a password change) is closed. Plain
 * SQL on the sessions table: it works the same on every engine and across server instances.
 */
import type { Clock } from '../core/clock.ts';
import { loadSettings } from '../db/settings.ts';
import type { Executor } from '../db/transaction.ts';

export const sessionCheckIntervalMs = 1_000;

export interface SessionWatch {
  /** Calls `onEnd` once when the session ends; the returned function stops watching. */
  watch(sessionId: string, onEnd: () => void): () => void;
  stop(): void;
}

export function startSessionWatch(options: {
  db: Executor;
  clock: Clock;
  intervalMs?: number;
  onError?: (error: unknown) => void;
}): SessionWatch {
  const watched = new Map<string, Set<() => void>>();
  let checking = false;
  const check = async () => {
    if (checking || watched.size === 0) return;
    checking = true;
    try {
      for (const id of await endedSessions(options.db, options.clock, [...watched.keys()])) {
        for (const onEnd of watched.get(id) ?? []) onEnd();
        watched.delete(id);
      }
    } catch (error) {
      options.onError?.(error);
    } finally {
      checking = false;
    }
  };
  const timer = setInterval(() => void check(), options.intervalMs ?? sessionCheckIntervalMs);
  timer.unref();
  return {
    watch(sessionId, onEnd) {
      const set = watched.get(sessionId) ?? new Set();
      set.add(onEnd);
      watched.set(sessionId, set);
      return () => {
        set.delete(onEnd);
        if (set.size === 0 && watched.get(sessionId) === set) watched.delete(sessionId);
      };
    },
    stop: () => clearInterval(timer),
  };
}

/** The ids among `ids` whose session is gone, ended, past its absolute limit or idle too long. */
async function endedSessions(db: Executor, clock: Clock, ids: string[]): Promise<string[]> {
  const settings = await loadSettings(db);
  const now = clock.now().getTime();
  const idleMs = Number(settings['sessions.idleMinutes']) * 60_000;
  const rows = await db
    .selectFrom('sessions')
    .select(['id', 'ended_at', 'expires_at', 'last_seen_at'])
    .where('id', 'in', ids)
    .execute();
  const live = new Set(
    rows
      .filter(
        (r) =>
          r.ended_at === null &&
          now < r.expires_at.getTime() &&
          now - r.last_seen_at.getTime() < idleMs,
      )
      .map((r) => r.id),
  );
  return ids.filter((id) => !live.has(id));
}
