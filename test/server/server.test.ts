/**
 * The real HTTP server: closing turns readiness off first, lets a request already running finish,
 * and is not held up by idle keep-alive connections.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock } from '../../src/core/clock.ts';
import { buildApp } from '../../src/http/app.ts';
import { serve, startServer } from '../../src/http/server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { testConfig as config } from '../helpers/bank.ts';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.close();
});

function deferred() {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('server', () => {
  it('listens on a free port and names a local URL', async () => {
    const server = await startServer(
      { config, database, clock: new TestClock() },
      { host: '127.0.0.1', port: 0 },
    );
    try {
      expect(server.url).toMatch(/^http:\/\/localhost:\d+$/);
      const response = await fetch(`${server.url}/health/live`);
      expect(response.status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('on close: not ready first, the running request finishes, then no new connections', async () => {
    // buildApp itself: serve() takes an app that is not ready yet, and /slow joins it first.
    const app = await buildApp({ config, database, clock: new TestClock() });
    const started = deferred();
    const release = deferred();
    app.get('/slow', async () => {
      started.resolve();
      await release.promise;
      return { done: true };
    });
    const server = await serve(app, { host: '127.0.0.1', port: 0, drainDelayMs: 300 });

    const slow = fetch(`${server.url}/slow`);
    await started.promise;
    const closed = server.close();
    const ready = await fetch(`${server.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(ready.headers.get('content-type')).toMatch(/^application\/problem\+json/);

    let closeFinished = false;
    void closed.then(() => (closeFinished = true));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(closeFinished).toBe(false);
    release.resolve();
    const response = await slow;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ done: true });
    await closed;
    await expect(fetch(`${server.url}/health/live`)).rejects.toThrow();
  });

  it('idle keep-alive connections do not hold up close', async () => {
    const server = await startServer(
      { config, database, clock: new TestClock() },
      { host: '127.0.0.1', port: 0 },
    );
    // fetch keeps the connection open for reuse (Keep-Alive: timeout=72 s from Fastify).
    const response = await fetch(`${server.url}/health/live`);
    expect(response.headers.get('connection')).toBe('keep-alive');
    await response.text();
    const startedMs = Date.now();
    await server.close();
    expect(Date.now() - startedMs).toBeLessThan(2_000);
  });
});
