import { describe, expect, it } from 'vitest';
import { formatDuration, formatHms, formatPercent, stageName } from './format';

describe('formatDuration ("h:mm")', () => {
  it.each([
    [1260, '0:21'],
    [0, '0:00'],
    [29, '0:00'],
    [30, '0:01'],
    [3599, '1:00'],
    [30600, '8:30'],
    [90000, '25:00'],
    [-300, '-0:05'],
    [null, '–'],
    [undefined, '–'],
    [Number.NaN, '–'],
  ])('%s → %s', (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });
});

describe('formatHms ("HH:MM:SS")', () => {
  it.each([
    [23400, '06:30:00'],
    [27000, '07:30:00'],
    [59, '00:00:59'],
    [360000, '100:00:00'],
    [null, '–'],
  ])('%s → %s', (seconds, expected) => {
    expect(formatHms(seconds)).toBe(expected);
  });
});

describe('formatPercent', () => {
  it.each([
    [0.3, '30 %'],
    [0.86, '86 %'],
    [0.14, '14 %'],
    [0.29, '29 %'],
    [0.285, '29 %'],
    [0.8824, '88 %'],
    [1, '100 %'],
    [0, '0 %'],
    [-0.001, '0 %'],
    [null, '–'],
  ])('%s → %s', (ratio, expected) => {
    expect(formatPercent(ratio)).toBe(expected);
  });
});

describe('stageName', () => {
  it.each([
    [0, false, 'Wake'],
    [1, false, 'Light'],
    [2, false, 'Deep'],
    [3, false, 'REM'],
    [0, true, 'Wake'],
    [1, true, 'Sleep'],
    [2, true, 'Sleep'],
    [3, true, 'Sleep'],
    [-1, false, 'Unknown'],
    [-1, true, 'Unknown'],
    [null, false, 'Unknown'],
    [4, false, 'Unknown'],
    [1.5, false, 'Unknown'],
  ] as const)('%s (2-stage %s) → %s', (code, twoStage, expected) => {
    expect(stageName(code, twoStage)).toBe(expected);
  });

  it('defaults to a 4-stage plan', () => {
    expect(stageName(1)).toBe('Light');
  });
});
