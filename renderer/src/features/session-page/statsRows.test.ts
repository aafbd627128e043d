import { describe, expect, it } from 'vitest';
import v3Complete from '../../../../shared/asleep/examples/v3-session-complete.json';
import flatComplete from '../../../../shared/asleep/examples/flat-session-complete.json';
import { computeStat } from '../../../../shared/stats';
import {
  buildStatsTable,
  FLAT_SLEEP_TIME_FIELD,
  formatDiff,
  formatSecondsDiff,
  formatValue,
  SERVER_ONLY_TEXT,
  type StatRow,
} from './statsRows';

// Clock time in UTC, "HH:MM" (the component passes the session's zone).
const clock = (ms: number) => new Date(ms).toISOString().slice(11, 16);
const byField = (rows: StatRow[]) => Object.fromEntries(rows.map((r) => [r.field, r]));

const v3 = v3Complete.data;
const v3Computed = computeStat({
  sleep: v3.session.sleep_stages,
  snoring: v3.session.snoring_stages,
  startTime: v3.session.start_time,
  endTime: v3.session.end_time,
});

describe('formatValue', () => {
  it.each([
    [1260, 'seconds', '0:21'],
    [30600, 'seconds', '8:30'],
    [null, 'seconds', '–'],
    ['900', 'seconds', '"900"'],
    [0.855, 'ratio', '86 %'],
    [0.3, 'ratio', '30 %'],
    [3, 'count', '3'],
    [1.5, 'count', '1.5'],
    [5415.5, 'average', '1:30'],
    ['2025-01-15T03:05:29+00:00', 'instant', '03:05'],
    ['2025-01-15T12:05:29+09:00', 'instant', '03:05'],
    ['yesterday', 'instant', '"yesterday"'],
    [[], 'instants', 'none'],
    [['2025-01-15T03:05:29Z', '2025-01-15T04:35:29Z'], 'instants', '03:05, 04:35'],
    [85.5, 'number', '85.5'],
    ['irregular', 'raw', 'irregular'],
  ] as const)('%j as %s → %s', (value, display, text) => {
    expect(formatValue(value, display, clock)).toBe(text);
  });
});

describe('formatDiff (server − recomputed)', () => {
  it.each([
    ['seconds', 3600, 3600, '='],
    ['seconds', 3630, 3600, '+30 s'],
    ['seconds', 3420, 3600, '−0:03'],
    ['count', 2, 1, '+1'],
    ['ratio', 0.86, 0.85, '+1 pp'],
    ['ratio', 0.8824, 0.88, '+0.2 pp'],
    ['ratio', null, 0.5, 'server: none'],
    ['ratio', 0.5, null, 'recomputed: none'],
    ['instant', '2025-01-15T03:05:29+00:00', '2025-01-15T12:05:29+09:00', '='],
    ['instant', '2025-01-15T03:06:29+00:00', '2025-01-15T03:05:29+00:00', '+0:01'],
    ['instants', [], null, '='],
    ['instants', ['2025-01-15T03:05:29Z'], [], '1 vs 0 times'],
    ['seconds', '900', 900, 'not comparable'],
  ] as const)('%s %j vs %j → %s', (kind, server, computed, text) => {
    expect(formatDiff(kind, server, computed)).toBe(text);
  });

  it('writes sub-minute differences in seconds, longer ones as h:mm', () => {
    expect(formatSecondsDiff(-45)).toBe('−45 s');
    expect(formatSecondsDiff(5400)).toBe('+1:30');
  });
});

