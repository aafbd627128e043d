// A participant's nights as CSV, one row per night (the history table, for analysis).
import { formatDuration } from '../stats/format';
import { csvDocument, type CsvValue } from './csv';
import type { NightRow } from './night-rows';
import { isoWithOffset, zoneOffsetMinutes } from './zoned-time';

/**
 * `date`: the evening the night belongs to, in the session's zone (a start before noon counts for
 * the day before). `start` / `end`: ISO 8601 in that zone. Durations in seconds and as h:mm;
 * `efficiency_percent` and `rem_percent` (REM share of the sleep period, Asleep's rem_ratio) in
 * whole percent. Statistics are the console's own (recomputed from the stages). Empty = unknown.
 */
export const NIGHTS_CSV_HEADER = [
  'date',
  'timezone',
  'user_id',
  'session_id',
  'start',
  'end',
  'tst_hmm',
  'tst_seconds',
  'efficiency_percent',
  'sleep_latency_seconds',
  'waso_seconds',
  'rem_percent',
  'peculiarities',
  'state',
  'discrepancy_count',
] as const;

const hmm = (seconds: number | null): string | null => (seconds === null ? null : formatDuration(seconds));
const percent = (ratio: number | null): number | null => (ratio === null ? null : Math.round(Number((ratio * 100).toFixed(4))));

/** The instant in the night's zone (its own offset at that instant: a DST change moves the end's). */
function local(iso: string | null, r: NightRow): string | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  const offset = r.timezone ? zoneOffsetMinutes(ms, r.timezone) : r.offsetMinutes;
  if (!Number.isFinite(ms) || offset === null) return iso;
  return isoWithOffset(ms, offset);
}

export function nightsCsv(rows: readonly NightRow[]): string {
  return csvDocument(
    NIGHTS_CSV_HEADER,
    rows.map((r): CsvValue[] => [
      r.date,
      r.timezone,
      r.userId,
      r.sessionId,
      local(r.startTime, r),
      local(r.endTime, r),
      hmm(r.tst),
      r.tst,
      percent(r.efficiency),
      r.sleepLatency,
      r.waso,
      percent(r.remRatio),
      r.peculiarities.join(';'),
      r.state,
      r.discrepancyCount,
    ]),
  );
}
