import { describe, expect, it } from 'vitest';
import type { EpochTracks } from '../../../../shared/session';
import { buildHypnogram, clockTicksBetween, epochDetails, elapsedTicksBetween, stageTicks } from './mapping';
import {
  agreementClass,
  breathClass,
  buildTracks,
  chartHeight,
  cycleBands,
  cycleTimesSource,
  lane,
  runsOf,
  snoringClass,
  STAGE_BOTTOM,
  yMin,
} from './tracks';

const t = (sleep: (number | null)[], snoring: (number | null)[] = [], breath: (number | null)[] = []): EpochTracks => ({ sleep, snoring, breath });
const START = '2025-01-15T02:00:00+00:00';
const startMs = Date.parse(START);
const at = (epoch: number) => new Date(startMs + epoch * 30_000).toISOString();

describe('runsOf', () => {
  it.each([
    [[], []],
    [[1, 1, 0, 0, 0, 1], [[0, 2, 'snoring'], [2, 5, 'quiet'], [5, 6, 'snoring']]],
    [[1, null, 1, -1, 7, 0], [[0, 1, 'snoring'], [2, 3, 'snoring'], [5, 6, 'quiet']]],
    [[null, null], []],
  ] as const)('snoring %j', (track, runs) => {
    expect(runsOf(track.length, (i) => snoringClass(track[i])).map((r) => [r.start, r.end, r.value])).toEqual(runs);
  });
});

describe('classes', () => {
  it.each([
    [0, 'stable'],
    [1, 'unstable'],
    [2, 'unstable'],
    [-1, null],
    [null, null],
    [undefined, null],
  ] as const)('breath %j → %j', (code, cls) => {
    expect(breathClass(code)).toBe(cls);
  });

  it.each([
    [1, 1, 'agree'],
    [0, 3, 'differ'],
    [2, null, 'final-only'],
    [-1, 1, 'live-only'],
    [null, undefined, null],
    [-1, -1, null],
  ] as const)('final %j, live %j → %j', (f, l, cls) => {
    expect(agreementClass(f, l)).toBe(cls);
  });
});

describe('cycleBands', () => {
  it('onset then each cycle end: one band per cycle, in epochs from the start', () => {
    const bands = cycleBands([at(10), at(190), at(370.5)], startMs);
    expect(bands.map((b) => [b.n, b.start, b.end])).toEqual([
      [1, 10, 190],
      [2, 190, 370.5],
    ]);
  });

  it.each([
    ['no start time', [at(0), at(10)], null],
    ['not a list', 'soon', startMs],
    ['empty list', [], startMs],
    ['only the onset', [at(0)], startMs],
  ] as const)('nothing for %s', (_what, times, start) => {
    expect(cycleBands(times, start)).toEqual([]);
  });

  it('skips bands that are not date-times or run backwards', () => {
    expect(cycleBands([at(0), 'x', at(20), at(10), at(40)], startMs).map((b) => b.n)).toEqual([4]);
  });

  it('prefers the server list (even empty), converts the flat one, else the recomputed one', () => {
    const computed = { sleep_cycle_time: [at(0), at(100)] };
    expect(cycleTimesSource({ sleep_cycle_time: [] }, 'official', computed)).toEqual({ times: [], from: 'server' });
    expect(cycleTimesSource({ sleep_index: 1 }, 'official', computed)).toEqual({ times: computed.sleep_cycle_time, from: 'computed' });
    expect(cycleTimesSource(null, null, null)).toBeNull();
    const flat = { sleep_cycle: [{ order: 1, start_time: at(2), end_time: at(50) }] };
    expect(cycleTimesSource(flat, 'flat', computed)).toEqual({ times: [at(2), at(50)], from: 'server' });
  });
});

describe('buildTracks', () => {
  it('only the lanes with data, in a fixed order', () => {
    const tracks = buildTracks({
      length: 4,
      snoring: [0, 1, 1, 0],
      breath: [null, null, null, null],
      cycles: [{ n: 1, start: 0, end: 3, startMs: 0, endMs: 0 }],
      compare: { final: [0, 1, 2, 3], live: [0, 1, 3, null] },
    });
    expect(tracks.map((x) => x.kind)).toEqual(['snoring', 'cycles', 'agreement']);
    expect(tracks[2]?.runs.map((r) => [r.start, r.end, r.value])).toEqual([
      [0, 2, 'agree'],
      [2, 3, 'differ'],
      [3, 4, 'final-only'],
    ]);
    expect(buildTracks({ length: 2, snoring: [], breath: [0, 1], cycles: [], compare: null }).map((x) => x.kind)).toEqual(['breath']);
  });
});

