// Pure mapping from a session to what the hypnogram plots. No chart.js and no DOM here: tested alone.
import { EPOCH_SECONDS } from '../../../../shared/asleep/model';
import type { EpochTrack, SessionDetail } from '../../../../shared/session';
import { looksTwoStage, stageName as officialStageName } from '../../../../shared/stats';
import {
  agreementClass,
  breathClass,
  buildTracks,
  cycleBands,
  cycleTimesSource,
  hasAny,
  snoringClass,
  type AgreementValue,
  type CycleBand,
  type Track,
} from './tracks';

/** Chart rows, bottom to top. Asleep codes: 0 wake, 1 light, 2 deep, 3 REM. */
export const STAGE_ROWS = ['Deep', 'Light', 'REM', 'Wake'] as const;
export type StageRow = (typeof STAGE_ROWS)[number];
export const Y_DEEP = 0;
export const Y_LIGHT = 1;
export const Y_REM = 2;
export const Y_WAKE = 3;

/** Asleep stage code -> chart row; anything else (-1, null, unknown codes) -> null: a gap, never wake. */
export function stageToY(code: number | null | undefined): number | null {
  switch (code) {
    case 0:
      return Y_WAKE;
    case 3:
      return Y_REM;
    case 1:
      return Y_LIGHT;
    case 2:
      return Y_DEEP;
    default:
      return null;
  }
}

/** Stage name for tooltips; on 2-stage plans every sleep code is "Sleep". Unknown is "no data", never wake. */
export function stageName(code: number | null | undefined, twoStage = false): string {
  const y = stageToY(code);
  return y === null ? 'no data' : officialStageName(code, twoStage);
}

/** Y-axis rows with a label: all four stages, or Wake and Sleep (on the Light row) on 2-stage plans. */
export function stageTicks(twoStage: boolean): { value: number; label: string }[] {
  return twoStage
    ? [
        { value: Y_LIGHT, label: 'Sleep' },
        { value: Y_WAKE, label: 'Wake' },
      ]
    : STAGE_ROWS.map((label, value) => ({ value, label }));
}

/** Snoring: 0 none, 1 snoring; anything else unknown. */
export function snoringToY(code: number | null | undefined): number | null {
  return code === 0 || code === 1 ? code : null;
}

/**
 * One chart point. `epoch` is the first epoch of the run the point starts. `edge` points close a run
 * so that its last epoch is drawn over its full 30 s ([i, i+1)) with a stepped line; they carry no
 * epoch of their own and tooltips skip them.
 */
export interface ChartPoint {
  x: number;
  y: number | null;
  epoch: number;
  edge: boolean;
}

/**
 * Values per epoch -> stepped-line points: one point where a run of equal values starts (a night
 * has a few hundred stage changes, not thousands: fewer segments to draw), a closing edge point at
 * x = last + 1 of each run before a gap or the end, and one null point per gap so chart.js
 * (spanGaps: false) breaks the line there.
 */
export function toStepPoints(track: EpochTrack, map: (v: number | null | undefined) => number | null): ChartPoint[] {
  const points: ChartPoint[] = [];
  let prev: number | null = null;
  for (let i = 0; i < track.length; i++) {
    const y = map(track[i]);
    if (y === null) {
      if (prev !== null) points.push({ x: i, y: prev, epoch: i - 1, edge: true });
      if (prev !== null || points.length === 0) points.push({ x: i, y: null, epoch: i, edge: true });
    } else if (y !== prev) {
      points.push({ x: i, y, epoch: i, edge: false });
    }
    prev = y;
  }
  if (prev !== null) points.push({ x: track.length, y: prev, epoch: track.length - 1, edge: true });
  return points;
}

/** For every epoch, the index of the point that starts its run in `points`, or -1 (no stage). */
export function runIndex(points: readonly ChartPoint[], length: number): number[] {
  const index = new Array<number>(length).fill(-1);
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as ChartPoint;
    if (p.edge) continue;
    const end = Math.min(points[i + 1]?.x ?? length, length);
    for (let e = p.epoch; e < end; e++) index[e] = i;
  }
  return index;
}

export interface StageTotals {
  wake: number;
  rem: number;
  light: number;
  deep: number;
  /** Epochs inside the track with no (or an unknown) value. */
  unknown: number;
}

