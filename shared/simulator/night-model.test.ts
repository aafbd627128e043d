import { describe, expect, it } from 'vitest';
import { computeStat } from '../stats/compute';
import { DEEP, generateNight, LIGHT, REM, UNKNOWN, WAKE, type Night } from './night-model';
import { createRng } from './rng';

const EIGHT_HOURS = 8 * 120;
const night = (seed: number, extra: Partial<Parameters<typeof generateNight>[0]> = {}): Night =>
  generateNight({ epochs: EIGHT_HOURS, stages: 4, breathing: true, ...extra }, createRng(seed));
const SEEDS = Array.from({ length: 60 }, (_, i) => i * 7919 + 1);
const count = (values: readonly number[], v: number) => values.filter((x) => x === v).length;
const minutes = (epochs: number) => epochs / 2;

describe('night model', () => {
  it('is deterministic with a seed, and different seeds give different nights', () => {
    expect(night(42)).toEqual(night(42));
    expect(night(42).sleep).not.toEqual(night(43).sleep);
  });

  it('has one value per epoch in every track, only known codes', () => {
    for (const seed of SEEDS.slice(0, 10)) {
      const n = night(seed);
      expect(n.sleep).toHaveLength(EIGHT_HOURS);
      expect(n.snoring).toHaveLength(EIGHT_HOURS);
      expect(n.breath).toHaveLength(EIGHT_HOURS);
      expect([...new Set(n.sleep)].every((v) => [UNKNOWN, WAKE, LIGHT, DEEP, REM].includes(v))).toBe(true);
      expect([...new Set(n.snoring)].every((v) => [UNKNOWN, 0, 1].includes(v))).toBe(true);
      expect([...new Set(n.breath)].every((v) => [UNKNOWN, 0, 1].includes(v))).toBe(true);
    }
  });

  it('starts awake: sleep onset after 8 to 25 minutes', () => {
    for (const seed of SEEDS) {
      const n = night(seed);
      expect(n.sleep.slice(0, n.onset).every((s) => s === WAKE)).toBe(true);
      expect(n.sleep[n.onset]).toBe(LIGHT);
      expect(minutes(n.onset)).toBeGreaterThanOrEqual(8);
      expect(minutes(n.onset)).toBeLessThanOrEqual(25);
    }
  });

  it('first REM 60 to 100 minutes after sleep onset', () => {
    for (const seed of SEEDS) {
      const n = night(seed);
      const firstRem = n.sleep.indexOf(REM);
      expect(minutes(firstRem - n.onset), `seed ${seed}`).toBeGreaterThanOrEqual(60);
      expect(minutes(firstRem - n.onset), `seed ${seed}`).toBeLessThanOrEqual(100);
    }
  });

  it('cycles of about 90 minutes: 4 to 6 REM periods in 8 hours, 2 to 6 (mostly 4) counted as cycles', () => {
    const intervals: number[] = [];
    let counted = 0;
    for (const seed of SEEDS) {
      const n = night(seed);
      expect(n.remStarts.length, `seed ${seed}`).toBeGreaterThanOrEqual(4);
      expect(n.remStarts.length, `seed ${seed}`).toBeLessThanOrEqual(6);
      for (let i = 1; i < n.remStarts.length; i++) intervals.push(minutes(n.remStarts[i]! - n.remStarts[i - 1]!));
      const stat = computeStat({ sleep: n.sleep, startTime: '2025-01-15T22:00:00Z', endTime: '2025-01-16T06:00:00Z' });
      expect(stat.sleep_cycle_count, `seed ${seed}`).toBeGreaterThanOrEqual(2);
      expect(stat.sleep_cycle_count, `seed ${seed}`).toBeLessThanOrEqual(6);
      counted += stat.sleep_cycle_count!;
    }
    expect(counted / SEEDS.length).toBeGreaterThan(3.5);
    const mean = intervals.reduce((a, b) => a + b, 0) / intervals.length;
    expect(mean).toBeGreaterThan(80);
    expect(mean).toBeLessThan(110);
  });

  it('more deep sleep early, more REM late', () => {
    const half = EIGHT_HOURS / 2;
    const totals = { deepFirst: 0, deep: 0, remSecond: 0, rem: 0 };
    for (const seed of SEEDS) {
      const n = night(seed);
      const deepFirst = count(n.sleep.slice(0, half), DEEP);
      const remSecond = count(n.sleep.slice(half), REM);
      const deep = count(n.sleep, DEEP);
      const rem = count(n.sleep, REM);
      // Mostly, every night.
      expect(deepFirst / deep, `seed ${seed} deep`).toBeGreaterThan(0.7);
      expect(remSecond / rem, `seed ${seed} REM`).toBeGreaterThan(0.5);
      // Deep sleep shrinks and REM grows from cycle to cycle.
      totals.deepFirst += deepFirst;
      totals.deep += deep;
      totals.remSecond += remSecond;
      totals.rem += rem;
    }
    expect(totals.deepFirst / totals.deep).toBeGreaterThan(0.8);
    expect(totals.remSecond / totals.rem).toBeGreaterThan(0.65);
  });

  it('stage shares like real sleep: light about half, deep 10-25 %, REM 15-30 %, efficiency high', () => {
    let light = 0;
    let deep = 0;
    let rem = 0;
    for (const seed of SEEDS) {
      const n = night(seed);
      light += count(n.sleep, LIGHT);
      deep += count(n.sleep, DEEP);
      rem += count(n.sleep, REM);
    }
    const sleep = light + deep + rem;
    expect(light / sleep).toBeGreaterThan(0.45);
    expect(light / sleep).toBeLessThan(0.7);
    expect(deep / sleep).toBeGreaterThan(0.1);
    expect(deep / sleep).toBeLessThan(0.25);
    expect(rem / sleep).toBeGreaterThan(0.15);
    expect(rem / sleep).toBeLessThan(0.3);
    expect(sleep / (SEEDS.length * EIGHT_HOURS)).toBeGreaterThan(0.85);
  });

  it('has brief awakenings during the night', () => {
    let awakenings = 0;
    for (const seed of SEEDS) {
      const n = night(seed);
      for (let i = n.onset + 1; i < n.finalWakeStart; i++) if (n.sleep[i] === WAKE && n.sleep[i - 1] !== WAKE) awakenings++;
    }
    expect(awakenings / SEEDS.length).toBeGreaterThan(1);
    expect(awakenings / SEEDS.length).toBeLessThan(12);
  });

  it('ends awake: a final wake of 3 to 15 minutes', () => {
    for (const seed of SEEDS) {
      const n = night(seed);
      expect(n.sleep[EIGHT_HOURS - 1]).toBe(WAKE);
      expect(n.sleep.slice(n.finalWakeStart).every((s) => s === WAKE)).toBe(true);
      expect(minutes(EIGHT_HOURS - n.finalWakeStart)).toBeGreaterThanOrEqual(3);
      expect(minutes(EIGHT_HOURS - n.finalWakeStart)).toBeLessThanOrEqual(15);
    }
  });

  it('snores mostly in light and deep sleep, never awake', () => {
    let inLightDeep = 0;
    let total = 0;
    for (const seed of SEEDS) {
      const n = night(seed);
      n.snoring.forEach((v, i) => {
        if (v !== 1) return;
        total++;
        expect(n.sleep[i]).not.toBe(WAKE);
        if (n.sleep[i] === LIGHT || n.sleep[i] === DEEP) inLightDeep++;
      });
    }
    expect(total).toBeGreaterThan(0);
    expect(inLightDeep / total).toBeGreaterThan(0.9);
  });

  it('breath: null without breathing analysis; else 0/1, unstable only asleep', () => {
    expect(night(3, { breathing: false }).breath).toBeNull();
    let unstable = 0;
    for (const seed of SEEDS.slice(0, 20)) {
      const n = night(seed);
      n.breath!.forEach((v, i) => {
        if (v === 1) {
          unstable++;
          expect(n.sleep[i]).not.toBe(WAKE);
        }
      });
    }
    expect(unstable).toBeGreaterThan(0);
  });

  it('occasional -1 gaps, the same epochs in every track, inside the sleep period', () => {
    let nightsWithGaps = 0;
    for (const seed of SEEDS) {
      const n = night(seed);
      if (n.gaps.length > 0) nightsWithGaps++;
      const unknownAt = (track: readonly number[]) => track.flatMap((v, i) => (v === UNKNOWN ? [i] : []));
      const at = unknownAt(n.sleep);
      expect(unknownAt(n.snoring)).toEqual(at);
      expect(unknownAt(n.breath!)).toEqual(at);
      expect(at.every((i) => i > n.onset && i < n.finalWakeStart)).toBe(true);
      expect(count(n.sleep, UNKNOWN)).toBe(n.gaps.reduce((sum, [, length]) => sum + length, 0) - overlap(n.gaps));
    }
    expect(nightsWithGaps).toBeGreaterThan(SEEDS.length / 3);
    // Occasional: well under 3 % of the epochs.
    const unknown = SEEDS.reduce((sum, seed) => sum + count(night(seed).sleep, UNKNOWN), 0);
    expect(unknown / (SEEDS.length * EIGHT_HOURS)).toBeLessThan(0.03);
    expect(night(1, { gaps: false }).sleep).not.toContain(UNKNOWN);
  });

  it('2-stage plan: the same night with light, deep and REM as 1', () => {
    const four = night(9);
    const two = night(9, { stages: 2 });
    expect(two.sleep4).toEqual(four.sleep4);
    expect(two.sleep).toEqual(four.sleep.map((s) => (s === DEEP || s === REM ? LIGHT : s)));
    expect(new Set(two.sleep)).toEqual(new Set(two.sleep.filter((s) => s <= LIGHT)));
  });

  it('short nights keep the structure: awake first, deep sleep early, awake at the end', () => {
    for (const epochs of [150, 60, 12]) {
      const n = night(4, { epochs });
      expect(n.sleep[0]).toBe(WAKE);
      expect(n.sleep[epochs - 1]).toBe(WAKE);
      expect(n.sleep.some((s) => s > WAKE)).toBe(true);
    }
    expect(night(4, { epochs: 150 }).sleep).toContain(DEEP);
    expect(night(4, { epochs: 1 }).sleep).toEqual([WAKE]);
    expect(night(4, { epochs: 0 }).sleep).toEqual([]);
  });
});

/** Epochs counted twice because two gaps overlap. */
function overlap(gaps: [number, number][]): number {
  const seen = new Map<number, number>();
  for (const [first, length] of gaps) for (let i = first; i < first + length; i++) seen.set(i, (seen.get(i) ?? 0) + 1);
  let extra = 0;
  for (const n of seen.values()) extra += n - 1;
  return extra;
}
