import { describe, expect, it } from 'vitest';
import official from '../asleep/examples/v3-session-complete.json';
import flatExample from '../asleep/examples/flat-session-complete.json';
import { computeStat, type OfficialStat } from './compute';
import { compareStat, compareStatDetailed } from './compare';
import { formatHms } from './format';

const officialStat = official.data.stat as Record<string, unknown>;
const computed: OfficialStat = computeStat({
  sleep: official.data.session.sleep_stages,
  snoring: official.data.session.snoring_stages,
  startTime: official.data.session.start_time,
  endTime: official.data.session.end_time,
});
const withServer = (patch: Record<string, unknown>): Record<string, unknown> => ({ ...officialStat, ...patch });

describe('compareStat: official units', () => {
  it('a null server stat has nothing to compare', () => {
    expect(compareStatDetailed(null, computed, 'official')).toEqual({ discrepancies: [], compared: [], skipped: [] });
  });

  it('seconds and counts are exact', () => {
    expect(compareStat(withServer({ sleep_latency: 901 }), computed, 'official')).toEqual([{ field: 'sleep_latency', server: 901, computed: 900 }]);
    expect(compareStat(withServer({ waso_count: 2 }), computed, 'official')).toEqual([{ field: 'waso_count', server: 2, computed: 1 }]);
    expect(compareStat(withServer({ time_in_bed: 3600.0 }), computed, 'official')).toEqual([]);
  });

  it('ratios agree within ±0.01 (binary noise included), not beyond', () => {
    expect(compareStat(withServer({ sleep_ratio: 0.85, wake_ratio: 0.15, sleep_efficiency: 0.31 }), computed, 'official')).toEqual([]);
    expect(compareStat(withServer({ light_ratio: 0.87, deep_ratio: 0.01 }), computed, 'official')).toEqual([]);
    expect(compareStat(withServer({ sleep_ratio: 0.84, sleep_efficiency: 0.28 }), computed, 'official')).toEqual([
      { field: 'sleep_efficiency', server: 0.28, computed: 0.3 },
      { field: 'sleep_ratio', server: 0.84, computed: 0.86 },
    ]);
  });

  it('times are the same instant whatever the offset', () => {
    const server = withServer({ sleep_time: '2025-01-15T12:05:29+09:00', wake_time: '2025-01-15T03:26:29Z' });
    expect(compareStat(server, computed, 'official')).toEqual([]);
    expect(compareStat(withServer({ wake_time: '2025-01-15T03:26:30+00:00' }), computed, 'official')).toEqual([
      { field: 'wake_time', server: '2025-01-15T03:26:30+00:00', computed: '2025-01-15T03:26:29+00:00' },
    ]);
    expect(compareStat(withServer({ sleep_time: '03:05:29' }), computed, 'official')).toEqual([
      { field: 'sleep_time', server: '03:05:29', computed: '2025-01-15T03:05:29+00:00', note: 'not an ISO 8601 date-time' },
    ]);
  });

  it('sleep_cycle_time is compared element-wise as instants; null and [] both mean none', () => {
    const cyc = computeStat({
      sleep: [1, 1, ...Array.from({ length: 20 }, () => 3), 1],
      startTime: '2025-01-15T00:00:00+00:00',
      endTime: '2025-01-15T00:11:30+00:00',
    });
    expect(cyc.sleep_cycle_time).toEqual(['2025-01-15T00:00:00+00:00', '2025-01-15T00:10:30+00:00']);
    expect(compareStat({ sleep_cycle_time: ['2025-01-15T09:00:00+09:00', '2025-01-15T00:10:30Z'] }, cyc, 'official')).toEqual([]);
    expect(compareStat({ sleep_cycle_time: ['2025-01-15T00:00:00Z', '2025-01-15T00:11:00Z'] }, cyc, 'official')).toEqual([
      {
        field: 'sleep_cycle_time',
        server: ['2025-01-15T00:00:00Z', '2025-01-15T00:11:00Z'],
        computed: cyc.sleep_cycle_time,
        note: 'element 1 is a different instant',
      },
    ]);
    expect(compareStat({ sleep_cycle_time: ['2025-01-15T00:00:00Z'] }, cyc, 'official')[0]?.note).toBe('1 times on the server, 2 computed');
    expect(compareStat({ sleep_cycle_time: null }, computed, 'official')).toEqual([]);
  });

  it('sleep_cycle (an average) agrees within half a second', () => {
    const cyc = computeStat({ sleep: [1, 1, ...Array.from({ length: 20 }, () => 3), 1], startTime: null, endTime: null });
    expect(cyc.sleep_cycle).toBe(630);
    expect(compareStat({ sleep_cycle: 630.5 }, cyc, 'official')).toEqual([]);
    expect(compareStat({ sleep_cycle: 631 }, cyc, 'official')).toHaveLength(1);
  });

  it('null against a value is a discrepancy; null against null is not', () => {
    expect(compareStat(withServer({ deep_latency: 0 }), computed, 'official')).toEqual([{ field: 'deep_latency', server: 0, computed: null }]);
    expect(compareStat(withServer({ sleep_cycle: 5400 }), computed, 'official')).toEqual([{ field: 'sleep_cycle', server: 5400, computed: null }]);
    expect(compareStat(withServer({ rem_latency: null }), computed, 'official')).toEqual([]);
  });

  it('a value that is not a number is a discrepancy with a note', () => {
    expect(compareStat({ time_in_bed: '3600' }, computed, 'official')).toEqual([
      { field: 'time_in_bed', server: '3600', computed: 3600, note: 'not a number' },
    ]);
  });

  it('skips proprietary, unknown and undefined fields and compares only what the server sent', () => {
    const result = compareStatDetailed(
      { sleep_index: 99, breathing_pattern: 'x', unstable_breath_count: 7, snoring_count: 5, mystery: 1, waso_count: undefined, time_in_bed: 3600 },
      computed,
      'official',
    );
    expect(result.discrepancies).toEqual([]);
    expect(result.compared).toEqual(['time_in_bed']);
    expect(result.skipped).toEqual(['sleep_index', 'breathing_pattern', 'unstable_breath_count', 'snoring_count', 'mystery', 'waso_count']);
  });

  it('a deliberately wrong server stat gives exactly the wrong fields', () => {
    const wrong = withServer({
      time_in_wake: 1620, // counts the final wake as WASO (sleep-stats-ts's reading)
      time_in_sleep_period: 2700,
      waso_count: 2,
      longest_waso: 1440,
      wake_ratio: 0.6,
      sleep_ratio: 0.4,
      light_ratio: 0.4,
      wake_time: '2025-01-15T03:50:29+00:00',
      sleep_cycle_count: 1,
      sleep_index: 0, // proprietary: never a discrepancy
    });
    expect(compareStat(wrong, computed, 'official')).toEqual([
      { field: 'wake_time', server: '2025-01-15T03:50:29+00:00', computed: '2025-01-15T03:26:29+00:00' },
      { field: 'time_in_sleep_period', server: 2700, computed: 1260 },
      { field: 'time_in_wake', server: 1620, computed: 180 },
      { field: 'sleep_ratio', server: 0.4, computed: 0.86 },
      { field: 'wake_ratio', server: 0.6, computed: 0.14 },
      { field: 'light_ratio', server: 0.4, computed: 0.86 },
      { field: 'waso_count', server: 2, computed: 1 },
      { field: 'longest_waso', server: 1440, computed: 180 },
      { field: 'sleep_cycle_count', server: 1, computed: 0 },
    ]);
  });
});

