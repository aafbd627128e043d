// A night as CSV, one row per 30-s epoch, for analysis in R, Python or a spreadsheet.
import { EPOCH_SECONDS } from '../asleep/model';
import type { SessionDetail } from '../session';
import { looksTwoStage } from '../stats/compute';
import { stageName } from '../stats/format';
import { csvDocument, type CsvValue } from './csv';
import { isKnownZone, isoUtc, isoWithOffset, zoneOffsetMinutes } from './zoned-time';

/**
 * Columns, always the same so files can be stacked:
 * `epoch` (0-based), `start_time` (UTC, ISO 8601), `stage` (0 wake, 1 light, 2 deep, 3 REM),
 * `stage_name`, `snoring` (0/1), `breath` (as sent), `start_time_local` (in the session's zone,
 * empty when the zone is unknown). Unknown values are empty cells, never 0 / "Wake".
 */
export const SESSION_CSV_HEADER = ['epoch', 'start_time', 'stage', 'stage_name', 'snoring', 'breath', 'start_time_local'] as const;

const value = (v: number | null | undefined): CsvValue => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function sessionCsv(detail: SessionDetail): string {
  const { sleep, snoring, breath } = detail.epochs;
  const length = Math.max(sleep.length, snoring.length, breath.length);
  const start = detail.startTime ? Date.parse(detail.startTime) : NaN;
  const hasStart = Number.isFinite(start);
  const zone = isKnownZone(detail.timezone) ? detail.timezone : null;
  const twoStage = looksTwoStage(detail.serverStat);
  const rows: CsvValue[][] = [];
  for (let i = 0; i < length; i++) {
    const at = start + i * EPOCH_SECONDS * 1000;
    const stage = value(sleep[i]);
    let local: string | null = null;
    if (hasStart && zone) {
      const offset = zoneOffsetMinutes(at, zone);
      local = offset === null ? null : isoWithOffset(at, offset);
    }
    rows.push([
      i,
      hasStart ? isoUtc(at) : null,
      stage,
      stage === null ? null : stageName(stage as number, twoStage),
      value(snoring[i]),
      value(breath[i]),
      local,
    ]);
  }
  return csvDocument(SESSION_CSV_HEADER, rows);
}
