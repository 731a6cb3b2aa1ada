/**
 * Graceful shutdown, the app's half: once closing starts, /health/ready answers 503 and requests
 * that still arrive on open keep-alive connections are refused with a problem and
 * `Connection: close`, while requests already running finish normally (and close their socket).
 */
import { buildProblem, sendProblem } from './problem.ts';
import type { App, Lifecycle } from './types.ts';

export function installLifecycle(app: App): void {
  const lifecycle: Lifecycle = { draining: false, closing: false };
  app.decorate('lifecycle', lifecycle);
  app.addHook('preClose', async () => {
    lifecycle.draining = true;
    lifecycle.closing = true;
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!lifecycle.closing) return;
    reply.header('connection', 'close');
    const problem = buildProblem(request, 'INTERNAL', 'The server is shutting down; retry.', {
      status: 503,
      title: 'Service unavailable',
    });
    return sendProblem(reply, problem);
  });
  // A request that was running when closing began would otherwise leave its keep-alive socket
  // open after answering, and the server's close would wait for the client's idle timeout.
  app.addHook('onSend', async (_request, reply) => {
    if (lifecycle.closing) reply.header('connection', 'close');
  });
}
