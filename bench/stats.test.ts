import { describe, expect, it } from 'vitest';
import { median, percentile, summarizeLatencies } from './stats';

describe('percentile (nearest rank)', () => {
  const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('returns the sample at rank ceil(p/100 · n)', () => {
    expect(percentile(oneToHundred, 50)).toBe(50);
    expect(percentile(oneToHundred, 90)).toBe(90);
    expect(percentile(oneToHundred, 99)).toBe(99);
    expect(percentile(oneToHundred, 99.5)).toBe(100);
    expect(percentile(oneToHundred, 100)).toBe(100);
  });

  it('gives the minimum for p = 0 and never reads past either end', () => {
    expect(percentile(oneToHundred, 0)).toBe(1);
    expect(percentile([7], 0)).toBe(7);
    expect(percentile([7], 50)).toBe(7);
    expect(percentile([7], 100)).toBe(7);
  });

  it('always answers one of the samples, without interpolating', () => {
    const sorted = [1, 2, 10, 1000];
    expect(percentile(sorted, 50)).toBe(2);
    expect(percentile(sorted, 51)).toBe(10);
    expect(percentile(sorted, 75)).toBe(10);
    expect(percentile(sorted, 76)).toBe(1000);
  });

  it('lets one slow request in a hundred set p100 but not p99', () => {
    const sorted = [...Array.from({ length: 99 }, () => 1), 500];
    expect(percentile(sorted, 99)).toBe(1);
    expect(percentile(sorted, 100)).toBe(500);
  });

  it('is NaN for no samples and rejects p outside 0..100', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], -1)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });

  it('works on typed arrays', () => {
    expect(percentile(Float64Array.from([0.5, 1.5, 2.5]), 50)).toBe(1.5);
  });
});

describe('summarizeLatencies', () => {
  it('sorts numerically (not as strings) and does not change its input', () => {
    const values = [10, 9, 100, 1, 2];
    const s = summarizeLatencies(values);
    expect(values).toEqual([10, 9, 100, 1, 2]);
    expect(s).toEqual({ count: 5, mean: 24.4, p50: 9, p90: 100, p99: 100, max: 100 });
  });

  it('summarizes a large uniform sample as expected', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => 10_000 - i); // 10000 … 1
    const s = summarizeLatencies(values);
    expect(s.count).toBe(10_000);
    expect(s.p50).toBe(5_000);
    expect(s.p90).toBe(9_000);
    expect(s.p99).toBe(9_900);
    expect(s.max).toBe(10_000);
    expect(s.mean).toBeCloseTo(5_000.5, 6);
  });

  it('reports NaN figures for an empty sample', () => {
    const s = summarizeLatencies([]);
    expect(s.count).toBe(0);
    expect(s.p99).toBeNaN();
    expect(s.max).toBeNaN();
    expect(s.mean).toBeNaN();
  });
});

describe('median', () => {
  it('is the lower middle for an even count (nearest rank)', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2);
  });
});