export function stageTotals(track: EpochTrack): StageTotals {
  const t: StageTotals = { wake: 0, rem: 0, light: 0, deep: 0, unknown: 0 };
  for (const v of track) {
    const y = stageToY(v);
    if (y === Y_WAKE) t.wake++;
    else if (y === Y_REM) t.rem++;
    else if (y === Y_LIGHT) t.light++;
    else if (y === Y_DEEP) t.deep++;
    else t.unknown++;
  }
  return t;
}

export interface TrackComparison {
  /** Epochs where both the final report and the live chunks have a stage, and they differ. */
  differing: number;
  /** Epochs the final report has and the live chunks do not. */
  onlyFinal: number;
  /** Epochs the live chunks have and the final report does not. */
  onlyLive: number;
}

export function compareTracks(final: EpochTrack, live: EpochTrack): TrackComparison {
  const c: TrackComparison = { differing: 0, onlyFinal: 0, onlyLive: 0 };
  const n = Math.max(final.length, live.length);
  for (let i = 0; i < n; i++) {
    const f = stageToY(final[i]);
    const l = stageToY(live[i]);
    if (f !== null && l !== null) {
      if (f !== l) c.differing++;
    } else if (f !== null) c.onlyFinal++;
    else if (l !== null) c.onlyLive++;
  }
  return c;
}

export interface HypnogramModel {
  /** Which timeline is plotted: the final report when there is one, else the live chunks. */
  source: 'final' | 'live';
  /** Epochs on the x axis (0 .. length). */
  length: number;
  /** Epochs with a known stage: what the chart actually draws. */
  plotted: number;
  stages: ChartPoint[];
  hasSnoring: boolean;
  hasBreath: boolean;
  /** For every epoch, the index of the (non-edge) point that starts its run in `stages`, or -1. */
  stageIndex: number[];
  /** Raw codes per epoch (for tooltips). */
  sleep: EpochTrack;
  snoringTrack: EpochTrack;
  breathTrack: EpochTrack;
  totals: StageTotals;
  /** Present when both a final report and live chunks exist. */
  comparison: TrackComparison | null;
  /** Per epoch, the live chunks against the final report (only when `comparison` is present). */
  liveSleep: EpochTrack | null;
  /** 2-stage plan (the server's light/deep/REM statistics are null): stage 1 is "Sleep". */
  twoStage: boolean;
  cycles: CycleBand[];
  /** Where the cycle bands come from (null: no cycle list anywhere). */
  cycleSource: 'server' | 'computed' | null;
  /** Lanes under the stage rows, top to bottom. */
  tracks: Track[];
  startMs: number | null;
  timezone: string | null;
}

export type HypnogramInput = Pick<SessionDetail, 'final' | 'live' | 'epochs' | 'startTime' | 'timezone'> &
  Partial<Pick<SessionDetail, 'serverStat' | 'statUnits' | 'computedStat'>>;

export function buildHypnogram(detail: HypnogramInput): HypnogramModel {
  const tracks = detail.final ?? detail.epochs ?? detail.live;
  const source = detail.final ? 'final' : 'live';
  const sleep = tracks.sleep;
  const snoringTrack = tracks.snoring;
  const breathTrack = tracks.breath ?? [];
  const length = Math.max(sleep.length, snoringTrack.length, breathTrack.length);
  const stages = toStepPoints(sleep, stageToY);
  const stageIndex = runIndex(stages, sleep.length);
  let plotted = 0;
  for (const i of stageIndex) if (i !== -1) plotted++;
  const liveHasData = detail.live.sleep.some((v) => stageToY(v) !== null);
  const compare = detail.final && liveHasData ? { final: detail.final.sleep, live: detail.live.sleep } : null;
  const start = detail.startTime ? Date.parse(detail.startTime) : NaN;
  const startMs = Number.isFinite(start) ? start : null;
  const cycleSource = cycleTimesSource(detail.serverStat, detail.statUnits, detail.computedStat);
  const cycles = cycleBands(cycleSource?.times, startMs);
  return {
    source,
    length,
    plotted,
    stages,
    hasSnoring: hasAny(snoringTrack, snoringClass),
    hasBreath: hasAny(breathTrack, breathClass),
    stageIndex,
    sleep,
    snoringTrack,
    breathTrack,
    totals: stageTotals(sleep),
    comparison: compare ? compareTracks(compare.final, compare.live) : null,
    liveSleep: compare ? compare.live : null,
    twoStage: looksTwoStage(detail.serverStat),
    cycles,
    cycleSource: cycleSource?.from ?? null,
    tracks: buildTracks({ length, snoring: snoringTrack, breath: breathTrack, cycles, compare }),
    startMs,
    timezone: detail.timezone,
  };
}

