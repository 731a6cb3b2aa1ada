/**
 * The real SmartPay server for browser tests: buildApp from src/http/app.ts listening on a free
 * port of this machine, on a fresh in-memory PGlite database, with the outbox dispatcher running
 * (SMS codes land in sms_messages) and a clock the tests can move forward. The clock and the
 * database are reached through this object only: the production API has no test hooks.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Clock } from '../../../src/core/clock.ts';
import { type Config, loadConfig } from '../../../src/core/config.ts';
import { buildApp, type App, webDistDir } from '../../../src/http/app.ts';
import { ensureInternalAccounts } from '../../../src/ledger/index.ts';
import type { Dispatcher } from '../../../src/notify/dispatcher.ts';
import { startNotifications } from '../../../src/notify/index.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';

/** Real time plus an offset that only grows: countdowns in the browser agree with the server. */
export class ShiftedClock implements Clock {
  #offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.#offsetMs);
  }
  advance(ms: number): void {
    if (!(ms >= 0)) throw new Error('the test clock only moves forward');
    this.#offsetMs += ms;
  }
  reset(): void {
    this.#offsetMs = 0;
  }
}

export interface BrowserTestServer {
  readonly url: string;
  readonly app: App;
  readonly config: Config;
  readonly database: TestDatabase;
  readonly clock: ShiftedClock;
  readonly dispatcher: Dispatcher;
  close(): Promise<void>;
}

export async function startBrowserTestServer(): Promise<BrowserTestServer> {
  if (!existsSync(`${webDistDir}index.html`))
    throw new Error('web/dist is missing: run `npm run build:web` before the browser tests');
  const port = await freePort();
  // localhost, not 127.0.0.1: a secure context, so WebAuthn and the camera are allowed on http.
  const url = `http://localhost:${port}`;
  const database = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: String(port),
    SMARTPAY_PUBLIC_ORIGIN: url,
    SMARTPAY_LOGIN_RATE_PER_IP: '10000',
    SMARTPAY_LOGIN_RATE_PER_CIF: '10000',
  });
  await ensureInternalAccounts(database.db, config.currencies);
  const clock = new ShiftedClock();
  const app = await buildApp({ config, database, clock, logger: { level: 'silent' } });
  await app.listen({ host: '127.0.0.1', port });
  const dispatcher = startNotifications(database, config);
  return {
    url,
    app,
    config,
    database,
    clock,
    dispatcher,
    async close() {
      await dispatcher.stop();
      await app.close();
      await database.close();
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
