// Compare the server's `stat` with the recomputed one, field by field (issue: "exact for seconds and
// counts, ±0.01 for ratios, same instant for times"). Field names are Asleep's official ones.
import type { OfficialStat, OfficialStatField } from './compute';
import { convertFlatStat } from './flat-units';
import { parseIsoDateTime } from '../asleep/iso-time';

export type Discrepancy = { field: string; server: unknown; computed: unknown; note?: string };

/** How a field is compared. */
export type FieldKind = 'seconds' | 'count' | 'ratio' | 'average' | 'instant' | 'instants';

/** Tolerance for ratios (0-1). A tiny epsilon absorbs binary noise such as 0.86 - 0.85. */
export const RATIO_TOLERANCE = 0.01;
const EPSILON = 1e-9;
/**
 * `sleep_cycle` is an average in seconds: sleep-stats-ts rounds it half up, pysleep keeps the float
 * (e.g. 5415.5). DECISION: values within half a second are the same.
 */
export const AVERAGE_TOLERANCE = 0.5;

export const FIELD_KINDS: Readonly<Record<OfficialStatField, FieldKind>> = {
  time_in_bed: 'seconds',
  sleep_latency: 'seconds',
  wakeup_latency: 'seconds',
  sleep_time: 'instant',
  wake_time: 'instant',
  time_in_sleep: 'seconds',
  time_in_wake: 'seconds',
  time_in_sleep_period: 'seconds',
  time_in_light: 'seconds',
  time_in_deep: 'seconds',
  time_in_rem: 'seconds',
  light_latency: 'seconds',
  deep_latency: 'seconds',
  rem_latency: 'seconds',
  sleep_efficiency: 'ratio',
  sleep_ratio: 'ratio',
  wake_ratio: 'ratio',
  light_ratio: 'ratio',
  deep_ratio: 'ratio',
  rem_ratio: 'ratio',
  waso_count: 'count',
  longest_waso: 'seconds',
  sleep_cycle_count: 'count',
  sleep_cycle: 'average',
  sleep_cycle_time: 'instants',
  time_in_snoring: 'seconds',
  time_in_no_snoring: 'seconds',
  snoring_ratio: 'ratio',
  no_snoring_ratio: 'ratio',
};

/** Server fields that cannot be recomputed from the arrays: never compared. */
export const NOT_RECOMPUTABLE_FIELDS = [
  'sleep_index',
  'breathing_index',
  'breathing_pattern',
  'unstable_breath_count',
  'time_in_stable_breath',
  'time_in_unstable_breath',
  'stable_breath_ratio',
  'unstable_breath_ratio',
  // Only an SDK model field; no public definition (reference.md), so not recomputed.
  'snoring_count',
] as const;

export interface StatComparison {
  discrepancies: Discrepancy[];
  /** Fields that were compared (present in the server stat and recomputable). */
  compared: string[];
  /** Server fields not compared (proprietary, undefined or unknown), in the server's order. */
  skipped: string[];
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Why `server` and `computed` differ for a field of `kind`, or null when they agree. */
function differs(kind: FieldKind, server: unknown, computed: unknown): string | null | true {
  if (kind === 'instants') {
    // null and [] both mean "no cycle time" (sleep-stats-ts returns null, pysleep and the official example []).
    const s = server === null ? [] : server;
    const c = computed === null ? [] : computed;
    if (!Array.isArray(s)) return 'not a list of ISO 8601 date-times';
    if (!Array.isArray(c)) return true;
    if (s.length !== c.length) return `${s.length} times on the server, ${c.length} computed`;
    for (let i = 0; i < s.length; i++) {
      const a = parseIsoDateTime(s[i]);
      if (a === null) return `element ${i} is not an ISO 8601 date-time`;
      if (a !== parseIsoDateTime(c[i])) return `element ${i} is a different instant`;
    }
    return null;
  }
  if (server === null || computed === null) return server === computed ? null : true;
  if (kind === 'instant') {
    const a = parseIsoDateTime(server);
    if (a === null) return 'not an ISO 8601 date-time';
    return a === parseIsoDateTime(computed) ? null : true;
  }
  if (!isNumber(server)) return 'not a number';
  if (!isNumber(computed)) return true;
  const diff = Math.abs(server - computed);
  switch (kind) {
    case 'ratio':
      return diff <= RATIO_TOLERANCE + EPSILON ? null : true;
    case 'average':
      return diff <= AVERAGE_TOLERANCE ? null : true;
    default:
      return diff === 0 ? null : true;
  }
}

function compareFields(
  server: Record<string, unknown>,
  computed: OfficialStat,
  notes: Record<string, string>,
  result: StatComparison,
): void {
  const kinds = FIELD_KINDS as Readonly<Record<string, FieldKind>>;
  for (const [field, value] of Object.entries(server)) {
    const kind = Object.hasOwn(kinds, field) ? kinds[field] : undefined;
    if (value === undefined || kind === undefined) {
      result.skipped.push(field);
      continue;
    }
    result.compared.push(field);
    const c = computed[field as OfficialStatField];
    const why = differs(kind, value, c);
    if (why === null) continue;
    const noteParts = [typeof why === 'string' ? why : null, notes[field] ?? null].filter((p): p is string => p !== null);
    result.discrepancies.push({
      field,
      server: value,
      computed: c,
      ...(noteParts.length > 0 ? { note: noteParts.join('; ') } : {}),
    });
  }
}

/**
 * Compares field by field, with the fields used and skipped. Only fields present (not undefined) in
 * the server stat are compared; proprietary and unknown ones are skipped. `units: 'flat'` converts
 * the seed layout first (flat-units.ts); discrepancies are then in official units, with a note
 * saying what the flat payload sent.
 */
export function compareStatDetailed(
  server: Record<string, unknown> | null,
  computed: OfficialStat,
  units: 'official' | 'flat',
): StatComparison {
  const result: StatComparison = { discrepancies: [], compared: [], skipped: [] };
  if (server === null) return result;
  if (units === 'official') {
    compareFields(server, computed, {}, result);
    return result;
  }
  const flat = convertFlatStat(server);
  compareFields(flat.stat, computed, flat.notes, result);
  // The flat sleep_time is a duration meaning total sleep: compared with time_in_sleep.
  if (flat.sleepDuration !== undefined) {
    result.compared.push('sleep_time');
    if (flat.sleepDuration !== computed.time_in_sleep) {
      result.discrepancies.push({
        field: 'sleep_time',
        server: flat.sleepDuration === null ? server['sleep_time'] : flat.sleepDuration,
        computed: computed.time_in_sleep,
        note: notes(flat.sleepDuration === null && server['sleep_time'] !== null ? 'not a duration "HH:MM:SS"' : null, flat.notes['sleep_time']),
      });
    }
  }
  for (const problem of flat.problems) {
    // Unconvertible values other than sleep_time (reported above) are differences the user must see.
    if (problem.field === 'sleep_time') continue;
    const field = problem.field.split('.')[0] ?? problem.field; // 'sleep_cycle.1' → 'sleep_cycle'
    result.discrepancies.push({
      field,
      server: problem.value,
      computed: null,
      note: `flat ${problem.field} not converted: ${problem.message}`,
    });
  }
  result.skipped.push(...flat.skipped);
  return result;
}

function notes(...parts: (string | null | undefined)[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p !== '').join('; ');
}

/** The discrepancies between the server's stat and the computed one (see `compareStatDetailed`). */
export function compareStat(
  server: Record<string, unknown> | null,
  computed: OfficialStat,
  units: 'official' | 'flat',
): Discrepancy[] {
  return compareStatDetailed(server, computed, units).discrepancies;
}
