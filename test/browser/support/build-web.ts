/**
 * Playwright's global setup: builds the web app from the current sources, so the browser tests
 * never run against a stale web/dist.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export default async function buildWebApp(): Promise<void> {
  await build({
    configFile: fileURLToPath(new URL('../../../web/vite.config.ts', import.meta.url)),
    logLevel: 'warn',
  });
}
