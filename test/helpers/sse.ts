/**
 * A minimal Server-Sent Events client over fetch for tests: it collects the events of
 * GET /api/events as they arrive, each with the time it arrived.
 */
import type { AddressInfo } from 'node:net';
import type { App } from '../../src/http/app.ts';

export interface ReceivedEvent {
  id: string;
  event: string;
  data: Record<string, unknown>;
  /** Date.now() when the event's block was parsed. */
  receivedAt: number;
}

export function listen(url: string, token: string, lastEventId?: string) {
  const events: ReceivedEvent[] = [];
  const controller = new AbortController();
  const headers: Record<string, string> = {
    authorization: `Bearer ${token}`,
    ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
  };
  const opened = fetch(`${url}/api/events`, { headers, signal: controller.signal }).then(
    async (response) => {
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      void (async () => {
        for (;;) {
          const { value, done } = await reader
            .read()
            .catch(() => ({ value: undefined, done: true }));
          if (done) return;
          // One split per chunk: a chunk may hold thousands of events (a burst), and slicing the
          // buffer once per event made this client, not the server, the slow end of the stream.
          const blocks = (buffer + value).split('\n\n');
          buffer = blocks.pop() ?? '';
          const receivedAt = Date.now();
          for (const block of blocks) {
            const field = (name: string) =>
              block
                .split('\n')
                .find((l) => l.startsWith(`${name}: `))
                ?.slice(name.length + 2);
            const data = field('data');
            if (data)
              events.push({
                id: field('id') ?? '',
                event: field('event') ?? '',
                data: JSON.parse(data),
                receivedAt,
              });
          }
        }
      })();
      return response;
    },
  );
  return {
    events,
    opened,
    close: () => controller.abort(),
    async waitFor(
      predicate: (e: ReceivedEvent) => boolean,
      timeoutMs = 3_000,
    ): Promise<ReceivedEvent> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find(predicate);
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(
            `no matching event within ${timeoutMs} ms; got ${events.length} events, last ${JSON.stringify(events.slice(-3))}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
  };
}

export async function listenOn(app: App): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}
