// The seed document's flat `stat` (seed-webhook-reference.md, "Stat Object Fields") converted into
// the official units and field names, for display and comparison. Raw numbers are never compared
// across the two conventions.
//
// Mapping, field by field (flat → official), and why:
// - `sleep_time` "HH:MM:SS": the seed documents it as "Total sleep duration (HH:MM:SS)". It is a
//   DURATION, so it is NOT the official `sleep_time` (the instant of sleep onset). Its meaning is the
//   official `time_in_sleep` (total sleep = light + deep + REM). It is converted to seconds and kept
//   apart (`sleepDuration`), because the flat stat also sends its own `time_in_sleep`, and the two
//   disagree in the seed's own example: "06:30:00" = 23400 s against time_in_sleep 27000 s (7:30:00).
//   ("06:30:00" is also the clock time of the session's end_time, 06:30:00+00:00, which suggests the
//   example writer mixed up a time of day and a duration.) compare.ts checks both against the
//   computed time_in_sleep and names the difference after the flat field (`sleep_time`).
// - `sleep_efficiency`: percent (88.24 = 27000 / 30600) → divided by 100 → 0-1. Always divided,
//   even when ≤ 1: guessing the unit per value would make 0.9 % and 90 % the same.
// - `sleep_cycle`: a list of `{order, start_time, end_time}` → `sleep_cycle_count` (its length),
//   `sleep_cycle` (mean cycle length in s, rounded half up; for contiguous cycles this is the
//   official "(last cluster end - sleep onset) / cycles") and `sleep_cycle_time` (the first cycle's
//   start, then each cycle's end: the official list of onset + cycle ends). The seed's single cycle
//   starts at 22:15 = start_time + sleep_latency (900 s), the official onset, which supports this.
//   Cycles are sorted by `order`; cycles that do not follow each other are kept, with a warning.
// - `sleep_latency`, `time_in_bed`, `time_in_sleep`, `time_in_light`, `time_in_deep`, `time_in_rem`,
//   `longest_waso` (seconds) and `waso_count` (count): same unit and meaning, copied.
// - `sleep_index`: proprietary (a float here, an integer officially): not converted, not compared.
// - Any other field: the seed documents no unit for it, so it is listed in `skipped`, not guessed.
import { parseInstant } from './instant';
import { divRoundHalfUp } from './rounding';

/** Flat fields with the same unit and meaning as the official ones. */
export const FLAT_SAME_UNIT_FIELDS = [
  'sleep_latency',
  'time_in_bed',
  'time_in_sleep',
  'time_in_light',
  'time_in_deep',
  'time_in_rem',
  'waso_count',
  'longest_waso',
] as const;

export interface FlatConversionProblem {
  field: string;
  value: unknown;
  message: string;
}

export interface FlatStatConversion {
  /** Official field names and units. Only fields derived from something the flat stat sent. */
  stat: Record<string, unknown>;
  /**
   * The flat `sleep_time` duration in seconds (official meaning: time_in_sleep); `undefined` when the
   * flat stat has no `sleep_time`, `null` when it was null or not an "HH:MM:SS" duration.
   */
  sleepDuration: number | null | undefined;
  /** Per official field (and `sleep_time`), where the value came from, for display and discrepancy notes. */
  notes: Record<string, string>;
  /** Values that could not be converted (the field is then left out of `stat`). */
  problems: FlatConversionProblem[];
  /** Values converted but odd (e.g. cycles that do not follow each other); also added to `notes`. */
  warnings: FlatConversionProblem[];
  /** Flat fields not carried over (proprietary or unit not documented). */
  skipped: string[];
}

/** "HH:MM:SS" (hours may have 1 to 3 digits) → seconds; null when not such a duration. */
export function parseHmsDuration(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d{1,3}):([0-5]\d):([0-5]\d)$/.exec(value);
  if (!m) return null;
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

interface Cycle {
  order: number | null;
  index: number;
  start: string;
  end: string;
  startMs: number;
  endMs: number;
}

