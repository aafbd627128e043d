import { describe, expect, it } from 'vitest';
import official from '../asleep/examples/v3-session-complete.json';
import { adjustRatios, computeStat, looksTwoStage, remClusterEnds, type OfficialStat } from './compute';
import { compareStat, compareStatDetailed, FIELD_KINDS } from './compare';

/** Stage array from runs: run([1, 3], [0, 2]) → [1, 1, 1, 0, 0]. */
function run(...parts: [number | null, number][]): (number | null)[] {
  return parts.flatMap(([code, n]) => Array.from({ length: n }, () => code));
}

const START = '2025-01-15T00:00:00+00:00';
/** ISO time `seconds` after START, in +00:00. */
function at(seconds: number): string {
  return new Date(Date.parse(START) + seconds * 1000).toISOString().replace('.000Z', '+00:00');
}
function night(sleep: (number | null)[], extra: { snoring?: (number | null)[]; end?: string; twoStage?: boolean } = {}): OfficialStat {
  return computeStat({
    sleep,
    snoring: extra.snoring ?? null,
    startTime: START,
    endTime: extra.end ?? at(sleep.length * 30),
    twoStage: extra.twoStage ?? false,
  });
}

describe('the official example (v3-session-complete.json)', () => {
  const { session, stat } = official.data;
  const computed = computeStat({
    sleep: session.sleep_stages,
    snoring: session.snoring_stages,
    startTime: session.start_time,
    endTime: session.end_time,
  });

  it('gives zero discrepancies, every recomputable field compared', () => {
    const result = compareStatDetailed(stat as Record<string, unknown>, computed, 'official');
    expect(result.discrepancies).toEqual([]);
    expect(compareStat(stat as Record<string, unknown>, computed, 'official')).toEqual([]);
    expect([...result.compared].sort()).toEqual(Object.keys(FIELD_KINDS).sort());
    expect(result.skipped.sort()).toEqual(
      [
        'sleep_index',
        'time_in_stable_breath',
        'time_in_unstable_breath',
        'stable_breath_ratio',
        'unstable_breath_ratio',
        'breathing_index',
        'breathing_pattern',
        'unstable_breath_count',
        'snoring_count',
      ].sort(),
    );
  });

  it('reproduces every value exactly, times written with the session offset', () => {
    const expected = Object.fromEntries(Object.keys(FIELD_KINDS).map((k) => [k, (stat as Record<string, unknown>)[k]]));
    expect(computed).toEqual(expected);
    expect(computed.sleep_time).toBe('2025-01-15T03:05:29+00:00');
    expect(computed.wake_time).toBe('2025-01-15T03:26:29+00:00');
  });

  it('does not count the final 1440 s of wake as WASO', () => {
    expect(computed).toMatchObject({ wakeup_latency: 1440, time_in_wake: 180, waso_count: 1, longest_waso: 180 });
  });
});

