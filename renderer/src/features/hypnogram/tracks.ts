// Pure mapping of the aligned tracks under the hypnogram (snoring, breathing stability, sleep-cycle
// bands, live-vs-final agreement) and of the vertical layout that stacks them under the stage rows.
// No chart.js and no DOM here: tested alone.
import { EPOCH_SECONDS } from '../../../../shared/asleep/model';
import type { EpochTrack } from '../../../../shared/session';
import { convertFlatStat } from '../../../../shared/stats';

/** A run of equal values over epochs [start, end) (fractional for cycle bands). */
export interface Run<V extends string = string> {
  start: number;
  end: number;
  value: V;
}

export type SnoringValue = 'snoring' | 'quiet';
export type BreathValue = 'stable' | 'unstable';
export type AgreementValue = 'agree' | 'differ' | 'final-only' | 'live-only';
export type TrackKind = 'snoring' | 'breath' | 'cycles' | 'agreement';

export interface Track {
  kind: TrackKind;
  /** Axis label of the lane. */
  label: string;
  runs: Run[];
}

/** Run-length encoding of `classify(i)` for i in [0, length); null values end a run and are left out. */
export function runsOf<V extends string>(length: number, classify: (i: number) => V | null): Run<V>[] {
  const runs: Run<V>[] = [];
  let current: Run<V> | null = null;
  for (let i = 0; i < length; i++) {
    const v = classify(i);
    if (current && v === current.value) {
      current.end = i + 1;
      continue;
    }
    if (current) runs.push(current);
    current = v === null ? null : { start: i, end: i + 1, value: v };
  }
  if (current) runs.push(current);
  return runs;
}

/** Snoring codes: 0 none, 1 snoring; anything else (-1, null, other) is no data. */
export function snoringClass(code: number | null | undefined): SnoringValue | null {
  return code === 1 ? 'snoring' : code === 0 ? 'quiet' : null;
}

/** Breathing: 0 stable, any other number unstable (no official code table); -1/null/missing: no data. */
export function breathClass(code: number | null | undefined): BreathValue | null {
  if (typeof code !== 'number' || !Number.isFinite(code) || code === -1) return null;
  return code === 0 ? 'stable' : 'unstable';
}

const isStage = (v: number | null | undefined): v is number => v === 0 || v === 1 || v === 2 || v === 3;

/** One epoch of the live chunks against the final report; null when neither has a stage there. */
export function agreementClass(final: number | null | undefined, live: number | null | undefined): AgreementValue | null {
  const f = isStage(final);
  const l = isStage(live);
  if (f && l) return final === live ? 'agree' : 'differ';
  if (f) return 'final-only';
  if (l) return 'live-only';
  return null;
}

export const hasAny = (track: EpochTrack | null | undefined, classify: (v: number | null | undefined) => string | null): boolean =>
  !!track && track.some((v) => classify(v) !== null);

export interface CycleBand {
  /** 1-based cycle number. */
  n: number;
  /** Epoch positions (fractional) on the x axis. */
  start: number;
  end: number;
  startMs: number;
  endMs: number;
}

/**
 * Sleep-cycle bands from a `sleep_cycle_time` list: `[sleep onset, end of cycle 1, end of cycle 2, …]`
 * (reference.md), so cycle n spans [times[n-1], times[n]). Positions are epochs from `startMs`.
 * Anything that is not such a list of date-times, or a band that is empty or reversed, is left out.
 */
export function cycleBands(times: unknown, startMs: number | null): CycleBand[] {
  if (startMs === null || !Array.isArray(times)) return [];
  const ms = times.map((t) => (typeof t === 'string' ? Date.parse(t) : NaN));
  const bands: CycleBand[] = [];
  for (let i = 1; i < ms.length; i++) {
    const a = ms[i - 1] as number;
    const b = ms[i] as number;
    if (!Number.isFinite(a) || !Number.isFinite(b) || b <= a) continue;
    const epochMs = EPOCH_SECONDS * 1000;
    bands.push({ n: i, start: (a - startMs) / epochMs, end: (b - startMs) / epochMs, startMs: a, endMs: b });
  }
  return bands;
}

export interface CycleSource {
  times: unknown[];
  from: 'server' | 'computed';
}

