/**
 * `npm run bench`: the load benchmark (payments per second and latency against pgbench on the
 * same PostgreSQL) is not built yet; it has its own issue. Until then this says so and exits 0.
 * The concurrency tests print an indicative figure (test/payments/concurrency.test.ts).
 */
console.log('SmartPay benchmark: not built yet (see the benchmark issue).');
console.log(
  'Indicative figure: DATABASE_URL=postgres://… npx vitest run test/payments/concurrency.test.ts prints payments/s.',
);
