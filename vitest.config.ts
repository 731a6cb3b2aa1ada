import { defineConfig } from 'vitest/config';

// CI (.ci/run) asks for a machine-readable report per engine to add up the closing count line.
const reportDir = process.env.SMARTPAY_REPORT_DIR;
const engine = process.env.DATABASE_URL ? 'postgres' : 'pglite';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/**/*.test.ts'],
    exclude: [
      'test/browser/**',
      'test/faults/**',
      'test/security/**',
      'node_modules/**',
      'web/dist/**',
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: reportDir
      ? ['default', ['json', { outputFile: `${reportDir}/vitest-${engine}.json` }]]
      : ['default'],
  },
});