describe('compareStat: flat units', () => {
  const f = flatExample.session;
  const flatComputed = computeStat({ sleep: f.sleep_stages, snoring: f.snoring_stages, startTime: f.start_time, endTime: f.end_time });

  it('converts before comparing: the seed example differs in its own arrays, never by units', () => {
    const result = compareStatDetailed(flatExample.stat as Record<string, unknown>, flatComputed, 'flat');
    // time_in_bed (30600) matches the session times; the 9 epochs cover only 4.5 minutes of them.
    expect(result.compared).toContain('time_in_bed');
    expect(result.discrepancies.map((d) => d.field)).not.toContain('time_in_bed');
    const byField = Object.fromEntries(result.discrepancies.map((d) => [d.field, d]));
    // percent → 0-1: 88.24 % is shown as 0.8824, against 180 / 30600 = 0.01
    expect(byField['sleep_efficiency']).toMatchObject({ server: 0.8824, computed: 0.01 });
    // "06:30:00" is a duration (23400 s) compared with time_in_sleep, never with the sleep-onset instant
    expect(byField['sleep_time']).toMatchObject({ server: 23400, computed: 180 });
    expect(byField['sleep_time']?.note).toContain('duration');
    expect(byField['sleep_cycle_count']).toMatchObject({ server: 1, computed: 0 });
    expect(byField['sleep_cycle']).toMatchObject({ server: 11700, computed: null });
    expect(result.skipped).toEqual(['sleep_index']);
  });

  it('a flat stat consistent with the arrays gives zero discrepancies', () => {
    const sleep = [0, 0, 1, 1, 2, 2, ...Array.from({ length: 20 }, () => 3), 1, 0, 1, 1, 0];
    const start = '2024-01-20T22:00:00+00:00';
    const c = computeStat({ sleep, startTime: start, endTime: '2024-01-20T22:15:45+00:00' });
    expect(c.sleep_cycle_count).toBe(1);
    const flat = {
      sleep_time: formatHms(c.time_in_sleep),
      sleep_index: 85.5,
      sleep_latency: c.sleep_latency,
      time_in_bed: c.time_in_bed,
      time_in_sleep: c.time_in_sleep,
      time_in_light: c.time_in_light,
      time_in_deep: c.time_in_deep,
      time_in_rem: c.time_in_rem,
      sleep_efficiency: 85.71, // percent: 810 / 945; c.sleep_efficiency is 0.86
      waso_count: c.waso_count,
      longest_waso: c.longest_waso,
      sleep_cycle: [{ order: 1, start_time: c.sleep_cycle_time?.[0], end_time: c.sleep_cycle_time?.[1] }],
    };
    expect(c.sleep_efficiency).toBe(0.86);
    const result = compareStatDetailed(flat, c, 'flat');
    expect(result.discrepancies).toEqual([]);
    expect(result.compared.sort()).toEqual(
      [
        'sleep_time',
        'sleep_latency',
        'time_in_bed',
        'time_in_sleep',
        'time_in_light',
        'time_in_deep',
        'time_in_rem',
        'sleep_efficiency',
        'waso_count',
        'longest_waso',
        'sleep_cycle_count',
        'sleep_cycle',
        'sleep_cycle_time',
      ].sort(),
    );
  });

  it('never compares raw percent with a 0-1 ratio', () => {
    // 0.3 (if it were read as 0-1) would match; as percent it is 0.003
    expect(compareStat({ sleep_efficiency: 0.3 }, computed, 'flat')).toEqual([
      { field: 'sleep_efficiency', server: 0.003, computed: 0.3, note: 'flat sleep_efficiency 0.3 is in percent, converted to 0-1' },
    ]);
    expect(compareStat({ sleep_efficiency: 30 }, computed, 'flat')).toEqual([]);
  });

  it('an official-style sleep_time in a flat stat is not a duration: discrepancy, not a crash', () => {
    const [d] = compareStat({ sleep_time: '2025-01-15T03:05:29+00:00' }, computed, 'flat');
    expect(d).toMatchObject({ field: 'sleep_time', server: '2025-01-15T03:05:29+00:00', computed: 1080 });
    expect(d?.note).toContain('not a duration');
  });

  it('unconvertible cycles are reported under the flat field', () => {
    expect(compareStat({ sleep_cycle: [{ order: 1, start_time: 'x', end_time: 'y' }] }, computed, 'flat')).toEqual([
      { field: 'sleep_cycle_count', server: 1, computed: 0, note: 'from the flat sleep_cycle list (its length)' },
      {
        field: 'sleep_cycle',
        server: { order: 1, start_time: 'x', end_time: 'y' },
        computed: null,
        note: 'flat sleep_cycle.0 not converted: expected {order, start_time, end_time} with ISO 8601 times',
      },
    ]);
  });
});
