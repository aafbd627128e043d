// Rows of the statistics table: the server's `stat` beside our recomputation, field by field, with
// units and the difference. Pure (no DOM): the comparison itself is shared/stats `compareStatDetailed`;
// this file only decides what to show and how to write it.
//
// Units: seconds as h:mm, 0-1 ratios and efficiency as %, instants as clock time in the session's
// zone, counts plain. A flat-layout (seed document) stat is converted to official units first
// (shared/stats `convertFlatStat`); the row then says what was sent.
import {
  AVERAGE_TOLERANCE,
  compareStatDetailed,
  convertFlatStat,
  FIELD_KINDS,
  formatDuration,
  formatPercent,
  NOT_RECOMPUTABLE_FIELDS,
  RATIO_TOLERANCE,
  type FieldKind,
  type OfficialStat,
  type StatComparison,
} from '../../../../shared/stats';
import { parseIsoDateTime } from '../../../../shared/asleep/iso-time';

export type StatGroup = 'timing' | 'durations' | 'ratios' | 'events' | 'cycles' | 'snoring' | 'breathing' | 'indices' | 'other';

export const GROUP_TITLES: Record<StatGroup, string> = {
  timing: 'Timing',
  durations: 'Durations',
  ratios: 'Ratios',
  events: 'Wake-ups',
  cycles: 'Sleep cycles',
  snoring: 'Snoring',
  breathing: 'Breathing',
  indices: 'Indices',
  other: 'Other fields sent',
};

/** How a value is written (FieldKind for recomputable fields, plus the server-only shapes). */
type Display = FieldKind | 'number' | 'raw';

interface FieldDef {
  field: string;
  label: string;
  group: StatGroup;
  display: Display;
}

const f = (field: string, label: string, group: StatGroup, display?: Display): FieldDef => ({
  field,
  label,
  group,
  display: display ?? (FIELD_KINDS as Readonly<Record<string, FieldKind>>)[field] ?? 'raw',
});

/** Every official field, in display order. */
export const STAT_FIELDS: readonly FieldDef[] = [
  f('sleep_time', 'Fell asleep at', 'timing'),
  f('wake_time', 'Woke up at', 'timing'),
  f('sleep_latency', 'Time to fall asleep', 'timing'),
  f('wakeup_latency', 'In bed after waking', 'timing'),
  f('light_latency', 'Light sleep latency', 'timing'),
  f('deep_latency', 'Deep sleep latency', 'timing'),
  f('rem_latency', 'REM latency', 'timing'),
  f('time_in_bed', 'Time in bed', 'durations'),
  f('time_in_sleep_period', 'Sleep period', 'durations'),
  f('time_in_sleep', 'Total sleep', 'durations'),
  f('time_in_wake', 'Awake after sleep onset', 'durations'),
  f('time_in_light', 'Light', 'durations'),
  f('time_in_deep', 'Deep', 'durations'),
  f('time_in_rem', 'REM', 'durations'),
  f('sleep_efficiency', 'Sleep efficiency', 'ratios'),
  f('sleep_ratio', 'Sleep ratio', 'ratios'),
  f('wake_ratio', 'Wake ratio', 'ratios'),
  f('light_ratio', 'Light ratio', 'ratios'),
  f('deep_ratio', 'Deep ratio', 'ratios'),
  f('rem_ratio', 'REM ratio', 'ratios'),
  f('waso_count', 'Wake-ups after sleep onset', 'events'),
  f('longest_waso', 'Longest wake-up', 'events'),
  f('sleep_cycle_count', 'Sleep cycles', 'cycles'),
  f('sleep_cycle', 'Average cycle length', 'cycles'),
  f('sleep_cycle_time', 'Onset, then cycle ends', 'cycles'),
  f('time_in_snoring', 'Snoring', 'snoring'),
  f('time_in_no_snoring', 'No snoring', 'snoring'),
  f('snoring_ratio', 'Snoring ratio', 'snoring'),
  f('no_snoring_ratio', 'No snoring ratio', 'snoring'),
  f('snoring_count', 'Snoring episodes', 'snoring', 'count'),
  f('time_in_stable_breath', 'Stable breathing', 'breathing', 'seconds'),
  f('time_in_unstable_breath', 'Unstable breathing', 'breathing', 'seconds'),
  f('stable_breath_ratio', 'Stable breathing ratio', 'breathing', 'ratio'),
  f('unstable_breath_ratio', 'Unstable breathing ratio', 'breathing', 'ratio'),
  f('unstable_breath_count', 'Unstable breathing events', 'breathing', 'count'),
  f('breathing_index', 'Breathing index', 'breathing', 'number'),
  f('breathing_pattern', 'Breathing pattern', 'breathing', 'raw'),
  f('sleep_index', 'Sleep index', 'indices', 'number'),
];

