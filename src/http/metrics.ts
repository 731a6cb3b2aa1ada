/**
 * Prometheus metrics with a registry per app (tests build many apps in one process, and the
 * global registry would refuse the second histogram). Modules add their own metrics to
 * `app.metrics`.
 */
import cluster from 'node:cluster';
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { App } from './types.ts';

/** Unmatched URLs share one label value, so scanners cannot blow up the series count. */
const unmatchedRoute = 'unmatched';

export function installMetrics(app: App): void {
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
  app.decorate('metrics', registry);
  app.addHook('onResponse', async (request, reply) => {
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? unmatchedRoute,
      status_code: String(reply.statusCode),
    };
    duration.observe(labels, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()),
  );
}
