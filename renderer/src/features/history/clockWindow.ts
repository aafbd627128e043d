// Geometry of the stacked mini-hypnograms: every night on one clock-time axis (minutes from 00:00 of
// the night's date, in the session's zone), 18:00 → 14:00 the next day, widened to fit any night
// that starts earlier or ends later. Pure: tested without a canvas.
import type { NightRow } from '../../../../shared/export/night-rows';

export const DEFAULT_FROM = 18 * 60;
export const DEFAULT_TO = (24 + 14) * 60;
const EPOCH_MINUTES = 0.5;

export interface ClockWindow {
  /** Minutes from 00:00 of each night's date. */
  from: number;
  to: number;
}

export function clockWindow(rows: readonly Pick<NightRow, 'startMinute' | 'stages'>[]): ClockWindow {
  let from = DEFAULT_FROM;
  let to = DEFAULT_TO;
  for (const r of rows) {
    if (r.startMinute === null) continue;
    from = Math.min(from, Math.floor(r.startMinute / 60) * 60);
    to = Math.max(to, Math.ceil((r.startMinute + r.stages.length * EPOCH_MINUTES) / 60) * 60);
  }
  return { from, to };
}

/** Hour marks to label on the axis: every `step` hours, as [minute, "HH:00"]. */
export function hourTicks(w: ClockWindow, step = 2): [number, string][] {
  const ticks: [number, string][] = [];
  const first = Math.ceil(w.from / 60 / step) * step;
  for (let h = first; h * 60 <= w.to; h += step) ticks.push([h * 60, `${String(((h % 24) + 24) % 24).padStart(2, '0')}:00`]);
  return ticks;
}

/** Stage character → level from the top of a row: Wake 0, REM 1, Light 2, Deep 3; null = no data. */
export function stageLevel(c: string): number | null {
  switch (c) {
    case '0':
      return 0;
    case '3':
      return 1;
    case '1':
      return 2;
    case '2':
      return 3;
    default:
      return null;
  }
}

export interface Run {
  /** First epoch and number of epochs of one stage. */
  first: number;
  length: number;
  level: number;
  stage: string;
}

/** A night's stages as runs of one stage; epochs without data end a run and are left out. */
export function stageRuns(stages: string): Run[] {
  const runs: Run[] = [];
  let current: Run | null = null;
  for (let i = 0; i < stages.length; i++) {
    const c = stages[i]!;
    const level = stageLevel(c);
    if (current && current.stage === c && current.first + current.length === i) {
      current.length++;
      continue;
    }
    if (level === null) {
      current = null;
      continue;
    }
    current = { first: i, length: 1, level, stage: c };
    runs.push(current);
  }
  return runs;
}

export function epochMinute(startMinute: number, epoch: number): number {
  return startMinute + epoch * EPOCH_MINUTES;
}
