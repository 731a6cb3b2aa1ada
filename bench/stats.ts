/** Latency percentiles (nearest rank on the sorted sample: no interpolation that could flatter). */
import type { LatencySummary, SecondStats } from './protocol.ts';

export function percentile(sorted: ArrayLike<number>, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = Float64Array.from(samples).sort();
  return {
    count: sorted.length,
    p50Ms: percentile(sorted, 0.5),
    p95Ms: percentile(sorted, 0.95),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted.length === 0 ? Number.NaN : sorted[sorted.length - 1]!,
  };
}

/** Completions and errors of the measured window, bucketed by the second they happened in. */
export class Recorder {
  private readonly latencies: number[] = [];
  private readonly buckets = new Map<number, { latencies: number[]; errors: number }>();
  readonly errors: Record<string, number> = {};

  constructor(private readonly startMs: number) {}

  private bucket(atMs: number) {
    const second = Math.floor((atMs - this.startMs) / 1000);
    let bucket = this.buckets.get(second);
    if (!bucket) this.buckets.set(second, (bucket = { latencies: [], errors: 0 }));
    return bucket;
  }

  paid(atMs: number, latencyMs: number): void {
    this.latencies.push(latencyMs);
    this.bucket(atMs).latencies.push(latencyMs);
  }

  failed(atMs: number, code: string): void {
    this.errors[code] = (this.errors[code] ?? 0) + 1;
    this.bucket(atMs).errors++;
  }

  get payments(): number {
    return this.latencies.length;
  }

  get errorCount(): number {
    return Object.values(this.errors).reduce((sum, n) => sum + n, 0);
  }

  summary(): LatencySummary {
    return summarize(this.latencies);
  }

  second(index: number): SecondStats | undefined {
    const bucket = this.buckets.get(index);
    if (!bucket) return undefined;
    const sorted = Float64Array.from(bucket.latencies).sort();
    return {
      second: index,
      payments: sorted.length,
      errors: bucket.errors,
      p50Ms: percentile(sorted, 0.5),
      p99Ms: percentile(sorted, 0.99),
    };
  }

  seconds(count: number): SecondStats[] {
    return Array.from(
      { length: count },
      (_, i) => this.second(i) ?? { second: i, payments: 0, errors: 0, p50Ms: NaN, p99Ms: NaN },
    );
  }
}
