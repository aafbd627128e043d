// Proportions of the stage-distribution bar. Pure: tested alone.
import { EPOCH_SECONDS } from '../../../../shared/asleep/model';
import { formatDuration } from '../../../../shared/stats';
import type { StageTotals } from '../hypnogram/mapping';

export type SegmentKey = 'wake' | 'rem' | 'light' | 'deep' | 'sleep' | 'unknown';

export interface Segment {
  key: SegmentKey;
  label: string;
  epochs: number;
  /** Share of all epochs, 0-1 (the bar's width). */
  fraction: number;
  /** Whole percent; the shown percents add up to exactly 100 (largest remainder). */
  percent: number;
  /** h:mm */
  duration: string;
}

/**
 * Whole percents that add up to 100: floor each, then give the missing points to the largest
 * remainders (ties: the earlier segment). All zero when there is nothing.
 */
export function wholePercents(counts: readonly number[]): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total <= 0) return counts.map(() => 0);
  const exact = counts.map((c) => (c * 100) / total);
  const floors = exact.map(Math.floor);
  let missing = 100 - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (missing <= 0) break;
    if ((counts[i] ?? 0) === 0) continue;
    floors[i] = (floors[i] ?? 0) + 1;
    missing--;
  }
  return floors;
}

/** Segments in hypnogram order (Wake, REM, Light, Deep, then gaps); 2-stage: Wake, Sleep, gaps. */
export function stageSegments(t: StageTotals, twoStage: boolean): Segment[] {
  const parts: { key: SegmentKey; label: string; epochs: number }[] = twoStage
    ? [
        { key: 'wake', label: 'Wake', epochs: t.wake },
        { key: 'sleep', label: 'Sleep', epochs: t.light + t.deep + t.rem },
        { key: 'unknown', label: 'No data', epochs: t.unknown },
      ]
    : [
        { key: 'wake', label: 'Wake', epochs: t.wake },
        { key: 'rem', label: 'REM', epochs: t.rem },
        { key: 'light', label: 'Light', epochs: t.light },
        { key: 'deep', label: 'Deep', epochs: t.deep },
        { key: 'unknown', label: 'No data', epochs: t.unknown },
      ];
  const total = parts.reduce((a, p) => a + p.epochs, 0);
  const percents = wholePercents(parts.map((p) => p.epochs));
  return parts.map((p, i) => ({
    ...p,
    fraction: total > 0 ? p.epochs / total : 0,
    percent: percents[i] ?? 0,
    duration: formatDuration(p.epochs * EPOCH_SECONDS),
  }));
}
