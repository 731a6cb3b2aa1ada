/** The bench's arithmetic: percentiles, and statements per request from /metrics scrapes. */
import { describe, expect, it } from 'vitest';
import { parseMetrics, type Snapshot, statementCounts } from '../../bench/metrics.ts';
import { percentile, summarize } from '../../bench/stats.ts';

describe('bench percentiles', () => {
  it('take the nearest rank, never an interpolation below a real sample', () => {
    const sorted = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 100]);
    expect(percentile(sorted, 0.5)).toBe(5);
    expect(percentile(sorted, 0.95)).toBe(100);
    expect(percentile(sorted, 0.99)).toBe(100);
    expect(summarize([3, 1, 2])).toEqual({ count: 3, p50Ms: 2, p95Ms: 3, p99Ms: 3, maxMs: 3 });
  });

  it('of no sample are not a number, not zero', () => {
    expect(summarize([]).p99Ms).toBeNaN();
  });
});

const scrape = (worker: string, quoteStatements: number, quotes: number, confirms: number) =>
  [
    '# HELP smartpay_db_statements_total Database statements',
    `smartpay_db_statements_total{route="/api/payments/quotes",worker="${worker}"} ${quoteStatements}`,
    `smartpay_db_statements_total{route="/api/payments",worker="${worker}"} ${confirms * 9}`,
    `http_request_duration_seconds_count{method="POST",route="/api/payments/quotes",status_code="201",worker="${worker}"} ${quotes - 1}`,
    `http_request_duration_seconds_count{method="POST",route="/api/payments/quotes",status_code="422",worker="${worker}"} 1`,
    `http_request_duration_seconds_count{method="POST",route="/api/payments",status_code="201",worker="${worker}"} ${confirms}`,
    `http_request_duration_seconds_count{method="GET",route="/api/payments",status_code="200",worker="${worker}"} 50`,
  ].join('\n');

function snapshotOf(...texts: string[]): Snapshot {
  const snapshot: Snapshot = new Map();
  for (const text of texts) {
    const { worker, counts } = parseMetrics(text);
    snapshot.set(worker, counts);
  }
  return snapshot;
}

describe('bench statement counts', () => {
  it('divide each worker’s statement delta by its POST requests on the route, summed', () => {
    const before = snapshotOf(scrape('1', 100, 20, 20), scrape('2', 50, 10, 10));
    const after = snapshotOf(scrape('1', 400, 80, 50), scrape('2', 250, 50, 40));
    const counts = statementCounts(before, after);
    // (300 + 200) statements over (60 + 40) quotes; confirms: 9 each.
    expect(counts.perQuote).toBe(5);
    expect(counts.perConfirm).toBe(9);
    expect(counts.source).toContain('2 of 2 workers');
  });

  it('say n/a when the server has no statement counter', () => {
    const plain =
      'http_request_duration_seconds_count{method="POST",route="/api/payments",status_code="201"} 5';
    const counts = statementCounts(snapshotOf(plain), snapshotOf(plain));
    expect(counts).toMatchObject({ perQuote: undefined, perConfirm: undefined, source: 'n/a' });
  });
});
