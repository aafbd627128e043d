// Percentiles by the nearest-rank method: the P-th percentile of N ascending values is the value at
// rank ceil(P / 100 × N) (1-based). It is always one of the measured values, never an interpolation,
// so "p99 = 12.4 ms" means a request really took 12.4 ms. (Definition: Wikipedia, "Percentile",
// section "The nearest-rank method".)
// The values are not sorted: the k-th smallest is found by quickselect (Hoare's FIND, expected linear
// time), several times faster than a sort for 100,000 answer times.
import type { AnswerTimeStats } from './types';

/** 1-based rank of the p-th percentile of n values (p in (0, 100]). */
function rankOf(p: number, n: number): number {
  // p × n first: (p / 100) × n can land just above a whole number (0.07 × 100 = 7.000000000000001).
  return Math.min(n, Math.max(1, Math.ceil((p * n) / 100)));
}

/** `sorted` must be ascending. Null for an empty list. */
export function nearestRank(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  return n === 0 ? null : sorted[rankOf(p, n) - 1]!;
}

/**
 * Rearranges `a[lo..hi]` so that `a[k]` holds the value it would have if sorted, everything before it
 * is ≤ and everything after it is ≥. Median-of-three pivots keep sorted input linear.
 */
function select(a: Float64Array, k: number, lo: number, hi: number): number {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // Median of three into a[mid], then use it as the pivot.
    if (a[mid]! < a[lo]!) swap(a, mid, lo);
    if (a[hi]! < a[lo]!) swap(a, hi, lo);
    if (a[hi]! < a[mid]!) swap(a, hi, mid);
    const pivot = a[mid]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) swap(a, i++, j--);
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k]!;
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

/** The p-th percentile of `values` (any order; the array is reordered). Null when empty. */
export function percentileInPlace(values: Float64Array, p: number): number | null {
  const n = values.length;
  return n === 0 ? null : select(values, rankOf(p, n) - 1, 0, n - 1);
}

/** p50, p90, p99 and max of answer times in any order (the input is not changed). */
export function answerTimeStats(values: ArrayLike<number>): AnswerTimeStats {
  const a = Float64Array.from(values);
  const n = a.length;
  if (n === 0) return { count: 0, p50: null, p90: null, p99: null, max: null };
  // Highest rank first: each select leaves the smaller values in front, so the next one searches only those.
  const k99 = rankOf(99, n) - 1;
  const k90 = rankOf(90, n) - 1;
  const k50 = rankOf(50, n) - 1;
  const p99 = select(a, k99, 0, n - 1);
  const p90 = select(a, k90, 0, k99);
  const p50 = select(a, k50, 0, k90);
  let max = p99;
  for (let i = k99; i < n; i++) if (a[i]! > max) max = a[i]!;
  return { count: n, p50, p90, p99, max };
}
