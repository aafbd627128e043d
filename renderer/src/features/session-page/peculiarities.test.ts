import { describe, expect, it } from 'vitest';
import { explainPeculiarity } from './peculiarities';

describe('explainPeculiarity', () => {
  it.each([
    ['NEVER_SLEPT', 'Asleep detected no sleep in this session.', true, false],
    ['IN_PROGRESS', /still being recorded/, true, true],
    ['NO_BREATHING_STABILITY', /no breathing track/, true, false],
    ['TOO_SHORT_FOR_ANALYSIS', /20 minutes/, true, true],
    ['TOO_LONG_FOR_ANALYSIS', /24 hours/, true, false],
    ['TOO_MANY_DEFECTS_IN_SLEEP_STAGES', /no usable sleep stage/, true, true],
    ['NO_REALTIME_POLLING', /real time/, true, true],
    ['MOON_PHASE', 'MOON_PHASE: not documented by Asleep.', false, false],
    ['toString', 'toString: not documented by Asleep.', false, false],
  ] as const)('%s', (code, text, known, noStat) => {
    const p = explainPeculiarity(code);
    expect(p.text).toMatch(text);
    expect(p.known).toBe(known);
    expect(p.noStat).toBe(noStat);
  });
});
