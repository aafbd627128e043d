import { describe, expect, it } from 'vitest';
import flatExample from '../asleep/examples/flat-session-complete.json';
import { convertFlatStat, parseHmsDuration } from './flat-units';

describe('parseHmsDuration', () => {
  it.each([
    ['06:30:00', 23400],
    ['07:30:00', 27000],
    ['0:00:59', 59],
    ['100:00:00', 360000],
    ['6:30', null],
    ['06:60:00', null],
    ['2024-01-21T06:30:00Z', null],
    [23400, null],
    [null, null],
  ])('%s → %s', (value, expected) => {
    expect(parseHmsDuration(value)).toBe(expected);
  });
});

describe('convertFlatStat', () => {
  it('converts the seed example field by field', () => {
    const c = convertFlatStat(flatExample.stat as Record<string, unknown>);
    expect(c.stat).toEqual({
      sleep_latency: 900,
      time_in_bed: 30600,
      time_in_sleep: 27000,
      time_in_light: 13500,
      time_in_deep: 6750,
      time_in_rem: 6750,
      sleep_efficiency: 0.8824,
      waso_count: 2,
      longest_waso: 300,
      sleep_cycle_count: 1,
      // 22:15 → 01:30 = 3 h 15 min
      sleep_cycle: 11700,
      sleep_cycle_time: ['2024-01-20T22:15:00+00:00', '2024-01-21T01:30:00+00:00'],
    });
    // The duration is kept apart: it is not the official sleep_time (an instant), and the seed's own
    // time_in_sleep (27000 s = 07:30:00) disagrees with it.
    expect(c.sleepDuration).toBe(23400);
    expect(c.stat['sleep_time']).toBeUndefined();
    expect(c.notes['sleep_time']).toContain('duration');
    expect(c.notes['sleep_efficiency']).toContain('percent');
    expect(c.problems).toEqual([]);
    expect(c.warnings).toEqual([]);
    expect(c.skipped).toEqual(['sleep_index']);
  });

  it('sorts cycles by order, averages their lengths, lists onset then each end', () => {
    const c = convertFlatStat({
      sleep_cycle: [
        { order: 2, start_time: '2024-01-21T00:00:00+00:00', end_time: '2024-01-21T01:30:01+00:00' },
        { order: 1, start_time: '2024-01-20T22:30:00+00:00', end_time: '2024-01-21T00:00:00+00:00' },
      ],
    });
    expect(c.stat).toEqual({
      sleep_cycle_count: 2,
      // (5400 + 5401) / 2 = 5400.5 → 5401 (half up)
      sleep_cycle: 5401,
      sleep_cycle_time: ['2024-01-20T22:30:00+00:00', '2024-01-21T00:00:00+00:00', '2024-01-21T01:30:01+00:00'],
    });
    expect(c.warnings).toEqual([]);
  });

  it('keeps cycles that do not follow each other, with a warning in the notes', () => {
    const c = convertFlatStat({
      sleep_cycle: [
        { order: 1, start_time: '2024-01-20T22:00:00Z', end_time: '2024-01-20T23:00:00Z' },
        { order: 2, start_time: '2024-01-20T23:30:00Z', end_time: '2024-01-21T00:30:00Z' },
      ],
    });
    expect(c.stat['sleep_cycle_count']).toBe(2);
    expect(c.stat['sleep_cycle']).toBe(3600);
    expect(c.warnings).toHaveLength(1);
    expect(c.warnings[0]?.field).toBe('sleep_cycle.1');
    expect(c.notes['sleep_cycle_time']).toContain('does not start where the previous one ends');
  });

  it('an empty list is no cycle; null is unknown', () => {
    expect(convertFlatStat({ sleep_cycle: [] }).stat).toEqual({ sleep_cycle_count: 0, sleep_cycle: null, sleep_cycle_time: [] });
    expect(convertFlatStat({ sleep_cycle: null }).stat).toEqual({ sleep_cycle_count: null, sleep_cycle: null, sleep_cycle_time: null });
  });

  it('malformed values are problems, not guesses', () => {
    const c = convertFlatStat({ sleep_time: '6.5h', sleep_efficiency: '88%', sleep_cycle: 'one', wakeup_latency: 60 });
    expect(c.stat).toEqual({});
    expect(c.sleepDuration).toBeNull();
    expect(c.problems.map((p) => p.field)).toEqual(['sleep_time', 'sleep_efficiency', 'sleep_cycle']);
    // not documented for the flat layout: unit unknown, so not carried over
    expect(c.skipped).toEqual(['wakeup_latency']);
  });

  it('percent is always divided by 100, even when small', () => {
    expect(convertFlatStat({ sleep_efficiency: 0.9 }).stat['sleep_efficiency']).toBeCloseTo(0.009, 12);
    expect(convertFlatStat({ sleep_efficiency: null }).stat['sleep_efficiency']).toBeNull();
  });

  it('absent sleep_time leaves sleepDuration undefined; null keeps null', () => {
    expect(convertFlatStat({}).sleepDuration).toBeUndefined();
    expect(convertFlatStat({ sleep_time: null }).sleepDuration).toBeNull();
  });
});
