/**
 * Prometheus metrics with a registry per app (tests build many apps in one process, and the
 * global registry would refuse the second histogram). Modules add their own metrics to
 * `app.metrics`.
 *
 * Besides request durations (whose `_count` series counts requests per route and status), every
 * request runs in a statement tally (db/statements.ts), and
 * `smartpay_db_statements_total{route}` adds up the statements the requests of each route sent,
 * so statements per request = that counter / the route's request count.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AsyncResource } from 'node:async_hooks';
import cluster from 'node:cluster';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { type StatementTally, withStatementTally } from '../db/statements.ts';
import type { App } from './types.ts';

/** Unmatched URLs share one label value, so scanners cannot blow up the series count. */
const unmatchedRoute = 'unmatched';

declare module 'fastify' {
  interface FastifyRequest {
    statementTally?: StatementTally;
    statementScope?: AsyncResource;
  }
}

/** `serveRoute`: false when a listener of its own serves the registry (startMetricsListener). */
export function installMetrics(app: App, serveRoute = true): void {
  const registry = new Registry();
  // Each cluster worker answers /metrics for itself only: the label tells the series apart.
  if (cluster.isWorker && cluster.worker)
    registry.setDefaultLabels({ worker: String(cluster.worker.id) });
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by method, route pattern and status',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [registry],
  });
  const statements = new Counter({
    name: 'smartpay_db_statements_total',
    help: 'Database statements (BEGIN and COMMIT included) sent while answering requests, by route pattern',
    labelNames: ['route'] as const,
    registers: [registry],
  });
  const requests = new Counter({
    name: 'smartpay_http_requests_total',
    help: 'Requests answered, by route pattern (the divisor of smartpay_db_statements_total)',
    labelNames: ['route'] as const,
    registers: [registry],
  });
  app.decorate('metrics', registry);
  // The scope is opened here and re-entered before validation: reading the body runs in the
  // socket's async context, which would otherwise lose it (as @fastify/request-context does).
  app.addHook('onRequest', (request, _reply, done) => {
    const tally: StatementTally = { statements: 0 };
    request.statementTally = tally;
    withStatementTally(tally, () => {
      request.statementScope = new AsyncResource('smartpay-request');
      done();
    });
  });
  app.addHook('preValidation', (request, _reply, done) => {
    if (request.statementScope) request.statementScope.runInAsyncScope(done);
    else done();
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? unmatchedRoute;
    duration.observe(
      { method: request.method, route, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    requests.inc({ route });
    statements.inc({ route }, request.statementTally?.statements ?? 0);
  });
  if (!serveRoute) return;
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()),
  );
}

export interface MetricsListener {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * /metrics on a port of its own (loopback by default), so a public listener never shows the
 * process's internals; anything else there is a bare 404.
 */
export async function startMetricsListener(
  registry: Registry,
  options: { host: string; port: number },
): Promise<MetricsListener> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?', 1)[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