function convertCycles(value: unknown, out: FlatStatConversion): void {
  const field = 'sleep_cycle';
  if (value === null) {
    out.stat['sleep_cycle_count'] = null;
    out.stat['sleep_cycle'] = null;
    out.stat['sleep_cycle_time'] = null;
    return;
  }
  if (!Array.isArray(value)) {
    out.problems.push({ field, value, message: 'expected a list of {order, start_time, end_time}' });
    return;
  }
  out.stat['sleep_cycle_count'] = value.length;
  const note = 'from the flat sleep_cycle list';
  out.notes['sleep_cycle_count'] = `${note} (its length)`;
  const cycles: Cycle[] = [];
  for (const [index, item] of value.entries()) {
    const obj = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : null;
    const start = parseInstant(obj?.['start_time']);
    const end = parseInstant(obj?.['end_time']);
    if (!obj || !start || !end) {
      out.problems.push({ field: `${field}.${index}`, value: item, message: 'expected {order, start_time, end_time} with ISO 8601 times' });
      return; // cycle lengths and times are not derivable; the count stays
    }
    const order = obj['order'];
    cycles.push({
      order: typeof order === 'number' && Number.isFinite(order) ? order : null,
      index,
      start: obj['start_time'] as string,
      end: obj['end_time'] as string,
      startMs: start.ms,
      endMs: end.ms,
    });
  }
  cycles.sort((a, b) => (a.order ?? a.index) - (b.order ?? b.index) || a.index - b.index);
  const firstCycle = cycles[0];
  if (!firstCycle) {
    out.stat['sleep_cycle'] = null;
    out.stat['sleep_cycle_time'] = [];
  } else {
    const totalSeconds = cycles.reduce((sum, c) => sum + (c.endMs - c.startMs) / 1000, 0);
    out.stat['sleep_cycle'] = Number.isInteger(totalSeconds) && totalSeconds >= 0
      ? divRoundHalfUp(totalSeconds, cycles.length)
      : Math.floor(totalSeconds / cycles.length + 0.5);
    out.stat['sleep_cycle_time'] = [firstCycle.start, ...cycles.map((c) => c.end)];
    for (const c of cycles) {
      if (c.endMs < c.startMs) {
        out.warnings.push({ field: `${field}.${c.index}`, value: value[c.index], message: 'end_time is before start_time' });
      }
    }
    for (let i = 1; i < cycles.length; i++) {
      const prev = cycles[i - 1] as Cycle;
      const cur = cycles[i] as Cycle;
      if (cur.startMs !== prev.endMs) {
        out.warnings.push({
          field: `${field}.${cur.index}`,
          value: value[cur.index],
          message: `cycle ${cur.order ?? cur.index + 1} does not start where the previous one ends; sleep_cycle_time lists each cycle's end`,
        });
      }
    }
  }
  const odd = out.warnings.map((w) => `${w.field}: ${w.message}`).join('; ');
  const suffix = odd === '' ? '' : `; ${odd}`;
  out.notes['sleep_cycle'] = `${note} (mean of end_time - start_time, seconds)${suffix}`;
  out.notes['sleep_cycle_time'] = `${note} (first start_time, then each end_time)${suffix}`;
}

/** Converts a flat-layout `stat` into official units (see the mapping at the top of this file). */
export function convertFlatStat(flat: Record<string, unknown>): FlatStatConversion {
  const out: FlatStatConversion = { stat: {}, sleepDuration: undefined, notes: {}, problems: [], warnings: [], skipped: [] };
  const same = new Set<string>(FLAT_SAME_UNIT_FIELDS);
  for (const [field, value] of Object.entries(flat)) {
    if (value === undefined) continue;
    if (same.has(field)) {
      out.stat[field] = value;
    } else if (field === 'sleep_time') {
      const seconds = value === null ? null : parseHmsDuration(value);
      if (value !== null && seconds === null) {
        out.problems.push({ field, value, message: 'expected a duration "HH:MM:SS"' });
      }
      out.sleepDuration = seconds;
      out.notes['sleep_time'] =
        `flat sleep_time ${JSON.stringify(value)} is a duration ("total sleep duration" in the seed document), compared with time_in_sleep in seconds`;
    } else if (field === 'sleep_efficiency') {
      if (value === null) {
        out.stat[field] = null;
      } else if (typeof value === 'number' && Number.isFinite(value)) {
        out.stat[field] = value / 100;
        out.notes[field] = `flat sleep_efficiency ${value} is in percent, converted to 0-1`;
      } else {
        out.problems.push({ field, value, message: 'expected a percentage' });
      }
    } else if (field === 'sleep_cycle') {
      convertCycles(value, out);
    } else {
      out.skipped.push(field);
    }
  }
  return out;
}
