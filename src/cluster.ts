/**
 * Both cores: several HTTP workers on one port (node:cluster) when the database is PostgreSQL.
 * The server is stateless (sessions, idempotency keys, quotes and events live in the database),
 * so a worker is just another instance. The primary migrates, starts the workers, runs the
 * background jobs (one place: main.ts startBackgroundServices) and drains the workers on
 * SIGTERM. PGlite belongs to one process, so there it is always a single process.
 */
import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import type { Logger } from 'pino';
import type { Config } from './core/config.ts';

/** The message a primary sends its workers to drain and exit (like SIGTERM). */
const shutdownMessage = 'smartpay:shutdown';
/** A worker that keeps crashing is a bug to fix, not a process to restart forever. */
const restartsPerMinuteMax = 5;

export function workerCount(config: Config, logger: Pick<Logger, 'warn'>): number {
  const wanted = config.workers === 'auto' ? availableParallelism() : config.workers;
  if (wanted > 1 && !config.databaseUrl) {
    logger.warn(
      `SMARTPAY_WORKERS=${config.workers} ignored: the embedded database (PGlite) belongs to one process; set DATABASE_URL to run several workers`,
    );
    return 1;
  }
  return wanted;
}

export interface WorkerPool {
  /** The port the workers listen on (useful when PORT=0 picked one). */
  readonly port: number;
  /** Asks every worker to drain, waits until all have exited. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Forks `count` workers and resolves once each listens. A worker that dies before listening fails
 * the start (the others are stopped); one that dies later is replaced, unless it keeps dying, in
 * which case `onFatal` is called so the primary can shut down.
 */
export function startWorkers(
  count: number,
  logger: Pick<Logger, 'info' | 'warn' | 'error'>,
  /** How long a worker may take to drain before it is killed. */
  stopPatienceMs: number,
  onFatal: () => void,
): Promise<WorkerPool> {
  let stopping: Promise<void> | undefined;
  const restarts: number[] = [];
  const live = new Set<Worker>();
  const fork = () => {
    const worker = cluster.fork();
    live.add(worker);
    return worker;
  };
  const stop = () =>
    (stopping ??= Promise.all(
      [...live].map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) return resolve();
            const timer = setTimeout(() => worker.process.kill('SIGKILL'), stopPatienceMs);
            worker.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            worker.send(shutdownMessage);
          }),
      ),
    ).then(() => undefined));

  return new Promise((resolve, reject) => {
    let listening = 0;
    let port = 0;
    let started = false;
    cluster.on('listening', (_worker, address) => {
      port = address.port;
      if (!started && ++listening === count) {
        started = true;
        logger.info({ workers: count, port }, 'all workers listening');
        resolve({ port, stop });
      }
    });
    cluster.on('exit', (worker, code, signal) => {
      live.delete(worker);
      if (stopping) return;
      if (!started) {
        logger.error({ worker: worker.id, exitCode: code, signal }, 'a worker failed to start');
        void stop().then(() => reject(new Error('a worker failed to start (see its log above)')));
        return;
      }
      const now = Date.now();
      restarts.push(now);
      while (restarts.length > 0 && restarts[0]! < now - 60_000) restarts.shift();
      if (restarts.length > restartsPerMinuteMax) {
        logger.error(
          { worker: worker.id, exitCode: code, signal },
          'workers keep dying: shutting down',
        );
        onFatal();
        return;
      }
      logger.error(
        { worker: worker.id, exitCode: code, signal },
        'a worker died: starting another',
      );
      fork();
    });
    for (let i = 0; i < count; i++) fork();
  });
}

/** In a worker: `drain` runs once when the primary asks, or when the primary is gone. */
export function onPrimaryShutdown(drain: () => void): void {
  process.on('message', (message) => {
    if (message === shutdownMessage) drain();
  });
  // The primary died without asking (SIGKILL, crash): do not keep serving alone.
  process.on('disconnect', drain);
}