/** The flat layout's `sleep_time` is a duration (total sleep): its own row, compared with time_in_sleep. */
export const FLAT_SLEEP_TIME_FIELD = 'flat:sleep_time';

export type RowStatus =
  /** Both sides, same value. */
  | 'equal'
  /** Both sides, different but within the tolerance. */
  | 'within'
  /** A discrepancy. */
  | 'differs'
  /** Proprietary: only the server can have it. */
  | 'server-only'
  /** Recomputable, the server stat exists but does not have this field. */
  | 'not-sent'
  /** No server stat at all (live night, or `stat: null`). */
  | 'no-stat'
  /** The server sent it, we have no recomputation. */
  | 'not-computed'
  /** A field that is not an official one: shown as sent. */
  | 'unknown-field';

export interface StatRow {
  /** `data-field`: the official name (or `flat:sleep_time`, or an unknown field's name as sent). */
  field: string;
  label: string;
  group: StatGroup;
  /** Unit shown beside the label: "h:mm", "%", "clock", "count" or "". */
  unit: string;
  server: string;
  computed: string;
  diff: string;
  status: RowStatus;
  /** Tooltip of a compared row: the tolerance. */
  tolerance: string | null;
  /** Where the value came from (flat conversion) or why it differs. */
  note: string | null;
}

export interface StatsTableModel {
  rows: StatRow[];
  groups: { group: StatGroup; title: string; rows: StatRow[] }[];
  /** Rows compared, and how many of them differ. */
  compared: number;
  differing: number;
  units: 'official' | 'flat' | null;
  hasServer: boolean;
  hasComputed: boolean;
}

export interface StatsInput {
  serverStat: Record<string, unknown> | null;
  statUnits: 'official' | 'flat' | null;
  computedStat: Record<string, unknown> | null;
  /** Formats an instant (ms) as clock time in the session's zone. */
  clock: (ms: number) => string;
}

const DASH = '–';
export const SERVER_ONLY_TEXT = 'server only (cannot be recomputed)';
const PROPRIETARY = new Set<string>(NOT_RECOMPUTABLE_FIELDS);
const KINDS = FIELD_KINDS as Readonly<Record<string, FieldKind>>;
const KNOWN = new Set(STAT_FIELDS.map((d) => d.field));

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const has = (o: Record<string, unknown> | null, k: string): boolean => !!o && Object.hasOwn(o, k) && o[k] !== undefined;

export function unitOf(display: Display): string {
  switch (display) {
    case 'seconds':
    case 'average':
      return 'h:mm';
    case 'ratio':
      return '%';
    case 'instant':
    case 'instants':
      return 'clock';
    case 'count':
      return 'count';
    default:
      return '';
  }
}

export function toleranceText(kind: FieldKind): string {
  switch (kind) {
    case 'seconds':
      return 'Durations must match to the second.';
    case 'count':
      return 'Counts must match exactly.';
    case 'ratio':
      return `Ratios may differ by ${RATIO_TOLERANCE} (both sides round to 2 decimals).`;
    case 'average':
      return `The average cycle length may differ by ${AVERAGE_TOLERANCE} s (rounding).`;
    case 'instant':
      return 'Must be the same instant (the UTC offset may differ).';
    case 'instants':
      return 'Must list the same instants.';
  }
}

