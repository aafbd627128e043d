import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerTimeStats, nearestRank, percentileInPlace } from './percentiles';

describe('nearest-rank percentiles', () => {
  // Worked example of the nearest-rank method (Wikipedia, "Percentile"): 15, 20, 35, 40, 50.
  it('matches the textbook example', () => {
    const v = [15, 20, 35, 40, 50];
    expect(nearestRank(v, 5)).toBe(15);
    expect(nearestRank(v, 30)).toBe(20);
    expect(nearestRank(v, 40)).toBe(20);
    expect(nearestRank(v, 50)).toBe(35);
    expect(nearestRank(v, 100)).toBe(50);
  });

  it('ranks exactly where p × n is a whole number (no floating-point step past it)', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(nearestRank(hundred, 7)).toBe(7);
    expect(nearestRank(hundred, 29)).toBe(29);
    expect(nearestRank(hundred, 99)).toBe(99);
    const ten = Array.from({ length: 10 }, (_, i) => i + 1);
    expect(nearestRank(ten, 90)).toBe(9);
  });

  it('is empty-safe and returns measured values only', () => {
    expect(nearestRank([], 50)).toBeNull();
    expect(answerTimeStats([])).toEqual({ count: 0, p50: null, p90: null, p99: null, max: null });
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e5, noNaN: true }), { minLength: 1, maxLength: 200 }), (values) => {
        const s = answerTimeStats(values);
        expect(values).toContain(s.p50);
        expect(values).toContain(s.p99);
        expect(s.p50!).toBeLessThanOrEqual(s.p90!);
        expect(s.p90!).toBeLessThanOrEqual(s.p99!);
        expect(s.p99!).toBeLessThanOrEqual(s.max!);
        expect(s.max).toBe(Math.max(...values));
        // At least p % of the values are at or below the p-th percentile, and fewer are strictly below it.
        const atOrBelow = values.filter((v) => v <= s.p90!).length;
        const below = values.filter((v) => v < s.p90!).length;
        expect(atOrBelow / values.length).toBeGreaterThanOrEqual(0.9);
        expect(below / values.length).toBeLessThan(0.9);
      }),
      { seed: 3 },
    );
  });

  it('sorts numerically, not as text', () => {
    expect(answerTimeStats([10, 9, 100, 2]).max).toBe(100);
    expect(answerTimeStats([10, 9, 100, 2]).p50).toBe(9);
  });

  it('quickselect gives exactly the sorted nearest-rank value (duplicates, sorted and reversed input)', () => {
    const arrays = fc.oneof(
      fc.array(fc.double({ min: 0, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 400 }),
      fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 400 }),
      fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 400 }).map((a) => a.sort((x, y) => x - y)),
      fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 400 }).map((a) => a.sort((x, y) => y - x)),
    );
    fc.assert(
      fc.property(arrays, fc.integer({ min: 1, max: 100 }), (values, p) => {
        const sorted = Float64Array.from(values).sort();
        expect(percentileInPlace(Float64Array.from(values), p)).toBe(nearestRank(sorted, p));
        const s = answerTimeStats(values);
        expect([s.p50, s.p90, s.p99, s.max]).toEqual([nearestRank(sorted, 50), nearestRank(sorted, 90), nearestRank(sorted, 99), sorted[sorted.length - 1]]);
      }),
      { seed: 11, numRuns: 500 },
    );
    const input = [5, 1, 4];
    answerTimeStats(input);
    expect(input).toEqual([5, 1, 4]);
  });
});
