/**
 * Builds the web app into web/dist. `--if-missing` builds only when web/dist has no index.html,
 * so `npm start` on a fresh checkout serves the app without rebuilding it on every start.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const configFile = fileURLToPath(new URL('./vite.config.ts', import.meta.url));
const builtIndex = fileURLToPath(new URL('./dist/index.html', import.meta.url));

if (process.argv.includes('--if-missing') && existsSync(builtIndex)) process.exit(0);
await build({ configFile, logLevel: 'warn' });
console.log('web app built into web/dist');
