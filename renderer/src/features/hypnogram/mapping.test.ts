import { describe, expect, it } from 'vitest';
import type { EpochTracks } from '../../../../shared/session';
import {
  buildHypnogram,
  clockTicks,
  compareTracks,
  elapsedTicks,
  runIndex,
  stageName,
  stageToY,
  stageTotals,
  toStepPoints,
  Y_DEEP,
  Y_LIGHT,
  Y_REM,
  Y_WAKE,
} from './mapping';

const tracks = (sleep: (number | null)[], snoring: (number | null)[] = []): EpochTracks => ({ sleep, snoring, breath: [] });

describe('stageToY', () => {
  it('puts wake on top, then REM, light, deep at the bottom', () => {
    expect(stageToY(0)).toBe(Y_WAKE);
    expect(stageToY(3)).toBe(Y_REM);
    expect(stageToY(1)).toBe(Y_LIGHT);
    expect(stageToY(2)).toBe(Y_DEEP);
    expect([Y_DEEP, Y_LIGHT, Y_REM, Y_WAKE]).toEqual([0, 1, 2, 3]);
  });

  it('never turns unknown into wake', () => {
    expect(stageToY(-1)).toBeNull();
    expect(stageToY(null)).toBeNull();
    expect(stageToY(undefined)).toBeNull();
    expect(stageToY(7)).toBeNull();
    expect(stageName(-1)).toBe('no data');
    expect(stageName(3)).toBe('REM');
  });
});

describe('toStepPoints', () => {
  it('closes the last run so the final epoch spans its full 30 s', () => {
    const pts = toStepPoints([0, 1], stageToY);
    expect(pts).toEqual([
      { x: 0, y: Y_WAKE, epoch: 0, edge: false },
      { x: 1, y: Y_LIGHT, epoch: 1, edge: false },
      { x: 2, y: Y_LIGHT, epoch: 1, edge: true },
    ]);
  });

  it('breaks the line at unknown epochs with a null point', () => {
    const pts = toStepPoints([2, -1, null, 3], stageToY);
    expect(pts.map((p) => [p.x, p.y, p.edge])).toEqual([
      [0, Y_DEEP, false],
      [1, Y_DEEP, true],
      [1, null, true],
      [3, Y_REM, false],
      [4, Y_REM, true],
    ]);
    expect(pts.filter((p) => !p.edge).map((p) => p.epoch)).toEqual([0, 3]);
  });

  it('starts with a gap when the night starts without data', () => {
    const pts = toStepPoints([null, null, 0], stageToY);
    expect(pts[0]).toEqual({ x: 0, y: null, epoch: 0, edge: true });
    expect(pts.filter((p) => p.y !== null && !p.edge)).toHaveLength(1);
  });

  it('gives nothing for an empty track', () => {
    expect(toStepPoints([], stageToY)).toEqual([]);
  });

  it('starts a point only where the stage changes, and maps every epoch to its run', () => {
    const track = [1, 1, 1, 3, 3, null, 1, 1];
    const pts = toStepPoints(track, stageToY);
    expect(pts.map((p) => [p.x, p.y, p.edge])).toEqual([
      [0, Y_LIGHT, false],
      [3, Y_REM, false],
      [5, Y_REM, true],
      [5, null, true],
      [6, Y_LIGHT, false],
      [8, Y_LIGHT, true],
    ]);
    expect(runIndex(pts, track.length)).toEqual([0, 0, 0, 1, 1, -1, 4, 4]);
  });
});

describe('stageTotals and compareTracks', () => {
  it('counts epochs per stage, unknown apart', () => {
    expect(stageTotals([0, 0, 1, 2, 3, 3, -1, null])).toEqual({ wake: 2, light: 1, deep: 1, rem: 2, unknown: 2 });
  });

  it('counts differing epochs and epochs only one side has', () => {
    expect(compareTracks([0, 1, 2, 3, 1], [0, 2, 2, null, 1, 0])).toEqual({ differing: 1, onlyFinal: 1, onlyLive: 1 });
  });
});

describe('buildHypnogram', () => {
  it('plots the live track when there is no final report', () => {
    const live = tracks([null, null, 0, 1, 2, 3], [null, null, 0, 0, 1, 1]);
    const m = buildHypnogram({ live, final: null, epochs: live, startTime: '2025-01-15T02:50:29+09:00', timezone: 'Asia/Seoul' });
    expect(m.source).toBe('live');
    expect(m.length).toBe(6);
    expect(m.plotted).toBe(4);
    expect(m.comparison).toBeNull();
    expect(m.hasSnoring).toBe(true);
    expect(m.startMs).toBe(Date.parse('2025-01-15T02:50:29+09:00'));
    expect(m.stageIndex).toHaveLength(6);
    expect(m.stageIndex[0]).toBe(-1);
    const p = m.stages[m.stageIndex[5] ?? -1];
    expect(p).toMatchObject({ x: 5, y: Y_REM, epoch: 5, edge: false });
  });

  it('prefers the final report and says how it differs from the live chunks', () => {
    const live = tracks([0, 1, 1, null]);
    const final = tracks([0, 1, 2, 2]);
    const m = buildHypnogram({ live, final, epochs: final, startTime: null, timezone: null });
    expect(m.source).toBe('final');
    expect(m.plotted).toBe(4);
    expect(m.comparison).toEqual({ differing: 1, onlyFinal: 1, onlyLive: 0 });
    expect(m.startMs).toBeNull();
    expect(m.totals).toMatchObject({ wake: 1, light: 1, deep: 2, rem: 0 });
  });

  it('does not compare when the live chunks never arrived', () => {
    const final = tracks([0, 1]);
    const m = buildHypnogram({ live: tracks([]), final, epochs: final, startTime: null, timezone: null });
    expect(m.comparison).toBeNull();
  });
});

describe('x-axis ticks', () => {
  it('lands on round clock times in the session zone', () => {
    // 23:17:00 at UTC+09:00; 4 hours of epochs.
    const start = Date.parse('2025-01-14T23:17:00+09:00');
    const nineHours = 9 * 3600_000;
    const ticks = clockTicks(start, 480, () => nineHours);
    expect(ticks.length).toBeGreaterThan(2);
    for (const t of ticks) {
      const local = new Date(t.ms + nineHours);
      expect(local.getUTCMinutes() % 30).toBe(0);
      expect(t.value).toBeCloseTo((t.ms - start) / 30_000, 6);
    }
    expect(new Date((ticks[0]?.ms ?? 0) + nineHours).toISOString().slice(11, 16)).toBe('23:30');
  });

  it('handles half-hour zones', () => {
    const start = Date.parse('2025-01-14T22:05:00+05:30');
    const offset = 5.5 * 3600_000;
    const ticks = clockTicks(start, 960, () => offset);
    expect(new Date((ticks[0]?.ms ?? 0) + offset).toISOString().slice(11, 16)).toBe('23:00');
  });

  it('falls back to elapsed hours without a start time', () => {
    expect(elapsedTicks(240).map((t) => t.value)).toEqual([0, 30, 60, 90, 120, 150, 180, 210, 240]);
    expect(elapsedTicks(960).map((t) => t.value)).toEqual([0, 120, 240, 360, 480, 600, 720, 840, 960]);
    expect(elapsedTicks(0)).toEqual([]);
  });
});
