/**
 * Builds the web app into web/dist. `--if-missing` builds only when web/dist has no index.html,
 * so `npm start` on a fresh checkout serves the app without rebuilding it on every start.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const configFile = fileURLToPath(new URL('./vite.config.ts', import.meta.url));
const builtIndex = fileURLToPath(new URL('./dist/index.html', import.meta.url));

/**
 * Always a production build, whatever NODE_ENV the caller runs with: Vite derives
 * `import.meta.env.PROD` (and React's build) from NODE_ENV, and CI runs with NODE_ENV=test,
 * which would ship a development bundle without its service worker.
 */
export async function buildWebApp(): Promise<void> {
  const callerNodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile, mode: 'production', logLevel: 'warn' });
  } finally {
    if (callerNodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = callerNodeEnv;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--if-missing') && existsSync(builtIndex)) process.exit(0);
  await buildWebApp();
  console.log('web app built into web/dist');
}
