// What SESSION_COMPLETE says about a simulated night: peculiarities, missing data ratio and `stat`.
// The recomputable part of `stat` comes from the project's own statistics (shared/stats computeStat),
// so a correct console shows zero discrepancies. The proprietary fields (sleep_index, breathing
// index, ...) get plausible values; the console never compares them.
import { computeStat, type OfficialStat } from '../stats/compute';
import { formatInstant } from '../stats/instant';
import { round2 } from '../stats/rounding';
import { UNKNOWN, WAKE, type Night } from './night-model';

const E = 30;
/** Official: shorter than 20 minutes is too short (the seed document says 5). */
export const TOO_SHORT_SECONDS = 20 * 60;
/** Longer than 24 h is too long. */
export const TOO_LONG_SECONDS = 24 * 3600;

export interface ReportInput {
  night: Night;
  stages: 2 | 4;
  breathing: boolean;
  /** ISO 8601 with offset. */
  startTime: string;
  endTime: string;
}

export interface ReportContent {
  peculiarities: string[];
  missingDataRatio: number;
  /** Official units and names; null when a peculiarity says the night cannot be analysed. */
  stat: Record<string, unknown> | null;
  /** The computed statistics the stat was built from (also when stat is null). */
  computed: OfficialStat;
}

function sleepPeriod(sleep: readonly number[]): [number, number] | null {
  let first = -1;
  let last = -1;
  sleep.forEach((s, i) => {
    if (s !== WAKE) {
      if (first === -1) first = i;
      last = i;
    }
  });
  return first === -1 ? null : [first, last];
}

/** Runs of `value` inside [from, to]. */
function runs(track: readonly number[], value: number, from: number, to: number): number {
  let count = 0;
  for (let i = from; i <= to; i++) if (track[i] === value && track[i - 1] !== value) count++;
  return count;
}

/** A made-up sleep index (proprietary at Asleep): 0-100, one decimal. */
function sleepIndexOf(computed: OfficialStat): number {
  const raw = 100 * computed.sleep_efficiency - 30 * computed.wake_ratio;
  return Math.round(Math.max(0, Math.min(100, raw)) * 10) / 10;
}

function proprietary(input: ReportInput, computed: OfficialStat): Record<string, unknown> {
  const { night } = input;
  const period = sleepPeriod(night.sleep);
  const [first, last] = period ?? [0, -1];
  // Not defined publicly: any plausible value will do (the console does not compare these).
  const sleepIndex = Math.round(sleepIndexOf(computed));
  const out: Record<string, unknown> = {
    sleep_index: sleepIndex,
    time_in_stable_breath: null,
    time_in_unstable_breath: null,
    stable_breath_ratio: null,
    unstable_breath_ratio: null,
    breathing_index: null,
    breathing_pattern: null,
    unstable_breath_count: null,
    snoring_count: runs(night.snoring, 1, first, last),
  };
  if (night.breath) {
    let stable = 0;
    let unstable = 0;
    for (let i = first; i <= last; i++) {
      if (night.sleep[i] === UNKNOWN || night.sleep[i] === WAKE) continue;
      if (night.breath[i] === 0) stable++;
      else if (night.breath[i] === 1) unstable++;
    }
    const total = stable + unstable;
    const episodes = runs(night.breath, 1, first, last);
    const sleepHours = computed.time_in_sleep / 3600;
    out['time_in_stable_breath'] = stable * E;
    out['time_in_unstable_breath'] = unstable * E;
    out['stable_breath_ratio'] = total > 0 ? round2(stable / total) : 0;
    out['unstable_breath_ratio'] = total > 0 ? round2(1 - round2(stable / total)) : 0;
    out['unstable_breath_count'] = episodes;
    out['breathing_index'] = sleepHours > 0 ? Math.round((episodes / sleepHours) * 10) / 10 : 0;
    out['breathing_pattern'] = unstable > stable * 0.1 ? 'UNSTABLE' : 'STABLE';
  }
  return out;
}

export function buildReport(input: ReportInput): ReportContent {
  const { night } = input;
  const computed = computeStat({
    sleep: night.sleep,
    snoring: night.snoring,
    startTime: input.startTime,
    endTime: input.endTime,
    twoStage: input.stages === 2,
  });
  const peculiarities: string[] = [];
  const slept = night.sleep.some((s) => s !== WAKE && s !== UNKNOWN);
  if (!slept) peculiarities.push('NEVER_SLEPT');
  if (computed.time_in_bed < TOO_SHORT_SECONDS) peculiarities.push('TOO_SHORT_FOR_ANALYSIS');
  if (computed.time_in_bed > TOO_LONG_SECONDS) peculiarities.push('TOO_LONG_FOR_ANALYSIS');
  if (!input.breathing) peculiarities.push('NO_BREATHING_STABILITY');
  const unknown = night.sleep.filter((s) => s === UNKNOWN).length;
  const missingDataRatio = night.epochs > 0 ? Math.round((unknown / night.epochs) * 1000) / 1000 : 0;
  const statNull = peculiarities.includes('TOO_SHORT_FOR_ANALYSIS');
  return {
    peculiarities,
    missingDataRatio,
    stat: statNull ? null : { ...computed, ...proprietary(input, computed) },
    computed,
  };
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Seconds as the flat layout's "HH:MM:SS". */
export function hms(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${pad2(Math.floor(s / 3600))}:${pad2(Math.floor((s % 3600) / 60))}:${pad2(s % 60)}`;
}

/**
 * The seed document's flat `stat`, in its units (shared/stats/flat-units.ts reads it back):
 * `sleep_time` = time_in_sleep as "HH:MM:SS"; `sleep_efficiency` in percent; `sleep_cycle` a list of
 * contiguous cycles {order, start_time, end_time} from sleep onset to each REM cluster's end, so that
 * its count, mean length and times convert back to the official sleep_cycle_count, sleep_cycle and
 * sleep_cycle_time; the other fields have the official units.
 */
export function flatStat(computed: OfficialStat): Record<string, unknown> {
  const times = computed.sleep_cycle_time;
  let cycles: { order: number; start_time: string; end_time: string }[] | null = null;
  if (times) {
    cycles = [];
    for (let i = 1; i < times.length; i++) {
      cycles.push({ order: i, start_time: times[i - 1] as string, end_time: times[i] as string });
    }
  }
  const efficiency = computed.time_in_bed > 0 ? round2((computed.time_in_sleep / computed.time_in_bed) * 100) : 0;
  return {
    sleep_time: hms(computed.time_in_sleep),
    sleep_index: sleepIndexOf(computed),
    sleep_latency: computed.sleep_latency,
    time_in_bed: computed.time_in_bed,
    time_in_sleep: computed.time_in_sleep,
    time_in_light: computed.time_in_light,
    time_in_deep: computed.time_in_deep,
    time_in_rem: computed.time_in_rem,
    sleep_efficiency: efficiency,
    waso_count: computed.waso_count,
    longest_waso: computed.longest_waso,
    sleep_cycle: cycles,
  };
}

/** ISO 8601 with a `+00:00` offset, as Asleep writes session times. */
export function isoUtc(ms: number): string {
  return formatInstant(ms, { offsetMinutes: 0, zulu: false });
}

/** ISO 8601 with `Z`, as the seed document writes `timestamp` and `time_window`. */
export function isoZ(ms: number): string {
  return formatInstant(ms, { offsetMinutes: 0, zulu: true });
}
