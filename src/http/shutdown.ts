/**
 * Process shutdown on SIGTERM/SIGINT: drain and close the HTTP server first (readiness turns 503
 * while requests are still served for the drain window, then the listener closes and in-flight
 * requests finish), then stop background services (the outbox dispatcher still sends what those
 * last requests wrote), then close the database, last, because everything before may still write.
 * PGlite must be closed cleanly or its data folder needs recovery on the next start.
 */
import type { FastifyBaseLogger } from 'fastify';

/** Anything main starts besides the HTTP server: operator channel, roll-up job, outbox dispatcher. */
export interface BackgroundService {
  readonly name: string;
  stop(): Promise<void>;
}

export interface Closable {
  close(): Promise<void>;
}

export interface ShutdownParts {
  readonly logger: FastifyBaseLogger;
  readonly services: readonly BackgroundService[];
  readonly server: Closable | undefined;
  readonly database: Closable;
}

export const shutdownMsMax = 10_000;

/**
 * Patience for a graceful shutdown: the drain window, then the longest a request may still run,
 * then a margin for closing. Past it the process exits 1 rather than hang.
 */
export function shutdownTimeoutMs(settings: {
  readonly shutdownDrainMs: number;
  readonly requestTimeoutMs: number;
}): number {
  return Math.max(shutdownMsMax, settings.shutdownDrainMs + settings.requestTimeoutMs + 5_000);
}

export async function shutDown(parts: ShutdownParts): Promise<void> {
  try {
    await parts.server?.close();
  } finally {
    // Reverse start order: a later service may depend on an earlier one.
    for (const service of [...parts.services].reverse()) {
      try {
        await service.stop();
      } catch (error) {
        parts.logger.error(
          { err: error, service: service.name },
          'background service did not stop',
        );
      }
    }
    await parts.database.close();
  }
}

export interface SignalHandlerOptions {
  readonly exit?: (code: number) => void;
  readonly timeoutMs?: number;
}

/**
 * The first signal shuts down gracefully and exits 0; a second signal, or a shutdown that takes
 * longer than shutdownMsMax, exits 1 at once (an operator or orchestrator has lost patience).
 */
export function signalHandler(
  parts: ShutdownParts,
  { exit = (code) => process.exit(code), timeoutMs = shutdownMsMax }: SignalHandlerOptions = {},
): (signal: NodeJS.Signals) => void {
  let started = false;
  return (signal) => {
    if (started) {
      parts.logger.error({ signal }, 'second signal during shutdown: exiting now');
      return exit(1);
    }
    started = true;
    parts.logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      parts.logger.error(`shutdown took longer than ${timeoutMs} ms: exiting now`);
      exit(1);
    }, timeoutMs);
    shutDown(parts).then(
      () => {
        clearTimeout(timer);
        parts.logger.info('shut down');
        exit(0);
      },
      (error: unknown) => {
        clearTimeout(timer);
        parts.logger.error({ err: error }, 'shutdown failed');
        exit(1);
      },
    );
  };
}

export function shutDownOnSignals(parts: ShutdownParts, options: SignalHandlerOptions = {}): void {
  const onSignal = signalHandler(parts, options);
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
