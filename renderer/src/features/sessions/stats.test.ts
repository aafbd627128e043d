import { describe, expect, it } from 'vitest';
import { parseHms, statRows } from './stats';

describe('statRows', () => {
  it('reads official units: seconds and 0-1 ratios', () => {
    const rows = statRows(
      { time_in_bed: 3600, sleep_efficiency: 0.3, sleep_time: '2025-01-15T03:05:29+00:00', waso_count: 1, deep_latency: null },
      'official',
      'UTC',
    );
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r.value]));
    expect(byKey).toEqual({ time_in_bed: '1 h 00 min', sleep_efficiency: '30.0 %', sleep_time: '03:05', waso_count: '1' });
  });

  it('reads flat units: HH:MM:SS durations and percentages', () => {
    const rows = statRows({ sleep_time: '06:30:00', sleep_efficiency: 88.24, time_in_bed: 30600 }, 'flat', null);
    expect(rows.find((r) => r.key === 'sleep_time')).toEqual({ key: 'sleep_time', label: 'Sleep time', value: '6 h 30 min' });
    expect(rows.find((r) => r.key === 'sleep_efficiency')?.value).toBe('88.2 %');
    expect(rows.find((r) => r.key === 'time_in_bed')?.value).toBe('8 h 30 min');
  });

  it('has nothing to show without a stat', () => {
    expect(statRows(null, null, null)).toEqual([]);
    expect(parseHms('7:05:09')).toBe(7 * 3600 + 5 * 60 + 9);
    expect(parseHms('nope')).toBeNull();
  });
});