describe('buildStatsTable', () => {
  it('the official example: every recomputable field agrees, proprietary ones are server only', () => {
    const t = buildStatsTable({ serverStat: v3.stat, statUnits: 'official', computedStat: v3Computed, clock });
    const rows = byField(t.rows);
    expect(t.differing).toBe(0);
    expect(t.compared).toBeGreaterThan(20);
    expect(rows['time_in_bed']).toMatchObject({ server: '1:00', computed: '1:00', diff: '=', status: 'equal', unit: 'h:mm', group: 'durations' });
    expect(rows['sleep_efficiency']).toMatchObject({ server: '30 %', computed: '30 %', unit: '%', status: 'equal' });
    expect(rows['sleep_time']).toMatchObject({ server: '03:05', computed: '03:05', unit: 'clock', group: 'timing' });
    expect(rows['waso_count']).toMatchObject({ server: '1', computed: '1', unit: 'count' });
    expect(rows['sleep_cycle_time']).toMatchObject({ server: 'none', computed: 'none', diff: '=' });
    expect(rows['deep_latency']).toMatchObject({ server: '–', computed: '–', diff: '=' });
    expect(rows['sleep_index']).toMatchObject({ server: '50', computed: SERVER_ONLY_TEXT, diff: '', status: 'server-only', group: 'indices' });
    expect(rows['breathing_index']).toMatchObject({ server: '–', status: 'server-only' });
    expect(rows['snoring_count']).toMatchObject({ server: '0', status: 'server-only', group: 'snoring' });
    expect(rows['sleep_ratio']?.tolerance).toMatch(/0\.01/);
    expect(t.groups.map((g) => g.group)).toEqual(['timing', 'durations', 'ratios', 'events', 'cycles', 'snoring', 'breathing', 'indices']);
  });

  it('marks a discrepancy, and a ratio within 0.01 as within tolerance', () => {
    const server = { ...v3.stat, time_in_bed: 3660, wake_ratio: 0.15, sleep_ratio: 0.88 };
    const t = buildStatsTable({ serverStat: server, statUnits: 'official', computedStat: v3Computed, clock });
    const rows = byField(t.rows);
    expect(rows['time_in_bed']).toMatchObject({ server: '1:01', computed: '1:00', diff: '+0:01', status: 'differs' });
    expect(rows['wake_ratio']).toMatchObject({ diff: '+1 pp', status: 'within' });
    expect(rows['sleep_ratio']).toMatchObject({ diff: '+2 pp', status: 'differs' });
    expect(t.differing).toBe(2);
  });

  it('flat layout: converted units with a note, sleep_time as a duration row of its own', () => {
    const stat = flatComplete.stat;
    const computed = computeStat({
      sleep: flatComplete.session.sleep_stages,
      snoring: flatComplete.session.snoring_stages,
      startTime: flatComplete.session.start_time,
      endTime: flatComplete.session.end_time,
    });
    const t = buildStatsTable({ serverStat: stat, statUnits: 'flat', computedStat: computed, clock });
    const rows = byField(t.rows);
    expect(rows['sleep_efficiency']).toMatchObject({ server: '88 %', unit: '%' });
    expect(rows['sleep_efficiency']?.note).toMatch(/percent/);
    const flatSleep = rows[FLAT_SLEEP_TIME_FIELD];
    expect(flatSleep).toMatchObject({ server: '6:30', unit: 'h:mm', group: 'durations' });
    expect(flatSleep?.note).toMatch(/"06:30:00"/);
    // The official sleep_time (an instant) was not sent by the flat layout: never mixed with the duration.
    expect(rows['sleep_time']).toMatchObject({ server: 'not sent', status: 'not-sent', note: null });
    expect(rows['sleep_cycle_count']).toMatchObject({ server: '1' });
    expect(rows['sleep_cycle_time']?.server).toBe('22:15, 01:30');
    expect(rows['sleep_index']).toMatchObject({ server: '85.5', status: 'server-only' });
    const order = t.rows.map((r) => r.field);
    expect(order.indexOf(FLAT_SLEEP_TIME_FIELD)).toBe(order.indexOf('time_in_sleep') + 1);
  });

  it('no server stat (live night, or stat null): recomputed values only', () => {
    const t = buildStatsTable({ serverStat: null, statUnits: null, computedStat: v3Computed, clock });
    const rows = byField(t.rows);
    expect(rows['time_in_sleep']).toMatchObject({ server: '–', computed: '0:18', diff: '', status: 'no-stat' });
    expect(rows['deep_latency']).toBeUndefined(); // null on both sides: nothing to show
    expect(rows['sleep_index']).toBeUndefined();
    expect(t.compared).toBe(0);
  });

  it('2-stage plan: light/deep/REM rows stay, null on both sides', () => {
    const server = { ...v3.stat, time_in_light: null, time_in_deep: null, time_in_rem: null, light_ratio: null };
    const computed = computeStat({ sleep: v3.session.sleep_stages, startTime: v3.session.start_time, endTime: v3.session.end_time, twoStage: true });
    const rows = byField(buildStatsTable({ serverStat: server, statUnits: 'official', computedStat: computed, clock }).rows);
    expect(rows['time_in_light']).toMatchObject({ server: '–', computed: '–', diff: '=', status: 'equal' });
  });

  it('unknown fields are shown as sent; fields the server did not send say so', () => {
    const { sleep_index: _omit, ...rest } = v3.stat;
    const server = { ...rest, deep_sleep_score: 7 } as Record<string, unknown>;
    delete server['waso_count'];
    const rows = byField(buildStatsTable({ serverStat: server, statUnits: 'official', computedStat: v3Computed, clock }).rows);
    expect(rows['deep_sleep_score']).toMatchObject({ server: '7', computed: 'not an official field', status: 'unknown-field', group: 'other' });
    expect(rows['waso_count']).toMatchObject({ server: 'not sent', computed: '1', status: 'not-sent' });
    expect(rows['sleep_index']).toBeUndefined();
  });

  it('a server value of the wrong type is shown as sent and differs', () => {
    const server = { ...v3.stat, sleep_latency: '900' };
    const rows = byField(buildStatsTable({ serverStat: server, statUnits: 'official', computedStat: v3Computed, clock }).rows);
    expect(rows['sleep_latency']).toMatchObject({ server: '"900"', diff: 'not comparable', status: 'differs' });
    expect(rows['sleep_latency']?.note).toMatch(/not a number/);
  });

  it('server stat without our recomputation', () => {
    const rows = byField(buildStatsTable({ serverStat: v3.stat, statUnits: 'official', computedStat: null, clock }).rows);
    expect(rows['time_in_bed']).toMatchObject({ server: '1:00', computed: '–', status: 'not-computed', tolerance: null });
  });
});
