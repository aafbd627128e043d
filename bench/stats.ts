// Small statistics helpers for the benchmarks: nearest-rank percentiles over latency samples.

export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/**
 * The p-th percentile (0..100) of values already sorted ascending, by the nearest-rank method:
 * the smallest value such that at least p% of the values are ≤ it. Always one of the samples
 * (no interpolation), so "p99 = 12 ms" means a real request took 12 ms. NaN when there are none.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * n);
  return sorted[Math.min(n, Math.max(1, rank)) - 1]!;
}

/** Sort a copy (numerically) and summarize it. */
export function summarizeLatencies(values: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i]!;
  return {
    count: n,
    mean: n === 0 ? Number.NaN : sum / n,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: n === 0 ? Number.NaN : sorted[n - 1]!,
  };
}

/** The median of a few values (e.g. repeated start-up timings). */
export function median(values: readonly number[]): number {
  return percentile(Float64Array.from(values).sort(), 50);
}
