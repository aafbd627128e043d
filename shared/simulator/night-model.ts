// Ground truth for one simulated night, one value per 30-second epoch, with the structure of real
// sleep: a wake period before sleep onset (8-25 minutes); cycles of about 90 minutes (light sleep going down, deep
// sleep, light sleep coming up, REM); deep sleep long in the first cycles and shrinking, REM short in
// the first cycle and growing; brief awakenings between cycles and now and then within light sleep;
// a final wake. Snoring happens mostly in light and deep sleep; breathing instability (when the plan
// has breathing analysis) mostly in REM and while snoring. A few `-1` gaps (no data) inside the
// sleep period. Everything comes from the generator it is given: same seed, same night.
import type { Rng } from './rng';

export const WAKE = 0;
export const LIGHT = 1;
export const DEEP = 2;
export const REM = 3;
/** No data for this epoch (Asleep sends -1); the console shows it as a gap, never as wake. */
export const UNKNOWN = -1;

export const EPOCHS_PER_MINUTE = 2;

export interface NightOptions {
  /** Length of the night in 30-second epochs. */
  epochs: number;
  /** 4: 0 wake, 1 light, 2 deep, 3 REM. 2: 0 wake, 1 sleep. */
  stages: 2 | 4;
  /** Whether the plan has breathing analysis (`breath` is null otherwise). */
  breathing: boolean;
  /** Occasional `-1` epochs inside the sleep period (default true). */
  gaps?: boolean;
}

export interface Night {
  epochs: number;
  /** Sleep stage per epoch in the plan's codes, `-1` in gaps. */
  sleep: number[];
  /** The same night on the 4-stage scale (before a 2-stage plan merges light, deep and REM), `-1` in gaps. */
  sleep4: number[];
  /** 0 none, 1 snoring; `-1` in gaps. */
  snoring: number[];
  /** 0 stable, 1 unstable; `-1` in gaps; null when the plan has no breathing analysis. */
  breath: number[] | null;
  /** First epoch of sleep (the length of the initial wake), or `epochs` when the night has no sleep. */
  onset: number;
  /** First epoch of the final wake. */
  finalWakeStart: number;
  /** Start epoch of each cycle's REM period. */
  remStarts: number[];
  /** The gaps as [first epoch, length]. */
  gaps: [number, number][];
}

type Segment = [stage: number, epochs: number];

const minutes = (m: number): number => Math.max(0, Math.round(m * EPOCHS_PER_MINUTE));

/** One sleep cycle's segments. `cycle` counts from 0. */
function cycleSegments(cycle: number, rng: Rng): Segment[] {
  const c = Math.min(cycle, 3);
  const rem = [rng.range(7, 14), rng.range(14, 24), rng.range(20, 32), rng.range(25, 40)][c] as number;
  const deep = [rng.range(28, 42), rng.range(15, 25), rng.range(3, 10), rng.range(0, 3)][c] as number;
  const length = cycle === 0 ? rng.range(80, 100) : rng.range(85, 110);
  // Down through light sleep into deep sleep within 10-25 minutes early in the night; later cycles
  // stay longer in light sleep. The rest of the cycle is the way back up before REM.
  const descent = c < 2 ? rng.range(10, 25) : rng.range(20, 40);
  const ascent = Math.max(3, length - rem - deep - descent);
  const segments: Segment[] = [
    [LIGHT, minutes(descent)],
    [DEEP, minutes(deep)],
    [LIGHT, minutes(ascent)],
    [REM, minutes(rem)],
  ];
  // A brief awakening after REM, more likely as the night goes on.
  if (rng.chance(0.3 + 0.1 * c)) segments.push([WAKE, rng.int(1, 4)]);
  return segments;
}

