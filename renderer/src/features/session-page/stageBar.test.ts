import { describe, expect, it } from 'vitest';
import { stageSegments, wholePercents } from './stageBar';

describe('wholePercents', () => {
  it.each([
    [[1, 1, 1], [34, 33, 33]],
    [[2, 1], [67, 33]],
    [[0, 0], [0, 0]],
    [[5, 0, 5], [50, 0, 50]],
    [[1, 0, 0, 0, 199], [1, 0, 0, 0, 99]],
    [[6, 36, 0, 0, 78], [5, 30, 0, 0, 65]],
  ])('%j → %j', (counts, percents) => {
    const p = wholePercents(counts);
    expect(p).toEqual(percents);
    if (counts.some((c) => c > 0)) expect(p.reduce((a, b) => a + b, 0)).toBe(100);
  });
});

describe('stageSegments', () => {
  const totals = { wake: 60, rem: 20, light: 100, deep: 40, unknown: 20 };

  it('four stages, in hypnogram order, with h:mm and proportions of all epochs', () => {
    const s = stageSegments(totals, false);
    expect(s.map((x) => [x.key, x.epochs, x.duration, x.percent])).toEqual([
      ['wake', 60, '0:30', 25],
      ['rem', 20, '0:10', 8],
      ['light', 100, '0:50', 42],
      ['deep', 40, '0:20', 17],
      ['unknown', 20, '0:10', 8],
    ]);
    expect(s.reduce((a, x) => a + x.fraction, 0)).toBeCloseTo(1, 10);
    expect(s[2]?.fraction).toBeCloseTo(100 / 240, 10);
  });

  it('2-stage plans: Wake and Sleep', () => {
    const s = stageSegments(totals, true);
    expect(s.map((x) => [x.label, x.epochs, x.percent])).toEqual([
      ['Wake', 60, 25],
      ['Sleep', 160, 67],
      ['No data', 20, 8],
    ]);
  });

  it('an empty night has empty segments', () => {
    const s = stageSegments({ wake: 0, rem: 0, light: 0, deep: 0, unknown: 0 }, false);
    expect(s.every((x) => x.fraction === 0 && x.percent === 0 && x.duration === '0:00')).toBe(true);
  });
});
