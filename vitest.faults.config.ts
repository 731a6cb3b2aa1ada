import { defineConfig } from 'vitest/config';

// The fault tests: own PostgreSQL clusters, spawned servers, killed processes. Kept out of the
// default run (vitest.config.ts) so `npm test` does not run them; `npm run test:faults` does.
const reportDir = process.env.SMARTPAY_REPORT_DIR;

export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One at a time: each file starts servers or a cluster, and the machine has two cores.
    fileParallelism: false,
    reporters: reportDir
      ? ['default', ['json', { outputFile: `${reportDir}/faults.json` }]]
      : ['default'],
  },
});