/**
 * Where the cycle bands come from: the server's `sleep_cycle_time` when it sent one (converted from
 * the flat layout's `sleep_cycle` list), else our recomputation. A server list, even empty, wins.
 */
export function cycleTimesSource(
  serverStat: Record<string, unknown> | null | undefined,
  statUnits: 'official' | 'flat' | null | undefined,
  computedStat: Record<string, unknown> | null | undefined,
): CycleSource | null {
  if (serverStat) {
    const server = statUnits === 'flat' ? convertFlatStat(serverStat).stat['sleep_cycle_time'] : serverStat['sleep_cycle_time'];
    if (Array.isArray(server)) return { times: server, from: 'server' };
  }
  const computed = computedStat?.['sleep_cycle_time'];
  return Array.isArray(computed) ? { times: computed, from: 'computed' } : null;
}

export interface TrackInput {
  length: number;
  snoring: EpochTrack;
  breath: EpochTrack;
  cycles: CycleBand[];
  /** Both timelines, only when both have data. */
  compare: { final: EpochTrack; live: EpochTrack } | null;
}

/** The lanes to draw, top to bottom: only those with something to show. */
export function buildTracks(input: TrackInput): Track[] {
  const tracks: Track[] = [];
  const { length, snoring, breath, cycles, compare } = input;
  if (hasAny(snoring, snoringClass)) {
    tracks.push({ kind: 'snoring', label: 'Snoring', runs: runsOf(length, (i) => snoringClass(snoring[i])) });
  }
  if (hasAny(breath, breathClass)) {
    tracks.push({ kind: 'breath', label: 'Breathing', runs: runsOf(length, (i) => breathClass(breath[i])) });
  }
  if (cycles.length > 0) {
    tracks.push({ kind: 'cycles', label: 'Cycles', runs: cycles.map((c) => ({ start: c.start, end: c.end, value: String(c.n) })) });
  }
  if (compare) {
    const n = Math.max(length, compare.final.length, compare.live.length);
    tracks.push({ kind: 'agreement', label: 'Live/final', runs: runsOf(n, (i) => agreementClass(compare.final[i], compare.live[i])) });
  }
  return tracks;
}

// ---------------------------------------------------------------- vertical layout (y-axis units)
// The stage rows sit at y = 0 (Deep) .. 3 (Wake); the lanes are stacked below them, at negative y,
// so every track shares the chart's one x axis: zoom and pan move them together.

export const STAGE_TOP = 3.45;
export const STAGE_BOTTOM = -0.45;
/** 2-stage plans draw only Wake (3) and Sleep (1, the Light row): nothing below the Sleep row. */
export const TWO_STAGE_BOTTOM = 0.55;

export const stageBottom = (twoStage: boolean): number => (twoStage ? TWO_STAGE_BOTTOM : STAGE_BOTTOM);
export const LANE_HEIGHT = 0.5;
export const LANE_GAP = 0.14;
/** Pixels per y unit, so that stage rows and lanes keep their size whatever the number of lanes. */
export const PX_PER_UNIT = 56;
/** Room for the x axis ticks under the plot. */
export const X_AXIS_PX = 30;

export interface Lane {
  top: number;
  bottom: number;
  center: number;
}

/** Lane `k` (0 = just under the lowest stage row, whose bottom edge is `bottom`). */
export function lane(k: number, bottom = STAGE_BOTTOM): Lane {
  const top = bottom - LANE_GAP - k * (LANE_HEIGHT + LANE_GAP);
  return { top, bottom: top - LANE_HEIGHT, center: top - LANE_HEIGHT / 2 };
}

/** Lowest y of the plot for `lanes` lanes. */
export function yMin(lanes: number, bottom = STAGE_BOTTOM): number {
  return lanes === 0 ? bottom : lane(lanes - 1, bottom).bottom - LANE_GAP / 2;
}

/** Height (CSS px) of the chart box: stage rows, lanes and the x axis. */
export function chartHeight(lanes: number, pxPerUnit = PX_PER_UNIT, bottom = STAGE_BOTTOM): number {
  return Math.round((STAGE_TOP - yMin(lanes, bottom)) * pxPerUnit + X_AXIS_PX);
}
