// Pure mapping from a session to what the hypnogram plots. No chart.js and no DOM here: tested alone.
import { EPOCH_SECONDS } from '../../../../shared/asleep/model';
import type { EpochTrack, SessionDetail } from '../../../../shared/session';

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

export function stageName(code: number | null | undefined): string {
  const y = stageToY(code);
  return y === null ? 'no data' : (STAGE_ROWS[y] ?? 'no data');
}

/** Snoring: 0 none, 1 snoring; anything else unknown. */
export function snoringToY(code: number | null | undefined): number | null {
  return code === 0 || code === 1 ? code : null;
}

/**
 * One chart point. `epoch` is the epoch whose value the point carries. `edge` points close a run so
 * that its last epoch is drawn over its full 30 s ([i, i+1)) with a stepped line; they carry no epoch
 * of their own and tooltips skip them.
 */
export interface ChartPoint {
  x: number;
  y: number | null;
  epoch: number;
  edge: boolean;
}

/**
 * Values per epoch -> stepped-line points. Each run of non-null values gets a closing edge point at
 * x = last + 1, and each gap gets one null point so chart.js (spanGaps: false) breaks the line there.
 */
export function toStepPoints(track: EpochTrack, map: (v: number | null | undefined) => number | null): ChartPoint[] {
  const points: ChartPoint[] = [];
  let prev: number | null = null;
  for (let i = 0; i < track.length; i++) {
    const y = map(track[i]);
    if (y === null) {
      if (prev !== null) points.push({ x: i, y: prev, epoch: i - 1, edge: true });
      if (prev !== null || points.length === 0) points.push({ x: i, y: null, epoch: i, edge: true });
    } else {
      points.push({ x: i, y, epoch: i, edge: false });
    }
    prev = y;
  }
  if (prev !== null) points.push({ x: track.length, y: prev, epoch: track.length - 1, edge: true });
  return points;
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
  snoring: ChartPoint[];
  hasSnoring: boolean;
  /** For every epoch, the index of its (non-edge) point in `stages`, or -1. */
  stageIndex: number[];
  /** Raw sleep codes per epoch (for tooltips). */
  sleep: EpochTrack;
  snoringTrack: EpochTrack;
  totals: StageTotals;
  /** Present when both a final report and live chunks exist. */
  comparison: TrackComparison | null;
  startMs: number | null;
  timezone: string | null;
}

export function buildHypnogram(detail: Pick<SessionDetail, 'final' | 'live' | 'epochs' | 'startTime' | 'timezone'>): HypnogramModel {
  const tracks = detail.final ?? detail.epochs ?? detail.live;
  const source = detail.final ? 'final' : 'live';
  const sleep = tracks.sleep;
  const snoringTrack = tracks.snoring;
  const length = Math.max(sleep.length, snoringTrack.length);
  const stages = toStepPoints(sleep, stageToY);
  const stageIndex = new Array<number>(sleep.length).fill(-1);
  stages.forEach((p, i) => {
    if (!p.edge) stageIndex[p.epoch] = i;
  });
  const snoring = toStepPoints(snoringTrack, snoringToY);
  const liveHasData = detail.live.sleep.some((v) => stageToY(v) !== null);
  const start = detail.startTime ? Date.parse(detail.startTime) : NaN;
  return {
    source,
    length,
    plotted: stages.filter((p) => !p.edge).length,
    stages,
    snoring,
    hasSnoring: snoringTrack.some((v) => snoringToY(v) !== null),
    stageIndex,
    sleep,
    snoringTrack,
    totals: stageTotals(sleep),
    comparison: detail.final && liveHasData ? compareTracks(detail.final.sleep, detail.live.sleep) : null,
    startMs: Number.isFinite(start) ? start : null,
    timezone: detail.timezone,
  };
}

/** Start of epoch `x` (may be fractional) in ms, when the start time is known. */
export function epochTimeMs(startMs: number, x: number): number {
  return startMs + x * EPOCH_SECONDS * 1000;
}

const TICK_STEPS_MIN = [5, 10, 15, 30, 60, 120, 180, 240, 360];

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
  const spanMin = (length * EPOCH_SECONDS) / 60;
  const stepMin = TICK_STEPS_MIN.find((s) => spanMin / s <= target) ?? 720;
  const stepMs = stepMin * 60_000;
  const endMs = epochTimeMs(startMs, length);
  const ticks: { value: number; ms: number }[] = [];
  // Work in "local wall-clock ms" so that 01:00 means 01:00 in the session's zone.
  let local = Math.ceil((startMs + offsetAt(startMs)) / stepMs) * stepMs;
  for (let guard = 0; guard < 1000; guard++, local += stepMs) {
    const guess = local - offsetAt(startMs);
    const ms = local - offsetAt(guess);
    if (ms > endMs) break;
    if (ms < startMs) continue;
    ticks.push({ value: (ms - startMs) / (EPOCH_SECONDS * 1000), ms });
  }
  return ticks;
}

/** Ticks for a night with no known start: every hour of elapsed time ("+1 h"). */
export function elapsedTicks(length: number, target = 8): { value: number; ms: number }[] {
  if (length <= 0) return [];
  const spanMin = (length * EPOCH_SECONDS) / 60;
  const stepMin = TICK_STEPS_MIN.find((s) => spanMin / s <= target) ?? 720;
  const stepEpochs = (stepMin * 60) / EPOCH_SECONDS;
  const ticks: { value: number; ms: number }[] = [];
  for (let v = 0; v <= length; v += stepEpochs) ticks.push({ value: v, ms: v * EPOCH_SECONDS * 1000 });
  return ticks;
}
