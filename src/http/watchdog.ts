/**
 * Notices a wedged instance, for /health/live: the event loop did not run for a long time, or
 * requests have been waiting for a database connection while no connection came back to the
 * pool for that long (every connection stuck, e.g. on a server that vanished without a reset).
 * Readiness says "send me no traffic now"; liveness failing says "restart me".
 */
import type pg from 'pg';

export interface Watchdog {
  /** Why this instance is wedged, or undefined while it is healthy. */
  stalled(): string | undefined;
  stop(): void;
}

const tickMs = 500;

export function startWatchdog(pool: pg.Pool | undefined, stallMs: number): Watchdog {
  let lastTick = Date.now();
  let loopLagMs = 0;
  let poolProgressAt = Date.now();
  /** Sampled: pg-pool says when a connection is handed out, not when a request starts waiting. */
  let waitingSince: number | undefined;
  const timer = setInterval(() => {
    const now = Date.now();
    // The lag of the latest tick only: one long pause, once over, is not a reason to restart.
    loopLagMs = Math.max(0, now - lastTick - tickMs);
    lastTick = now;
    if (!pool || pool.waitingCount === 0) waitingSince = undefined;
    else waitingSince ??= now;
  }, tickMs);
  timer.unref();
  const progress = () => (poolProgressAt = Date.now());
  pool?.on('acquire', progress);
  pool?.on('release', progress);
  pool?.on('remove', progress);
  return {
    stalled() {
      if (loopLagMs > stallMs) return `the event loop was blocked for ${loopLagMs} ms`;
      if (pool && pool.waitingCount > 0 && waitingSince !== undefined) {
        const stuckMs = Date.now() - Math.max(poolProgressAt, waitingSince);
        if (stuckMs > stallMs)
          return `requests wait for a database connection and none came free for ${stuckMs} ms`;
      }
      return undefined;
    },
    stop() {
      clearInterval(timer);
      pool?.off('acquire', progress);
      pool?.off('release', progress);
      pool?.off('remove', progress);
    },
  };
}