describe('computeStat: table', () => {
  const cases: { name: string; sleep: (number | null)[]; end?: string; expected: Partial<OfficialStat> }[] = [
    {
      name: 'all wake (never slept)',
      sleep: run([0, 20]),
      expected: {
        time_in_bed: 600,
        sleep_latency: 600,
        wakeup_latency: 0,
        sleep_time: at(600),
        wake_time: at(600),
        time_in_sleep: 0,
        time_in_wake: 0,
        time_in_sleep_period: 0,
        time_in_light: 0,
        light_latency: null,
        deep_latency: null,
        rem_latency: null,
        sleep_efficiency: 0,
        sleep_ratio: 0,
        wake_ratio: 0,
        light_ratio: 0,
        deep_ratio: 0,
        rem_ratio: 0,
        waso_count: 0,
        longest_waso: 0,
        sleep_cycle_count: 0,
        sleep_cycle: null,
        sleep_cycle_time: [],
      },
    },
    {
      name: 'no epochs at all (empty array, times known)',
      sleep: [],
      end: at(600),
      expected: {
        time_in_bed: 600,
        sleep_latency: 0,
        wakeup_latency: 0,
        sleep_time: at(0),
        wake_time: at(600),
        time_in_sleep: 0,
        time_in_sleep_period: 0,
        sleep_efficiency: 0,
        wake_ratio: 0,
        waso_count: 0,
        sleep_cycle_count: 0,
        sleep_cycle_time: [],
      },
    },
    {
      name: 'only unknown epochs (-1 and null): not wake, not sleep',
      sleep: [...run([-1, 10]), ...run([null, 10])],
      expected: {
        sleep_latency: 0,
        wakeup_latency: 0,
        time_in_sleep: 0,
        time_in_wake: 0,
        time_in_sleep_period: 0,
        light_latency: null,
        wake_ratio: 0,
        sleep_ratio: 0,
        waso_count: 0,
      },
    },
    {
      name: 'no REM: light and deep with two WASO runs, final wake excluded',
      // 0-3 wake, 4-13 light, 14-15 wake, 16-25 deep, 26-28 wake, 29-33 light, 34-39 wake
      sleep: run([0, 4], [1, 10], [0, 2], [2, 10], [0, 3], [1, 5], [0, 6]),
      expected: {
        time_in_bed: 1200,
        sleep_latency: 120,
        wakeup_latency: 180,
        sleep_time: at(120),
        wake_time: at(1020),
        time_in_light: 450,
        time_in_deep: 300,
        time_in_rem: 0,
        time_in_sleep: 750,
        time_in_wake: 150,
        time_in_sleep_period: 900,
        light_latency: 0,
        deep_latency: 360,
        rem_latency: null,
        // 750 / 1200 = 0.625 exactly: Python's round(0.625, 2) is 0.62 (half to even)
        sleep_efficiency: 0.62,
        wake_ratio: 0.17,
        light_ratio: 0.5,
        deep_ratio: 0.33,
        rem_ratio: 0,
        sleep_ratio: 0.83,
        waso_count: 2,
        longest_waso: 90,
        sleep_cycle_count: 0,
        sleep_cycle: null,
        sleep_cycle_time: [],
      },
    },
    {
      name: 'several REM clusters: gap 20 merges, gap 21 splits, 19 REM epochs is not a cycle',
      // L 0-9 | R 10-29 | L 30-49 (gap 20) | R 50-54 (same cluster: 25 REM, ends at 54)
      // L 55-75 (gap 21) | R 76-94 (19 REM: not a cycle) | L 95-124 | R 125-144 (20 REM, ends at 144) | L 145-154
      sleep: run([1, 10], [3, 20], [1, 20], [3, 5], [1, 21], [3, 19], [1, 30], [3, 20], [1, 10]),
      expected: {
        rem_latency: 300,
        time_in_rem: (20 + 5 + 19 + 20) * 30,
        sleep_cycle_count: 2,
        // (144 - 0) / 2 epochs * 30 s
        sleep_cycle: 2160,
        sleep_cycle_time: [at(0), at(54 * 30), at(144 * 30)],
      },
    },
    {
      name: 'REM reaching 20 epochs only through a merge is one cycle',
      sleep: run([1, 5], [3, 10], [2, 20], [3, 10], [1, 5]),
      expected: { sleep_cycle_count: 1, sleep_cycle: (44 - 0) * 30, sleep_cycle_time: [at(0), at(44 * 30)] },
    },
    {
      name: 'the same REM split by 21 epochs is no cycle',
      sleep: run([1, 5], [3, 10], [2, 21], [3, 10], [1, 5]),
      expected: { sleep_cycle_count: 0, sleep_cycle: null, sleep_cycle_time: [] },
    },
    {
      name: 'cycles counted from sleep onset, not from the session start',
      sleep: run([0, 10], [1, 4], [3, 20], [1, 5], [0, 3]),
      // onset 10, cluster ends at 33: (33 - 10) * 30 = 690
      expected: { sleep_latency: 300, rem_latency: 120, sleep_cycle_count: 1, sleep_cycle: 690, sleep_cycle_time: [at(300), at(990)] },
    },
    {
      name: '-1 at onset and offset counts as "not wake" (first = 0, last = end)',
      // -1 -1 0 0 L L L L 0 R R 0 -1 -1
      sleep: run([-1, 2], [0, 2], [1, 4], [0, 1], [3, 2], [0, 1], [-1, 2]),
      expected: {
        sleep_latency: 0,
        wakeup_latency: 0,
        sleep_time: at(0),
        wake_time: at(14 * 30),
        time_in_light: 120,
        time_in_rem: 60,
        time_in_sleep: 180,
        time_in_wake: 120,
        time_in_sleep_period: 300,
        light_latency: 120,
        rem_latency: 270,
        waso_count: 3,
        longest_waso: 60,
        wake_ratio: 0.4,
        light_ratio: 0.4,
        rem_ratio: 0.2,
        sleep_ratio: 0.6,
      },
    },
    {
      name: 'null is the same as -1',
      sleep: run([null, 2], [0, 2], [1, 4], [0, 1], [3, 2], [0, 1], [null, 2]),
      expected: { sleep_latency: 0, wakeup_latency: 0, time_in_wake: 120, waso_count: 3, light_latency: 120 },
    },
    {
      name: '-1 after leading wake: onset at the unknown epoch, stage latencies from there',
      sleep: run([0, 2], [-1, 1], [1, 3], [0, 2]),
      expected: { sleep_latency: 60, light_latency: 30, wakeup_latency: 60, time_in_sleep_period: 90 },
    },
    {
      name: 'unknown epochs inside the period are neither sleep nor wake, and split wake runs',
      // L 0 U 0 L: the unknown epoch ends the first run of wake
      sleep: run([1, 1], [0, 1], [-1, 1], [0, 1], [1, 1]),
      expected: { time_in_sleep: 60, time_in_wake: 60, time_in_sleep_period: 120, waso_count: 2, longest_waso: 30 },
    },
    {
      name: 'partial last epoch: time in bed is real seconds (615), wake_time from end_time',
      // 21 epochs but only 615 s: the last epoch covers 15 s
      sleep: run([0, 2], [1, 17], [0, 2]),
      end: at(615),
      expected: {
        time_in_bed: 615,
        sleep_latency: 60,
        wakeup_latency: 60,
        sleep_time: at(60),
        wake_time: at(555),
        time_in_sleep: 510,
        // 510 / 615 = 0.829...
        sleep_efficiency: 0.83,
      },
    },
  ];

  it.each(cases)('$name', ({ sleep, end, expected }) => {
    expect(night(sleep, end === undefined ? {} : { end })).toMatchObject(expected);
  });
});

