/**
 * GET /api/events: Server-Sent Events for the logged-in customer ("payment.received",
 * "request.paid"). A reconnecting client sends Last-Event-ID and first receives what it missed.
 * The hub lives with the app: started when the routes register, stopped when the app closes.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { type DeliveredEvent, startEventHub } from '../../notify/event-hub.ts';
import { guardEnrolled, sessionOf } from '../auth.ts';
import { startSessionWatch } from '../session-watch.ts';

/** Proxies close idle connections; a comment line now and then keeps the stream open. */
export const heartbeatMs = 15_000;

export const eventRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database } = app.deps;
  const hub = startEventHub({ database, logger: app.log });
  const sessions = startSessionWatch({
    db: database.db,
    clock: app.deps.clock,
    onError: (error) => app.log.warn({ err: error }, 'session check of event streams failed'),
  });
  const streams = new Set<FastifyReply>();
  // preClose: open streams would otherwise keep the server from closing.
  app.addHook('preClose', async () => {
    for (const reply of streams) reply.raw.end();
  });
  app.addHook('onClose', () => {
    sessions.stop();
    return hub.stop();
  });
  guardEnrolled(app);

  app.get(
    '/events',
    {
      schema: { tags: ['payments'], description: 'Server-Sent Events stream (text/event-stream)' },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      const lastId = parseLastEventId(request.headers['last-event-id']);
      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      const sent = new Set<bigint>();
      const send = (event: DeliveredEvent) => {
        if (sent.has(event.id)) return;
        sent.add(event.id);
        // The hub hands over a page of events at a time: one socket write for all of them.
        if (reply.raw.writableCorked === 0) {
          reply.raw.cork();
          process.nextTick(() => reply.raw.uncork());
        }
        reply.raw.write(`id: ${event.id}\nevent: ${event.type}\ndata: ${event.json}\n\n`);
      };
      reply.raw.write(`retry: 2000\n: connected\n\n`);
      const unsubscribe = hub.subscribe(session.customerId, send);
      if (lastId !== undefined)
        for await (const event of hub.replay(session.customerId, lastId)) {
          if (reply.raw.destroyed) break;
          send(event);
        }
      // The client may have gone during a long replay, before 'close' below was listened for.
      if (reply.raw.destroyed) return unsubscribe();
      streams.add(reply);
      const heartbeat = setInterval(() => reply.raw.write(': keep-alive\n\n'), heartbeatMs);
      // The stream ends with the session: a stolen or expired token cannot listen forever.
      const expiry = setTimeout(
        () => reply.raw.end(),
        Math.max(0, session.expiresAt.getTime() - app.deps.clock.now().getTime()),
      );
      // Any other end of the session (logout, "Më harro", idle, a forgotten device) ends it too.
      const unwatch = sessions.watch(session.id, () => {
        reply.raw.write('event: session.ended\ndata: {}\n\n');
        reply.raw.end();
      });
      request.raw.on('close', () => {
        unwatch();
        clearInterval(heartbeat);
        clearTimeout(expiry);
        unsubscribe();
        streams.delete(reply);
      });
    },
  );
};

function parseLastEventId(header: string | string[] | undefined): bigint | undefined {
  const text = Array.isArray(header) ? header[0] : header;
  return text && /^\d{1,18}$/.test(text) ? BigInt(text) : undefined;
}
