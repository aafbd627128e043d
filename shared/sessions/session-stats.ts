import { EPOCH_SECONDS } from '../asleep/model';
import type { SessionDetail } from '../session';
import { compareStat, computeStat, looksTwoStage } from '../stats';
import type { SessionData } from './timeline';

/**
 * Our own statistics for a night, beside the server's. A finished night is computed from the
 * report's arrays and times and compared field by field; a live one from the chunks so far, over
 * the time they cover (there is nothing to compare it with yet).
 */
export function sessionStats(s: SessionData): Pick<SessionDetail, 'computedStat' | 'discrepancies'> {
  const report = s.complete?.report;
  if (report && report.sleep) {
    const twoStage = looksTwoStage(report.stat);
    const computed = computeStat({ sleep: report.sleep, snoring: report.snoring, startTime: report.startTime, endTime: report.endTime, twoStage });
    return { computedStat: computed, discrepancies: report.stat ? compareStat(report.stat, computed, report.statUnits) : [] };
  }
  const sleep = s.live.sleep;
  if (sleep.length === 0 || !sleep.some((v) => v !== null)) return { computedStat: null, discrepancies: [] };
  const start = s.start ? Date.parse(s.start.time) : NaN;
  const startTime = Number.isFinite(start) ? new Date(start).toISOString() : null;
  const endTime = Number.isFinite(start) ? new Date(start + sleep.length * EPOCH_SECONDS * 1000).toISOString() : null;
  return { computedStat: computeStat({ sleep, snoring: s.live.snoring, startTime, endTime }), discrepancies: [] };
}