describe('ratios: rounded, then nudged to sum to 1 (light, REM, deep, wake)', () => {
  const cases: { name: string; sleep: (number | null)[]; expected: Partial<OfficialStat> }[] = [
    {
      // light 101, wake 98, deep 101 of 300: 0.34 + 0.33 + 0.34 = 1.01
      name: 'sum 1.01: light gives 0.01',
      sleep: run([1, 101], [0, 98], [2, 101]),
      expected: { light_ratio: 0.33, wake_ratio: 0.33, deep_ratio: 0.34, rem_ratio: 0, sleep_ratio: 0.67 },
    },
    {
      // thirds: 0.33 * 3 = 0.99
      name: 'sum 0.99: light takes 0.01',
      sleep: run([1, 100], [2, 100], [3, 100]),
      expected: { light_ratio: 0.34, deep_ratio: 0.33, rem_ratio: 0.33, wake_ratio: 0, sleep_ratio: 1 },
    },
    {
      // light 4 of 1000 rounds to 0: REM is next (not light, unlike sleep-stats-ts)
      name: 'light rounds to 0: REM takes it',
      sleep: run([1, 2], [3, 333], [0, 330], [2, 333], [1, 2]),
      expected: { light_ratio: 0, rem_ratio: 0.34, deep_ratio: 0.33, wake_ratio: 0.33 },
    },
    {
      name: 'light and REM round to 0: deep takes it',
      sleep: run([1, 1], [3, 2], [2, 663], [0, 333], [1, 1]),
      expected: { light_ratio: 0, rem_ratio: 0, deep_ratio: 0.67, wake_ratio: 0.33, sleep_ratio: 0.67 },
    },
    {
      name: 'light, REM and deep round to 0: wake takes it',
      sleep: run([1, 2], [2, 4], [0, 992], [1, 2]),
      expected: { light_ratio: 0, deep_ratio: 0, rem_ratio: 0, wake_ratio: 1, sleep_ratio: 0 },
    },
    {
      // 1/8 and 7/8 are exact ties in binary: half to even, like Python's round()
      name: 'exact ties round half to even (0.125 → 0.12, 0.875 → 0.88)',
      sleep: run([1, 3], [0, 1], [1, 4]),
      expected: { wake_ratio: 0.12, light_ratio: 0.88, sleep_ratio: 0.88 },
    },
  ];

  it.each(cases)('$name', ({ sleep, expected }) => {
    const stat = night(sleep);
    expect(stat).toMatchObject(expected);
    const sum = (stat.wake_ratio + (stat.light_ratio ?? 0) + (stat.deep_ratio ?? 0) + (stat.rem_ratio ?? 0)) * 100;
    expect(Math.round(sum)).toBe(100);
  });

  it('adjustRatios moves one ratio per 0.01 of error', () => {
    expect(adjustRatios({ wake: 1 / 3, light: 1 / 3, deep: 1 / 3, rem: 0 })).toEqual({ wake: 0.33, light: 0.34, deep: 0.33, rem: 0, sleep: 0.67 });
  });
});