/** Anything not of the expected shape is shown as sent (JSON), so a type slip is visible. */
function asSent(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

export function formatValue(v: unknown, display: Display, clock: (ms: number) => string): string {
  if (v === null || v === undefined) return DASH;
  switch (display) {
    case 'seconds':
    case 'average':
      return isNum(v) ? formatDuration(v) : asSent(v);
    case 'ratio':
      return isNum(v) ? formatPercent(v) : asSent(v);
    case 'count':
      return isNum(v) && Number.isInteger(v) ? String(v) : asSent(v);
    case 'number':
      return isNum(v) ? String(Number(v.toFixed(2))) : asSent(v);
    case 'instant': {
      const ms = parseIsoDateTime(v);
      return ms === null ? asSent(v) : clock(ms);
    }
    case 'instants': {
      if (!Array.isArray(v)) return asSent(v);
      if (v.length === 0) return 'none';
      const ms = v.map((t) => parseIsoDateTime(t));
      return ms.every((t): t is number => t !== null) ? ms.map(clock).join(', ') : asSent(v);
    }
    default:
      return typeof v === 'string' ? v : asSent(v);
  }
}

const sign = (d: number): string => (d > 0 ? '+' : d < 0 ? '−' : '±');

/** "+45 s", "−0:03": sub-minute differences in seconds, longer ones as h:mm. */
export function formatSecondsDiff(d: number): string {
  const abs = Math.abs(d);
  if (abs < 60) return `${sign(d)}${Number(abs.toFixed(1))} s`;
  return `${sign(d)}${formatDuration(abs)}`;
}

/** Server minus recomputed, in the row's unit; "=" when identical. */
export function formatDiff(kind: FieldKind, server: unknown, computed: unknown): string {
  if (kind === 'instants') {
    const s = server === null ? [] : server;
    const c = computed === null ? [] : computed;
    if (Array.isArray(s) && Array.isArray(c)) {
      if (s.length !== c.length) return `${s.length} vs ${c.length} times`;
      const same = s.every((t, i) => parseIsoDateTime(t) !== null && parseIsoDateTime(t) === parseIsoDateTime(c[i]));
      return same ? '=' : 'different times';
    }
    return 'not comparable';
  }
  if (server === null && computed === null) return '=';
  if (server === null) return 'server: none';
  if (computed === null || computed === undefined) return 'recomputed: none';
  if (kind === 'instant') {
    const a = parseIsoDateTime(server);
    const b = parseIsoDateTime(computed);
    if (a === null || b === null) return 'not comparable';
    return a === b ? '=' : formatSecondsDiff((a - b) / 1000);
  }
  if (!isNum(server) || !isNum(computed)) return 'not comparable';
  const d = server - computed;
  if (d === 0) return '=';
  switch (kind) {
    case 'ratio': {
      const pp = Number((d * 100).toFixed(1));
      return `${sign(d)}${Math.abs(pp)} pp`;
    }
    case 'count':
      return `${sign(d)}${Math.abs(d)}`;
    default:
      return formatSecondsDiff(d);
  }
}

interface ServerView {
  /** Values in official units (converted from the flat layout). */
  values: Record<string, unknown>;
  /** Conversion notes per official field. */
  notes: Record<string, string>;
  /** Unknown fields, as sent. */
  unknown: string[];
  /** Flat only: the `sleep_time` duration (seconds), when sent. */
  flatSleepTime: { raw: unknown; seconds: number | null } | null;
}

function serverView(stat: Record<string, unknown>, units: 'official' | 'flat'): ServerView {
  if (units === 'official') {
    const unknown = Object.keys(stat).filter((k) => stat[k] !== undefined && !KNOWN.has(k));
    return { values: stat, notes: {}, unknown, flatSleepTime: null };
  }
  const conv = convertFlatStat(stat);
  const values: Record<string, unknown> = { ...conv.stat };
  const notes: Record<string, string> = { ...conv.notes };
  // The flat sleep_time (a duration) has a row of its own; its note must not land on the official instant.
  delete notes['sleep_time'];
  for (const p of conv.problems) {
    const field = p.field.split('.')[0] ?? p.field;
    if (field === 'sleep_time') continue;
    if (!has(values, field)) values[field] = stat[field];
    notes[field] = `not converted (${p.message}); shown as sent`;
  }
  // Proprietary fields are shown as sent (no unit conversion is documented for them).
  for (const k of PROPRIETARY) {
    if (has(stat, k)) {
      values[k] = stat[k];
      notes[k] = 'as sent by the flat layout';
    }
  }
  const unknown = conv.skipped.filter((k) => !PROPRIETARY.has(k) && !KNOWN.has(k));
  for (const k of unknown) values[k] = stat[k];
  const flatSleepTime = has(stat, 'sleep_time') ? { raw: stat['sleep_time'], seconds: conv.sleepDuration ?? null } : null;
  return { values, notes, unknown, flatSleepTime };
}

function computedStatus(cmp: StatComparison | null, field: string, kind: FieldKind, server: unknown, computed: unknown): RowStatus {
  if (cmp?.discrepancies.some((d) => d.field === field)) return 'differs';
  const diff = formatDiff(kind, server, computed);
  return diff === '=' ? 'equal' : 'within';
}

/** The table: every official field either side has, grouped, plus unknown fields the server sent. */
export function buildStatsTable(input: StatsInput): StatsTableModel {
  const { serverStat, computedStat, clock } = input;
  const units = serverStat ? (input.statUnits ?? 'official') : input.statUnits;
  const view = serverStat ? serverView(serverStat, units ?? 'official') : null;
  const cmp = serverStat && computedStat ? compareStatDetailed(serverStat, computedStat as OfficialStat, units ?? 'official') : null;
  const notesFromCompare = new Map<string, string>();
  for (const d of cmp?.discrepancies ?? []) if (d.note) notesFromCompare.set(d.field, d.note);

  const rows: StatRow[] = [];
  for (const def of STAT_FIELDS) {
    const { field } = def;
    const serverHas = !!view && has(view.values, field);
    const serverValue = serverHas ? view?.values[field] : undefined;
    const unit = unitOf(def.display);
    const base = { field, label: def.label, group: def.group, unit };
    if (PROPRIETARY.has(field) || !Object.hasOwn(KINDS, field)) {
      if (!serverHas) continue;
      rows.push({
        ...base,
        server: formatValue(serverValue, def.display, clock),
        computed: SERVER_ONLY_TEXT,
        diff: '',
        status: 'server-only',
        tolerance: null,
        note: view?.notes[field] ?? null,
      });
      continue;
    }
    const kind = KINDS[field] as FieldKind;
    const computedHas = !!computedStat && computedStat[field] !== null && computedStat[field] !== undefined;
    if (!serverHas && !computedHas) continue;
    const computedValue = computedStat ? computedStat[field] : undefined;
    const server = serverHas ? formatValue(serverValue, def.display, clock) : serverStat ? 'not sent' : DASH;
    const computed = computedStat ? formatValue(computedValue ?? null, def.display, clock) : DASH;
    let status: RowStatus;
    let diff = '';
    if (!serverHas) status = serverStat ? 'not-sent' : 'no-stat';
    else if (!computedStat) status = 'not-computed';
    else {
      status = computedStatus(cmp, field, kind, serverValue, computedValue ?? null);
      diff = formatDiff(kind, serverValue, computedValue ?? null);
    }
    const notes = [view?.notes[field], status === 'differs' ? notesFromCompare.get(field) : undefined].filter(
      (n, i, all): n is string => typeof n === 'string' && n !== '' && all.indexOf(n) === i,
    );
    rows.push({
      ...base,
      server,
      computed,
      diff,
      status,
      tolerance: serverHas && computedStat ? toleranceText(kind) : null,
      note: notes.length > 0 ? notes.join('; ') : null,
    });
  }

  // The flat `sleep_time` is a duration meaning total sleep: compared with time_in_sleep.
  if (view?.flatSleepTime) {
    const { raw, seconds } = view.flatSleepTime;
    const computedValue = computedStat?.['time_in_sleep'];
    const differs = cmp?.discrepancies.some((d) => d.field === 'sleep_time') ?? false;
    const diff = computedStat ? formatDiff('seconds', seconds, computedValue ?? null) : '';
    const index = rows.findIndex((r) => r.field === 'time_in_sleep');
    const row: StatRow = {
      field: FLAT_SLEEP_TIME_FIELD,
      label: 'Total sleep (flat sleep_time)',
      group: 'durations',
      unit: 'h:mm',
      server: seconds === null ? formatValue(raw, 'raw', clock) : formatDuration(seconds),
      computed: computedStat ? formatValue(computedValue ?? null, 'seconds', clock) : DASH,
      diff,
      status: !computedStat ? 'not-computed' : differs ? 'differs' : diff === '=' ? 'equal' : 'within',
      tolerance: computedStat ? `${toleranceText('seconds')} Compared with the recomputed time_in_sleep.` : null,
      note: `sent as ${JSON.stringify(raw)}: in the seed document a duration ("total sleep duration"), not the clock time of sleep onset`,
    };
    rows.splice(index === -1 ? rows.length : index + 1, 0, row);
  }

  for (const field of view?.unknown ?? []) {
    rows.push({
      field,
      label: field,
      group: 'other',
      unit: '',
      server: formatValue(view?.values[field], 'raw', clock),
      computed: 'not an official field',
      diff: '',
      status: 'unknown-field',
      tolerance: null,
      note: units === 'flat' ? 'the seed document gives no unit for this field; shown as sent' : 'not in Asleep’s field table; shown as sent',
    });
  }

  const groups: StatsTableModel['groups'] = [];
  for (const row of rows) {
    let g = groups.find((x) => x.group === row.group);
    if (!g) {
      g = { group: row.group, title: GROUP_TITLES[row.group], rows: [] };
      groups.push(g);
    }
    g.rows.push(row);
  }
  const order = Object.keys(GROUP_TITLES);
  groups.sort((a, b) => order.indexOf(a.group) - order.indexOf(b.group));
  return {
    rows: groups.flatMap((g) => g.rows),
    groups,
    compared: rows.filter((r) => r.status === 'equal' || r.status === 'within' || r.status === 'differs').length,
    differing: rows.filter((r) => r.status === 'differs').length,
    units,
    hasServer: !!serverStat,
    hasComputed: !!computedStat,
  };
}
