/**
 * A tiny SMS gateway on loopback for the server's `http` SMS provider (the one production uses):
 * it takes `POST {to, text}` and hands the 4-digit code to whoever waits for that phone. The
 * development provider is refused in production mode, and the bench runs production mode.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SmsGateway {
  readonly url: string;
  /** The next code sent to this phone; call it before the login that sends the code. */
  nextCode(phone: string, timeoutMs?: number): Promise<string>;
  readonly received: number;
  close(): Promise<void>;
}

export async function startSmsGateway(): Promise<SmsGateway> {
  const waiting = new Map<string, (code: string) => void>();
  const early = new Map<string, string>();
  let received = 0;
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      try {
        const { to, text } = JSON.parse(body) as { to: string; text: string };
        const code = /\b(\d{4})\b/.exec(text)?.[1];
        if (!code) throw new Error('no code in the text');
        received++;
        const deliver = waiting.get(to);
        if (deliver) {
          waiting.delete(to);
          deliver(code);
        } else early.set(to, code);
        response.writeHead(202).end();
      } catch {
        response.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sms`,
    get received() {
      return received;
    },
    nextCode(phone, timeoutMs = 15_000) {
      const already = early.get(phone);
      if (already) {
        early.delete(phone);
        return Promise.resolve(already);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(phone);
          reject(new Error(`no SMS reached ${phone} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(phone, (code) => {
          clearTimeout(timer);
          resolve(code);
        });
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
