import { defineConfig } from 'vitest/config';

// The attack suite (`npm run test:security`): a real server process attacked over HTTP. Kept
// out of the default run (vitest.config.ts) so `npm test` does not run it twice.
const reportDir = process.env.SMARTPAY_REPORT_DIR;
const engine = process.env.DATABASE_URL ? 'postgres' : 'pglite';

export default defineConfig({
  test: {
    include: ['test/security/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 600_000,
    pool: 'forks',
    fileParallelism: false,
    reporters: reportDir
      ? ['default', ['json', { outputFile: `${reportDir}/security-${engine}.json` }]]
      : ['default'],
  },
});