/** Short interruptions: brief awakenings in light sleep, light sleep intruding into deep and REM. */
function fragment(hypnogram: number[], from: number, to: number, rng: Rng): void {
  for (let i = from; i < to; i++) {
    const stage = hypnogram[i];
    let intrusion: number | null = null;
    let length = 1;
    if (stage === LIGHT && rng.chance(0.004)) {
      intrusion = WAKE;
      length = rng.int(1, 3);
    } else if ((stage === DEEP || stage === REM) && rng.chance(0.008)) {
      intrusion = LIGHT;
      length = rng.int(1, 2);
    }
    if (intrusion === null) continue;
    for (let k = 0; k < length && i < to; k++, i++) {
      if (hypnogram[i] !== stage) break;
      hypnogram[i] = intrusion;
    }
  }
}

function snoringTrack(hypnogram: readonly number[], rng: Rng): number[] {
  const propensity = rng.range(0.3, 1.6); // some people snore much more than others
  const start: Record<number, number> = { [LIGHT]: 0.02, [DEEP]: 0.04, [REM]: 0.003 };
  let on = false;
  return hypnogram.map((stage) => {
    if (stage === WAKE) on = false;
    else if (on) on = !rng.chance(0.12);
    else on = rng.chance((start[stage] ?? 0) * propensity);
    return on ? 1 : 0;
  });
}

function breathTrack(hypnogram: readonly number[], snoring: readonly number[], rng: Rng): number[] {
  const start: Record<number, number> = { [LIGHT]: 0.006, [DEEP]: 0.003, [REM]: 0.015 };
  let unstable = false;
  return hypnogram.map((stage, i) => {
    if (stage === WAKE) unstable = false;
    else if (unstable) unstable = !rng.chance(0.2);
    else unstable = rng.chance((start[stage] ?? 0) * (snoring[i] === 1 ? 3 : 1));
    return unstable ? 1 : 0;
  });
}

/** Generates one night. `rng` is consumed; fork it per night for stable results. */
export function generateNight(options: NightOptions, rng: Rng): Night {
  const epochs = Math.max(0, Math.floor(options.epochs));
  const hypnogram = new Array<number>(epochs).fill(WAKE);
  // Nights under 100 minutes (naps, test sessions) get a proportionally shorter onset and final wake.
  const scale = Math.min(1, epochs / 200);
  const onset = Math.min(epochs, Math.max(1, minutes(rng.range(8, 25) * scale)));
  const finalWake = Math.max(1, minutes(rng.range(3, 15) * scale));
  const sleepEnd = Math.max(onset, epochs - finalWake);
  const remStarts: number[] = [];

  let i = onset;
  for (let cycle = 0; i < sleepEnd; cycle++) {
    for (const [stage, length] of cycleSegments(cycle, rng)) {
      if (stage === REM && i < sleepEnd) remStarts.push(i);
      for (let k = 0; k < length && i < sleepEnd; k++) hypnogram[i++] = stage;
    }
  }
  fragment(hypnogram, onset, sleepEnd, rng);

  const snoring = snoringTrack(hypnogram, rng);
  const breath = options.breathing ? breathTrack(hypnogram, snoring, rng) : null;

  // Gaps: about one every three hours, 1 to 6 minutes long, inside the sleep period.
  const gaps: [number, number][] = [];
  if (options.gaps !== false && sleepEnd - onset > 40) {
    const hours = epochs / 120;
    for (let h = 0; h < Math.ceil(hours); h++) {
      if (!rng.chance(1 / 3)) continue;
      const length = rng.int(2, 12);
      const first = rng.int(onset + 10, Math.max(onset + 10, sleepEnd - 10 - length));
      gaps.push([first, length]);
    }
  }
  const sleep4 = [...hypnogram];
  for (const [first, length] of gaps) {
    for (let k = first; k < first + length && k < epochs; k++) {
      sleep4[k] = UNKNOWN;
      snoring[k] = UNKNOWN;
      if (breath) breath[k] = UNKNOWN;
    }
  }
  const sleep = options.stages === 2 ? sleep4.map((s) => (s === DEEP || s === REM ? LIGHT : s)) : sleep4;
  return {
    epochs,
    sleep,
    sleep4,
    snoring,
    breath,
    onset: hypnogram.some((s) => s !== WAKE) ? onset : epochs,
    finalWakeStart: sleepEnd,
    remStarts,
    gaps,
  };
}
