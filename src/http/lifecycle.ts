/**
 * Graceful shutdown, the app's half: while draining, /health/ready answers 503 and requests are
 * still served (each answer closing its connection); once closing starts, requests
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
  // While draining, every answer closes its connection, so clients leave their keep-alive
  // sockets before the listener closes (an idle socket cut at close can meet a request already
  // on its way: the client sees a reset). A request that was running when closing began would
  // otherwise leave its socket open after answering, and close would wait for the idle timeout.
  app.addHook('onSend', async (_request, reply) => {
    if (lifecycle.draining || lifecycle.closing) reply.header('connection', 'close');
  });
}
