// One row per night of a participant: what the history table, its charts and the nights CSV show.
// Built from session details, with the console's own statistics (computedStat), so every night is
// measured the same way whether or not Asleep sent a `stat` for it.
import type { SessionDetail, SessionState, StartTimeSource } from '../session';
import { looksTwoStage } from '../stats/compute';
import { parseInstant } from '../stats/instant';
import { dateWithOffset, isKnownZone, zoneOffsetMinutes } from './zoned-time';

export interface NightRow {
  userId: string;
  sessionId: string;
  state: SessionState;
  /**
   * The evening the night belongs to, `YYYY-MM-DD`, in the session's zone: a start before noon
   * counts for the day before (a night from 00:40 on the 16th is the night of the 15th).
   */
  date: string | null;
  /**
   * IANA zone the night's clock times are in: the session's own, else (a night still in progress has
   * no report yet) the participant's latest known zone, else null (the start time's own offset).
   */
  timezone: string | null;
  /** True when `timezone` was taken from the participant's other nights. */
  timezoneAssumed: boolean;
  /** Offset from UTC (minutes east) used for `date` and `startMinute`; null without a start time. */
  offsetMinutes: number | null;
  startTime: string | null;
  startTimeSource: StartTimeSource | null;
  endTime: string | null;
  /** Minutes from 00:00 on `date` (local) to the start: 22:30 → 1350, 01:10 the next day → 1510. */
  startMinute: number | null;
  /** One character per 30-s epoch of the current timeline: 0 wake, 1 light, 2 deep, 3 REM, `-` no data. */
  stages: string;
  /** Epochs that hold a stage. */
  epochCount: number;
  /** Total sleep time (time_in_sleep), seconds. */
  tst: number | null;
  /** sleep_efficiency, 0-1. */
  efficiency: number | null;
  /** sleep_latency, seconds. */
  sleepLatency: number | null;
  /** Wake after sleep onset (time_in_wake inside the sleep period), seconds. */
  waso: number | null;
  /** rem_ratio: REM share of the sleep period (Asleep's definition), 0-1; null on 2-stage plans. */
  remRatio: number | null;
  peculiarities: string[];
  /** Fields where Asleep's stat and ours disagree. */
  discrepancyCount: number;
  conflictCount: number;
  twoStage: boolean;
}

const STAGE_CHARS = ['0', '1', '2', '3'];

export function stagesString(track: readonly (number | null)[]): string {
  let out = '';
  for (const v of track) out += (typeof v === 'number' && STAGE_CHARS[v]) || '-';
  return out;
}

function num(stat: Record<string, unknown> | null, key: string): number | null {
  const v = stat?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** The offset a night's clock times are shown in: its zone's, else its start time's own. */
export function nightOffset(d: Pick<SessionDetail, 'startTime' | 'timezone'>, zone: string | null = d.timezone): number | null {
  const start = d.startTime ? Date.parse(d.startTime) : NaN;
  if (!Number.isFinite(start)) return null;
  if (isKnownZone(zone)) return zoneOffsetMinutes(start, zone);
  return parseInstant(d.startTime)?.offsetMinutes ?? 0;
}

const NOON_MS = 12 * 3600_000;

/** `fallbackZone`: the zone to assume when the session has none (see `NightRow.timezone`). */
export function nightRow(d: SessionDetail, fallbackZone: string | null = null): NightRow {
  const stat = d.computedStat;
  const twoStage = looksTwoStage(d.serverStat);
  const own = isKnownZone(d.timezone) ? d.timezone : null;
  const zone = own ?? (isKnownZone(fallbackZone) ? fallbackZone : null);
  const offset = nightOffset(d, zone);
  const start = d.startTime ? Date.parse(d.startTime) : NaN;
  let date: string | null = null;
  let startMinute: number | null = null;
  if (offset !== null && Number.isFinite(start)) {
    date = dateWithOffset(start - NOON_MS, offset);
    const midnight = Date.parse(`${date}T00:00:00Z`);
    startMinute = (start + offset * 60_000 - midnight) / 60_000;
  }
  return {
    userId: d.userId,
    sessionId: d.sessionId,
    state: d.state,
    date,
    timezone: zone,
    timezoneAssumed: own === null && zone !== null,
    offsetMinutes: offset,
    startTime: d.startTime,
    startTimeSource: d.startTimeSource,
    endTime: d.endTime,
    startMinute,
    stages: stagesString(d.epochs.sleep),
    epochCount: d.epochCount,
    tst: num(stat, 'time_in_sleep'),
    efficiency: num(stat, 'sleep_efficiency'),
    sleepLatency: num(stat, 'sleep_latency'),
    waso: num(stat, 'time_in_wake'),
    remRatio: twoStage ? null : num(stat, 'rem_ratio'),
    peculiarities: [...d.peculiarities],
    discrepancyCount: d.discrepancies.length,
    conflictCount: d.conflictCount,
    twoStage,
  };
}

/**
 * Every night of one participant, oldest first (by start time; nights without one by their first
 * event). A night without a zone of its own (still in progress) is shown in the zone of the
 * participant's latest night that has one.
 */
export function nightRows(details: readonly SessionDetail[]): NightRow[] {
  const key = (d: SessionDetail) => {
    const t = d.startTime ? Date.parse(d.startTime) : NaN;
    return Number.isFinite(t) ? t : Date.parse(d.firstEventAt);
  };
  const sorted = [...details].sort((a, b) => key(a) - key(b) || (a.sessionId < b.sessionId ? -1 : a.sessionId > b.sessionId ? 1 : 0));
  const latestZone = sorted.reduce<string | null>((zone, d) => (isKnownZone(d.timezone) ? d.timezone : zone), null);
  return sorted.map((d) => nightRow(d, latestZone));
}
