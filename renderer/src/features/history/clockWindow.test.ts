import { describe, expect, it } from 'vitest';
import { clockWindow, DEFAULT_FROM, DEFAULT_TO, hourTicks, stageRuns } from './clockWindow';

describe('clockWindow', () => {
  it('is 18:00 → 14:00 the next day unless a night is outside it', () => {
    expect(clockWindow([])).toEqual({ from: DEFAULT_FROM, to: DEFAULT_TO });
    expect(clockWindow([{ startMinute: 22 * 60 + 50, stages: '0'.repeat(960) }])).toEqual({ from: 18 * 60, to: 38 * 60 });
    // a nap at 15:20 and a night ending at 15:30 the next day widen it to whole hours
    expect(clockWindow([{ startMinute: 15 * 60 + 20, stages: '1' }, { startMinute: 25 * 60, stages: '1'.repeat(29 * 60) }])).toEqual({
      from: 15 * 60,
      to: 40 * 60,
    });
    expect(clockWindow([{ startMinute: null, stages: '111' }])).toEqual({ from: DEFAULT_FROM, to: DEFAULT_TO });
  });

  it('labels hours modulo 24', () => {
    expect(hourTicks({ from: 18 * 60, to: 26 * 60 }, 4)).toEqual([
      [20 * 60, '20:00'],
      [24 * 60, '00:00'],
    ]);
  });
});

describe('stageRuns', () => {
  it('groups equal stages and leaves gaps for missing data', () => {
    expect(stageRuns('0011-13')).toEqual([
      { first: 0, length: 2, level: 0, stage: '0' },
      { first: 2, length: 2, level: 2, stage: '1' },
      { first: 5, length: 1, level: 2, stage: '1' },
      { first: 6, length: 1, level: 1, stage: '3' },
    ]);
    expect(stageRuns('')).toEqual([]);
    expect(stageRuns('---')).toEqual([]);
  });
});
