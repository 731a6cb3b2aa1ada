/**
 * Listening and graceful closing. close() first turns /health/ready to 503 (and optionally waits
 * for load balancers to notice), then stops accepting, lets in-flight requests finish and resolves.
 */
import type { AddressInfo } from 'node:net';
import { buildApp } from './app.ts';
import type { App, AppDeps } from './types.ts';

export interface ListenOptions {
  readonly host: string;
  readonly port: number;
  /** Time between "not ready" and "stop accepting", for load balancers polling readiness. */
  readonly drainDelayMs?: number;
}

export interface RunningServer {
  readonly app: App;
  /** Where a person on this machine reaches the server, e.g. http://localhost:8080. */
  readonly url: string;
  /** Idempotent: a second call waits for the first. */
  close(): Promise<void>;
}

export async function startServer(deps: AppDeps, options: ListenOptions): Promise<RunningServer> {
  return serve(await buildApp(deps), options);
}

/** For tests that add routes to an app before it listens. */
export async function serve(app: App, options: ListenOptions): Promise<RunningServer> {
  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    await app.close();
    throw error;
  }
  const { port } = app.server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    app,
    url: displayUrl(options.host, port),
    close: () => (closing ??= drainAndClose(app, options.drainDelayMs ?? 0)),
  };
}

async function drainAndClose(app: App, drainDelayMs: number): Promise<void> {
  app.lifecycle.draining = true;
  if (drainDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, drainDelayMs));
  await app.close();
}

/** Where a person on this machine reaches a server listening on host:port. */
export function displayUrl(host: string, port: number): string {
  return `http://${displayHost(host)}:${port}`;
}

const localHosts = new Set(['0.0.0.0', '::', '127.0.0.1', '::1', 'localhost']);

function displayHost(host: string): string {
  if (localHosts.has(host)) return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}