describe('2-stage plans', () => {
  const sleep = run([0, 2], [1, 10], [0, 1], [1, 5], [0, 2]);
  const stat = night(sleep, { twoStage: true });

  it('light/deep/REM statistics and REM-based cycles are null; the rest is computed', () => {
    expect(stat).toMatchObject({
      time_in_sleep: 450,
      time_in_wake: 30,
      time_in_sleep_period: 480,
      time_in_light: null,
      time_in_deep: null,
      time_in_rem: null,
      light_latency: null,
      deep_latency: null,
      rem_latency: null,
      light_ratio: null,
      deep_ratio: null,
      rem_ratio: null,
      // 30 / 480 = 0.0625 → 0.06
      wake_ratio: 0.06,
      sleep_ratio: 0.94,
      waso_count: 1,
      sleep_cycle_count: null,
      sleep_cycle: null,
      sleep_cycle_time: null,
    });
  });

  it('looksTwoStage recognizes a server stat with null light/deep/REM, not the official 4-stage example', () => {
    expect(looksTwoStage({ time_in_sleep: 450, time_in_light: null, time_in_deep: null, time_in_rem: null })).toBe(true);
    expect(looksTwoStage(official.data.stat as Record<string, unknown>)).toBe(false);
    expect(looksTwoStage(null)).toBe(false);
  });
});

describe('times and snoring', () => {
  it('keeps the offset of start_time for sleep_time and cycle times, of end_time for wake_time', () => {
    const stat = computeStat({
      sleep: run([0, 2], [1, 2], [3, 20], [0, 2]),
      startTime: '2025-01-15T23:00:00+09:00',
      endTime: '2025-01-15T14:13:00Z',
    });
    expect(stat.sleep_time).toBe('2025-01-15T23:01:00+09:00');
    expect(stat.wake_time).toBe('2025-01-15T14:12:00Z');
    expect(stat.sleep_cycle_time).toEqual(['2025-01-15T23:01:00+09:00', '2025-01-15T23:11:30+09:00']);
  });

  it('keeps fractional seconds when the session has them', () => {
    const stat = computeStat({ sleep: run([0, 1], [1, 2]), startTime: '2025-01-15T00:00:00.250-05:00', endTime: '2025-01-15T00:01:30.250-05:00' });
    expect(stat.sleep_time).toBe('2025-01-15T00:00:30.250-05:00');
    expect(stat.time_in_bed).toBe(90);
  });

  it('without parseable times: time in bed from the array, times null', () => {
    const stat = computeStat({ sleep: run([0, 2], [1, 2]), startTime: null, endTime: 'yesterday' });
    expect(stat).toMatchObject({ time_in_bed: 120, sleep_latency: 60, sleep_time: null, wake_time: null, sleep_cycle_time: null });
  });

  it('with only a start time: the end is placed length * 30 s later', () => {
    const stat = computeStat({ sleep: run([0, 2], [1, 2], [0, 1]), startTime: START, endTime: null });
    expect(stat).toMatchObject({ time_in_bed: 150, sleep_time: at(60), wake_time: at(120) });
  });

  it('counts snoring only inside the sleep period and on known epochs', () => {
    // wake W W | L L L U L | W W ; snoring during the leading wake, the unknown epoch and the final wake is ignored
    const sleep = run([0, 2], [1, 3], [-1, 1], [1, 1], [0, 2]);
    const snoring = [1, 1, 1, 0, -1, 1, 1, 1, 1];
    expect(night(sleep, { snoring })).toMatchObject({
      time_in_sleep_period: 120,
      time_in_snoring: 60,
      time_in_no_snoring: 60,
      snoring_ratio: 0.5,
      no_snoring_ratio: 0.5,
    });
  });

  it('snoring fields are null without a snoring array, 0 when never asleep', () => {
    expect(night(run([1, 3]))).toMatchObject({ time_in_snoring: null, snoring_ratio: null, no_snoring_ratio: null });
    expect(night(run([0, 3]), { snoring: [1, 1, 1] })).toMatchObject({ time_in_snoring: 0, time_in_no_snoring: 0, snoring_ratio: 0, no_snoring_ratio: 0 });
  });
});

describe('remClusterEnds', () => {
  it('only looks inside [first, last] and ignores clusters under 20 epochs', () => {
    const codes = run([3, 20], [1, 1]) as number[];
    expect(remClusterEnds(codes, 0, 20)).toEqual([19]);
    expect(remClusterEnds(codes, 1, 20)).toEqual([]);
    expect(remClusterEnds(codes, -1, -1)).toEqual([]);
  });
});

describe('types', () => {
  it('an OfficialStat and its discrepancies fit SessionDetail', () => {
    const stat = night([0, 1, 0]);
    const computedStat: Record<string, unknown> = stat; // SessionDetail.computedStat
    const discrepancies: { field: string; server: unknown; computed: unknown }[] = compareStat({ time_in_bed: 1 }, stat, 'official');
    expect(computedStat['time_in_bed']).toBe(90);
    expect(discrepancies).toEqual([{ field: 'time_in_bed', server: 1, computed: 90 }]);
  });
});
