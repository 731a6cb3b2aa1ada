/**
 * Playwright fixtures: one real server per worker (workers: 1, so one for the run), and helpers
 * every spec needs: a fresh browser context per customer, axe-core checks and screenshots.
 */
import { AxeBuilder } from '@axe-core/playwright';
import {
  test as base,
  expect,
  type Browser,
  type BrowserContext,
  type Page,
} from '@playwright/test';
import { existsSync } from 'node:fs';
import { webDistDir } from '../../../src/http/app.ts';
import { setUpBank, ShiftedClock, startTestBank, type TestBank } from '../../helpers/bank.ts';

/**
 * The real SmartPay server of the browser tests: test/helpers/bank.ts's test bank listening on a
 * free port, with a clock the tests move forward, and the bank's rates and tariff.
 */
export type BrowserTestServer = TestBank<ShiftedClock>;

async function startBrowserTestServer(): Promise<BrowserTestServer> {
  if (!existsSync(`${webDistDir}index.html`))
    throw new Error('web/dist is missing: run `npm run build:web` before the browser tests');
  const server = await startTestBank({ listen: true, clock: new ShiftedClock() });
  await setUpBank(server);
  return server;
}

export interface CustomerBrowser {
  readonly context: BrowserContext;
  readonly page: Page;
}

interface WorkerFixtures {
  readonly server: BrowserTestServer;
}

/** A new browser context (a different phone) for each customer of a test. */
export type OpenPhone = (options?: {
  language?: 'sq' | 'en';
  viewport?: { width: number; height: number };
}) => Promise<CustomerBrowser>;

interface TestFixtures {
  readonly openPhone: OpenPhone;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  server: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's needs from it
    async ({}, use) => {
      const server = await startBrowserTestServer();
      await use(server);
      await server.close();
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  baseURL: async ({ server }, use) => use(server.url),
  openPhone: async ({ browser, server }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (options = {}) => {
      const context = await newPhoneContext(browser, server.url, options.viewport);
      if (options.language === 'en')
        await context.addInitScript(() => window.localStorage.setItem('smartpay.language', 'en'));
      contexts.push(context);
      return { context, page: await context.newPage() };
    });
    for (const context of contexts) await context.close();
  },
});

export { expect };

async function newPhoneContext(
  browser: Browser,
  baseURL: string,
  viewport = { width: 360, height: 640 },
): Promise<BrowserContext> {
  return browser.newContext({
    baseURL,
    viewport,
    deviceScaleFactor: 2,
    locale: 'sq-AL',
    timezoneId: 'Europe/Belgrade',
    permissions: ['camera'],
    // Service workers would answer from their cache; the tests check what the server serves.
    serviceWorkers: 'block',
  });
}

/** No serious or critical axe-core violation on the screen as it is now. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const blocking = results.violations.filter(
    (violation) => violation.impact === 'serious' || violation.impact === 'critical',
  );
  expect(
    blocking.map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
    ),
    `axe-core on ${screen}`,
  ).toEqual([]);
}

/** A screenshot kept as an artifact under test-results/screens/. */
export async function saveScreen(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: false });
}