/** What the tracks say about one epoch (for the tooltip). */
export interface EpochDetails {
  snoring: 'snoring' | 'quiet' | null;
  breath: 'stable' | 'unstable' | null;
  cycle: number | null;
  agreement: AgreementValue | null;
  /** The live chunks' stage there, when they differ from the report. */
  liveStage: number | null;
}

export function epochDetails(model: HypnogramModel, epoch: number): EpochDetails {
  const mid = epoch + 0.5;
  const cycle = model.cycles.find((c) => mid >= c.start && mid < c.end);
  const live = model.liveSleep ? model.liveSleep[epoch] : undefined;
  const agreement = model.liveSleep ? agreementClass(model.sleep[epoch], live) : null;
  return {
    snoring: snoringClass(model.snoringTrack[epoch]),
    breath: breathClass(model.breathTrack[epoch]),
    cycle: cycle ? cycle.n : null,
    agreement,
    liveStage: agreement === 'differ' ? (live ?? null) : null,
  };
}

/** Start of epoch `x` (may be fractional) in ms, when the start time is known. */
export function epochTimeMs(startMs: number, x: number): number {
  return startMs + x * EPOCH_SECONDS * 1000;
}

const TICK_STEPS_MIN = [1, 2, 5, 10, 15, 30, 60, 120, 180, 240, 360];

/**
 * X-axis ticks at round clock times in the session's zone (e.g. every hour on the hour).
 * `offsetAt(ms)` gives the zone's UTC offset in ms at an instant (injected so this stays pure).
 * Positions are fractional epoch indices; about `target` ticks over the whole axis.
 */
export function clockTicks(
  startMs: number,
  length: number,
  offsetAt: (ms: number) => number,
  target = 8,
): { value: number; ms: number }[] {
  if (length <= 0) return [];
  return clockTicksBetween(startMs, 0, length, offsetAt, target);
}

/** Like `clockTicks`, over the visible range [from, to] (epochs) of a zoomed axis. */
export function clockTicksBetween(
  startMs: number,
  from: number,
  to: number,
  offsetAt: (ms: number) => number,
  target = 8,
): { value: number; ms: number }[] {
  if (!(to > from)) return [];
  const spanMin = ((to - from) * EPOCH_SECONDS) / 60;
  const stepMin = TICK_STEPS_MIN.find((s) => spanMin / s <= target) ?? 720;
  const stepMs = stepMin * 60_000;
  const fromMs = epochTimeMs(startMs, from);
  const endMs = epochTimeMs(startMs, to);
  const ticks: { value: number; ms: number }[] = [];
  // Work in "local wall-clock ms" so that 01:00 means 01:00 in the session's zone.
  let local = Math.ceil((fromMs + offsetAt(fromMs)) / stepMs) * stepMs;
  for (let guard = 0; guard < 1000; guard++, local += stepMs) {
    const guess = local - offsetAt(fromMs);
    const ms = local - offsetAt(guess);
    if (ms > endMs) break;
    if (ms < fromMs) continue;
    ticks.push({ value: (ms - startMs) / (EPOCH_SECONDS * 1000), ms });
  }
  return ticks;
}

/** Ticks for a night with no known start: every hour of elapsed time ("+1 h"). */
export function elapsedTicks(length: number, target = 8): { value: number; ms: number }[] {
  if (length <= 0) return [];
  return elapsedTicksBetween(0, length, target);
}

/** Like `elapsedTicks`, over the visible range [from, to] (epochs). */
export function elapsedTicksBetween(from: number, to: number, target = 8): { value: number; ms: number }[] {
  if (!(to > from)) return [];
  const spanMin = ((to - from) * EPOCH_SECONDS) / 60;
  const stepMin = TICK_STEPS_MIN.find((s) => spanMin / s <= target) ?? 720;
  const stepEpochs = (stepMin * 60) / EPOCH_SECONDS;
  const ticks: { value: number; ms: number }[] = [];
  for (let v = Math.ceil(from / stepEpochs) * stepEpochs; v <= to; v += stepEpochs) ticks.push({ value: v, ms: v * EPOCH_SECONDS * 1000 });
  return ticks;
}