describe('lanes', () => {
  it('stack under the stage rows without overlapping, and the box grows with them', () => {
    expect(lane(0).top).toBeLessThan(STAGE_BOTTOM);
    expect(lane(1).top).toBeLessThan(lane(0).bottom);
    expect(yMin(0)).toBe(STAGE_BOTTOM);
    expect(yMin(2)).toBeLessThan(lane(1).bottom);
    expect(chartHeight(0)).toBeLessThan(chartHeight(1));
    expect(chartHeight(3) - chartHeight(2)).toBe(chartHeight(2) - chartHeight(1));
  });
});

describe('buildHypnogram with tracks', () => {
  it('tracks, cycles from the computed stat, agreement when both timelines exist', () => {
    const live = t([0, 1, 1, null], [0, 1, null, null], [0, 0, 1, null]);
    const final = t([0, 1, 2, 3], [0, 1, 1, 0], [0, 0, 1, 1]);
    const m = buildHypnogram({
      live,
      final,
      epochs: final,
      startTime: START,
      timezone: 'UTC',
      serverStat: null,
      statUnits: null,
      computedStat: { sleep_cycle_time: [at(1), at(3)] },
    });
    expect(m.tracks.map((x) => x.kind)).toEqual(['snoring', 'breath', 'cycles', 'agreement']);
    expect(m.cycleSource).toBe('computed');
    expect(m.cycles).toHaveLength(1);
    expect(m.hasBreath).toBe(true);
    expect(epochDetails(m, 2)).toEqual({ snoring: 'snoring', breath: 'unstable', cycle: 1, agreement: 'differ', liveStage: 1 });
    expect(epochDetails(m, 3)).toMatchObject({ cycle: null, agreement: 'final-only', liveStage: null });
  });

  it('2-stage plans label stage 1 "Sleep"', () => {
    const final = t([0, 1, 1]);
    const server = { time_in_light: null, time_in_deep: null, time_in_rem: null, time_in_sleep: 60 };
    const m = buildHypnogram({ live: t([]), final, epochs: final, startTime: null, timezone: null, serverStat: server, statUnits: 'official', computedStat: null });
    expect(m.twoStage).toBe(true);
    expect(stageTicks(m.twoStage).map((x) => x.label)).toEqual(['Sleep', 'Wake']);
    expect(stageTicks(false).map((x) => x.label)).toEqual(['Deep', 'Light', 'REM', 'Wake']);
  });

  it('24 hours of data stays cheap to map', () => {
    const n = 2880;
    const sleep = Array.from({ length: n }, (_, i) => [0, 1, 2, 3][Math.floor(i / 7) % 4] ?? 0);
    const night = t(sleep, sleep.map((v) => (v === 2 ? 1 : 0)), sleep.map((v) => (v === 3 ? 1 : 0)));
    const m = buildHypnogram({ live: night, final: night, epochs: night, startTime: START, timezone: 'UTC' });
    expect(m.plotted).toBe(n);
    expect(m.length).toBe(n);
    expect(m.tracks.find((x) => x.kind === 'agreement')?.runs).toHaveLength(1);
  });
});

describe('ticks over a zoomed range', () => {
  it('clock ticks get finer as the range narrows', () => {
    const offset = () => 0;
    const wide = clockTicksBetween(startMs, 0, 2880, offset);
    const narrow = clockTicksBetween(startMs, 100, 140, offset); // 20 minutes
    expect(wide.length).toBeGreaterThan(2);
    expect(narrow.length).toBeGreaterThanOrEqual(4);
    for (const tick of narrow) expect(tick.value).toBeGreaterThanOrEqual(100);
    expect(new Date(narrow[0]?.ms ?? 0).toISOString().slice(11, 16)).toBe('02:50');
  });

  it('elapsed ticks start at the first step inside the range', () => {
    expect(elapsedTicksBetween(100, 400).map((x) => x.value)).toEqual([120, 180, 240, 300, 360]);
    expect(elapsedTicksBetween(5, 5)).toEqual([]);
  });
});
