/**
 * `npm test` runs the browser tests after the others. They need Debian's Chromium: in CI it must
 * be there (.ci/run installs it) and its absence fails the run; on a developer machine without it
 * the browser tests are skipped with a line that says how to get them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromiumPath } from '../playwright.config.ts';

if (!existsSync(chromiumPath)) {
  const hint = `browser tests need Chromium at ${chromiumPath} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
  if (process.env.CI) {
    console.error(`error: ${hint}`);
    process.exit(1);
  }
  console.warn(`Browser tests skipped: ${hint}.`);
  process.exit(0);
}
const result = spawnSync('npx', ['playwright', 'test', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
