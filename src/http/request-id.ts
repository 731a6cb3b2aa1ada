/**
 * Request ids tie a client's report, the response and every log line together. An id from a
 * proxy or client is kept when it is a plain token; anything else is replaced, because the id is
 * copied into logs and a response header and must not carry log or header injection.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { App } from './types.ts';

export const requestIdHeader = 'x-request-id';

export const requestIdLengthMax = 128;

const saneRequestId = new RegExp(`^[A-Za-z0-9][A-Za-z0-9._:-]{0,${requestIdLengthMax - 1}}$`);

export function requestIdFor(request: Pick<IncomingMessage, 'headers'>): string {
  const incoming = request.headers[requestIdHeader];
  return typeof incoming === 'string' && saneRequestId.test(incoming) ? incoming : randomUUID();
}

/** onRequest runs for matched and unmatched routes, so every answer (errors too) carries the id. */
export function echoRequestId(app: App): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header(requestIdHeader, request.id);
  });
}
