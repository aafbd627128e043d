// The server's per-night statistics, with units, in either convention (official seconds and 0-1 ratios,
// or the flat seed document's "HH:MM:SS" and percentages). Never mixes the two without converting.
import { formatDuration, formatRatio } from '../../lib/units';
import { formatTime } from '../../lib/time';

type Kind = 'duration' | 'efficiency' | 'time' | 'count' | 'number';

const FIELDS: { key: string; label: string; kind: Kind }[] = [
  { key: 'time_in_bed', label: 'Time in bed', kind: 'duration' },
  { key: 'time_in_sleep', label: 'Asleep', kind: 'duration' },
  { key: 'sleep_efficiency', label: 'Sleep efficiency', kind: 'efficiency' },
  { key: 'sleep_latency', label: 'Fell asleep after', kind: 'duration' },
  { key: 'sleep_time', label: 'Fell asleep at', kind: 'time' },
  { key: 'wake_time', label: 'Woke up at', kind: 'time' },
  { key: 'time_in_wake', label: 'Awake after sleep onset', kind: 'duration' },
  { key: 'waso_count', label: 'Wake-ups', kind: 'count' },
  { key: 'longest_waso', label: 'Longest wake-up', kind: 'duration' },
  { key: 'time_in_light', label: 'Light', kind: 'duration' },
  { key: 'time_in_deep', label: 'Deep', kind: 'duration' },
  { key: 'time_in_rem', label: 'REM', kind: 'duration' },
  { key: 'sleep_cycle_count', label: 'Sleep cycles', kind: 'count' },
  { key: 'time_in_snoring', label: 'Snoring', kind: 'duration' },
  { key: 'sleep_index', label: 'Sleep index', kind: 'number' },
];

export interface StatRow {
  key: string;
  label: string;
  value: string;
}

/** "06:30:00" -> 23400 (seconds), else null. */
export function parseHms(v: string): number | null {
  const m = /^(\d+):([0-5]\d):([0-5]\d)$/.exec(v);
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : null;
}

function format(v: unknown, kind: Kind, units: 'official' | 'flat', zone: string | null): string | null {
  if (v === null || v === undefined) return null;
  if (kind === 'duration') {
    if (typeof v === 'number') return formatDuration(v);
    if (typeof v === 'string') {
      const s = parseHms(v);
      return s === null ? v : formatDuration(s);
    }
  }
  if (kind === 'efficiency' && typeof v === 'number') return units === 'flat' ? `${v.toFixed(1)} %` : formatRatio(v);
  if (kind === 'time' && typeof v === 'string') {
    const t = Date.parse(v);
    return Number.isFinite(t) ? formatTime(t, 'clock', zone) : v;
  }
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(2);
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

export function statRows(stat: Record<string, unknown> | null, units: 'official' | 'flat' | null, zone: string | null): StatRow[] {
  if (!stat) return [];
  const u = units ?? 'official';
  const rows: StatRow[] = [];
  for (const f of FIELDS) {
    // In the flat layout `sleep_time` is a duration ("06:30:00"), not a clock time.
    const flatSleepTime = u === 'flat' && f.key === 'sleep_time';
    const value = format(stat[f.key], flatSleepTime ? 'duration' : f.kind, u, zone);
    if (value !== null) rows.push({ key: f.key, label: flatSleepTime ? 'Sleep time' : f.label, value });
  }
  return rows;
}
