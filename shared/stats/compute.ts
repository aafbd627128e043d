// Recompute Asleep's official `stat` object from the stage arrays and the session times.
//
// Definitions: shared/asleep/reference.md, table "The official `stat` object", which collects
// Asleep's docs (docs-en.asleep.ai/docs/webhook, /docs/data-api-get-session) and Asleep's open-source
// calculators asleep-ai/pysleep (Python, `SleepStageCalculator`) and asleep-ai/sleep-stats-ts
// (TypeScript, `calculateSleepStatistics`). This is an independent implementation of those
// definitions, not a copy. Where the two calculators disagree we follow the one that reproduces
// the official example (examples/v3-session-complete.json); every such choice is marked DECISION.
//
// E = 30 s per epoch. `first` / `last` = first / last epoch that is not wake; an unknown epoch
// (-1, null, or any value outside 0..3) counts as "not wake" there, as in Asleep's TypeScript
// calculator, but it is never counted as wake, sleep or any stage.
import { EPOCH_SECONDS } from '../asleep/model';
import { formatInstant, parseInstant, type Instant } from './instant';
import { divRoundHalfUp, round2 } from './rounding';

const E = EPOCH_SECONDS;
/** REM epochs closer than this (in non-REM epochs) belong to the same cluster (both calculators: 20). */
export const REM_CLUSTER_MAX_GAP = 20;
/** A REM cluster is a sleep cycle when it holds at least this many REM epochs (both calculators: 20). */
export const REM_CLUSTER_MIN_EPOCHS = 20;

/**
 * The recomputable part of Asleep's official `stat`, with its field names and units:
 * seconds, 0-1 ratios, ISO 8601 times with the session's offset.
 *
 * A type alias (not an interface) so that it is assignable to `Record<string, unknown>`
 * (`SessionDetail.computedStat`).
 *
 * Not here, because nothing public defines them: `sleep_index`, `breathing_index`,
 * `breathing_pattern`, `unstable_breath_count`, `time_in_(un)stable_breath`,
 * `(un)stable_breath_ratio` (proprietary / no code table) and `snoring_count` (only an SDK model
 * field; reference.md gives no definition, so we do not guess one).
 */
export type OfficialStat = {
  time_in_bed: number;
  sleep_latency: number;
  wakeup_latency: number;
  /** null when no session time could be parsed. */
  sleep_time: string | null;
  wake_time: string | null;
  time_in_sleep: number;
  time_in_wake: number;
  time_in_sleep_period: number;
  /** null on 2-stage plans (as on the server). */
  time_in_light: number | null;
  time_in_deep: number | null;
  time_in_rem: number | null;
  /** null when the stage never occurs, and on 2-stage plans. */
  light_latency: number | null;
  deep_latency: number | null;
  rem_latency: number | null;
  sleep_efficiency: number;
  sleep_ratio: number;
  wake_ratio: number;
  light_ratio: number | null;
  deep_ratio: number | null;
  rem_ratio: number | null;
  waso_count: number;
  longest_waso: number;
  /** null on 2-stage plans (REM clusters cannot be found without REM). */
  sleep_cycle_count: number | null;
  sleep_cycle: number | null;
  sleep_cycle_time: string[] | null;
  /** null when no snoring array was given. */
  time_in_snoring: number | null;
  time_in_no_snoring: number | null;
  snoring_ratio: number | null;
  no_snoring_ratio: number | null;
};

export type OfficialStatField = keyof OfficialStat;

export interface ComputeStatInput {
  /** One value per 30-s epoch: 0 wake, 1 light ("sleep" on 2-stage plans), 2 deep, 3 REM; -1/null unknown. */
  sleep: readonly (number | null)[];
  /** 0 none, 1 snoring; -1/null unknown. Absent or null: the snoring fields are null. */
  snoring?: readonly (number | null)[] | null;
  /** Session start/end, ISO 8601 with offset. */
  startTime: string | null;
  endTime: string | null;
  /** 2-stage plan: light/deep/REM statistics are null, as the server reports them. */
  twoStage?: boolean;
}

const WAKE = 0;
const LIGHT = 1;
const DEEP = 2;
const REM = 3;
const UNKNOWN = -1;

function stageCode(value: number | null | undefined): number {
  return value === WAKE || value === LIGHT || value === DEEP || value === REM ? value : UNKNOWN;
}

interface Ratios {
  wake: number;
  light: number;
  deep: number;
  rem: number;
  sleep: number;
}

/**
 * Stage ratios over the sleep period: each rounded to 2 decimals, then moved by 0.01 at a time
 * until they sum to exactly 1. The step goes to the first of light, REM, deep, wake whose rounded
 * ratio is not 0, in both directions.
 *
 * DECISION: the two calculators differ when the sum is too small and light rounds to 0: pysleep
 * (`_adjust_ratios_to_second`, "if light: ... elif rem: ...") gives the 0.01 to the first non-zero
 * ratio; sleep-stats-ts always gives it to light, creating a light ratio for a night without light
 * sleep. We follow pysleep (the backend's language; its comment says it mirrors the backend).
 * The float arithmetic (`r(x - 0.01)`, the sum wake + light + deep + rem) is the same as pysleep's,
 * so results are identical to the last bit.
 */
export function adjustRatios(raw: { wake: number; light: number; deep: number; rem: number }): Ratios {
  let wake = round2(raw.wake);
  let light = round2(raw.light);
  let deep = round2(raw.deep);
  let rem = round2(raw.rem);
  let error = round2(wake + light + deep + rem - 1);
  // At most a handful of steps (four values each off by < 0.005); the bound only guards the loop.
  for (let guard = 0; error !== 0 && guard < 400; guard++) {
    const step = error > 0 ? 0.01 : -0.01;
    if (light !== 0) light = round2(light - step);
    else if (rem !== 0) rem = round2(rem - step);
    else if (deep !== 0) deep = round2(deep - step);
    else if (wake !== 0) wake = round2(wake - step);
    else break;
    error = round2(error - step);
  }
  return { wake, light, deep, rem, sleep: round2(Math.max(1 - wake, 0)) };
}

interface Times {
  start: Instant;
  end: Instant;
  timeInBed: number;
}

/**
 * Time in bed is `end_time - start_time` in real seconds (not a multiple of 30 when the last epoch
 * is partial). DECISION: whole seconds, truncated like pysleep's `int(total_seconds())`; the server
 * sends integers. When only one time parses, the other is placed `length * E` away (as both
 * calculators do); when neither does, time in bed is `length * E` and the times are null.
 */
function sessionTimes(input: ComputeStatInput, length: number): Times | { timeInBed: number } {
  const start = parseInstant(input.startTime);
  const end = parseInstant(input.endTime);
  const span = length * E * 1000;
  if (start && end) return { start, end, timeInBed: Math.trunc((end.ms - start.ms) / 1000) };
  if (start) return { start, end: { ...start, ms: start.ms + span }, timeInBed: length * E };
  if (end) return { start: { ...end, ms: end.ms - span }, end, timeInBed: length * E };
  return { timeInBed: length * E };
}

/** Ends (epoch indices) of the REM clusters inside [first, last] that count as sleep cycles. */
export function remClusterEnds(codes: readonly number[], first: number, last: number): number[] {
  const ends: number[] = [];
  if (first < 0) return ends;
  let gap = 0; // non-REM epochs (any other value, unknown included) since the last REM epoch
  let count = 0; // REM epochs of the current cluster
  let end = -1;
  for (let i = first; i <= last; i++) {
    if (codes[i] !== REM) {
      gap += 1;
      continue;
    }
    if (count > 0 && gap > REM_CLUSTER_MAX_GAP) {
      if (count >= REM_CLUSTER_MIN_EPOCHS) ends.push(end);
      count = 0;
    }
    count += 1;
    end = i;
    gap = 0;
  }
  if (count >= REM_CLUSTER_MIN_EPOCHS) ends.push(end);
  return ends;
}

/** Computes every recomputable field of the official `stat` (see `OfficialStat`). */
export function computeStat(input: ComputeStatInput): OfficialStat {
  const codes = input.sleep.map(stageCode);
  const length = codes.length;
  const twoStage = input.twoStage === true;

  let first = -1;
  let last = -1;
  const firstOf = [-1, -1, -1, -1];
  const countOf = [0, 0, 0, 0];
  codes.forEach((code, i) => {
    if (code !== WAKE) {
      if (first === -1) first = i;
      last = i;
    }
    if (code !== UNKNOWN) {
      if (firstOf[code] === -1) firstOf[code] = i;
      countOf[code] = (countOf[code] ?? 0) + 1;
    }
  });
  const slept = first !== -1;

  // WASO: wake epochs and runs of wake strictly inside the sleep period [first, last].
  // DECISION (reference.md, WASO row): the final wake after `last` is not WASO, as in the official
  // example (waso_count 1, longest_waso 180 with 1440 s of final wake) and in pysleep;
  // sleep-stats-ts's `calculateWaso` counts that final run too, which contradicts the example.
  // An unknown epoch ends a run of wake (it is not wake), as in both calculators.
  let wakeEpochs = 0;
  let wasoCount = 0;
  let longestRun = 0;
  let run = 0;
  if (slept) {
    for (let i = first; i <= last; i++) {
      if (codes[i] === WAKE) {
        wakeEpochs += 1;
        if (run === 0) wasoCount += 1;
        run += 1;
        if (run > longestRun) longestRun = run;
      } else {
        run = 0;
      }
    }
  }

  const lightEpochs = countOf[LIGHT] ?? 0;
  const deepEpochs = countOf[DEEP] ?? 0;
  const remEpochs = countOf[REM] ?? 0;
  const timeInLight = lightEpochs * E;
  const timeInDeep = deepEpochs * E;
  const timeInRem = remEpochs * E;
  const timeInSleep = timeInLight + timeInDeep + timeInRem;
  const timeInWake = wakeEpochs * E;
  // Unknown epochs inside the period are in neither term (reference: sleep + wake), so the period
  // can be shorter than wake_time - sleep_time.
  const timeInSleepPeriod = timeInSleep + timeInWake;

  // DECISION: never asleep (no epoch other than wake, or no epoch at all): latency = whole array,
  // wakeup latency 0, and sleep_time / wake_time are still computed from them (pysleep and the
  // reference table; sleep-stats-ts returns null times instead).
  const sleepLatency = slept ? first * E : length * E;
  const wakeupLatency = slept ? (length - 1 - last) * E : 0;
  const stageLatency = (stage: number): number | null => {
    const at = firstOf[stage] ?? -1;
    return at === -1 ? null : (at - first) * E; // from sleep onset, not from the session start
  };

  const times = sessionTimes(input, length);
  const timeInBed = times.timeInBed;
  let sleepTime: string | null = null;
  let wakeTime: string | null = null;
  let sleepTimeMs: number | null = null;
  let startLike: Instant | null = null;
  if ('start' in times) {
    startLike = times.start;
    sleepTimeMs = times.start.ms + sleepLatency * 1000;
    sleepTime = formatInstant(sleepTimeMs, times.start);
    wakeTime = formatInstant(times.end.ms - wakeupLatency * 1000, times.end);
  }

  // Like the server's 0.3 in the official example: rounded to 2 decimals (pysleep `round(x, 2)`).
  const sleepEfficiency = timeInBed > 0 ? round2(timeInSleep / timeInBed) : 0;

  const ratios =
    timeInSleepPeriod > 0
      ? adjustRatios({
          wake: timeInWake / timeInSleepPeriod,
          light: timeInLight / timeInSleepPeriod,
          deep: timeInDeep / timeInSleepPeriod,
          rem: timeInRem / timeInSleepPeriod,
        })
      : { wake: 0, light: 0, deep: 0, rem: 0, sleep: 0 };

  // Sleep cycles: REM clusters inside [first, last].
  // sleep_cycle: mean of (first cluster end - first) and the gaps between consecutive cluster ends,
  // i.e. (last cluster end - first) / clusters, in seconds, rounded half up (sleep-stats-ts `toInt`;
  // pysleep leaves the float, so compare.ts allows 0.5 s). sleep_cycle_time: sleep_time, then
  // sleep_time + (cluster end - first) * E for each cluster; [] without clusters (the official
  // example sends [], sleep-stats-ts would give null).
  const ends = twoStage ? [] : remClusterEnds(codes, first, last);
  const lastEnd = ends[ends.length - 1];
  const sleepCycle = lastEnd === undefined ? null : divRoundHalfUp((lastEnd - first) * E, ends.length);
  let sleepCycleTime: string[] | null = null;
  if (sleepTimeMs !== null && startLike !== null) {
    const onset = sleepTimeMs;
    const like = startLike;
    const ms = ends.length === 0 ? [] : [onset, ...ends.map((end) => onset + (end - first) * E * 1000)];
    sleepCycleTime = ms.map((t) => formatInstant(t, like));
  }

  // Snoring inside the sleep period [first, last]; "no snoring" is the rest of the period
  // (reference.md), so snoring + no snoring = time_in_sleep_period.
  // DECISION: an epoch whose sleep stage is unknown is not part of time_in_sleep_period (see above),
  // so its snoring value is not counted either; unknown snoring values (-1, null, missing) count
  // as "no snoring" because the reference defines no snoring as "the rest of the period".
  // DECISION (not in the reference): the ratios are over the period, snoring rounded to 2 decimals
  // and no_snoring = 1 - snoring (like sleep_ratio = 1 - wake_ratio); the official example (0, 1.0)
  // agrees. snoring_count has no public definition and is left out.
  let snoring: Pick<OfficialStat, 'time_in_snoring' | 'time_in_no_snoring' | 'snoring_ratio' | 'no_snoring_ratio'> = {
    time_in_snoring: null,
    time_in_no_snoring: null,
    snoring_ratio: null,
    no_snoring_ratio: null,
  };
  if (input.snoring) {
    let snoringEpochs = 0;
    if (slept) {
      for (let i = first; i <= last; i++) if (codes[i] !== UNKNOWN && input.snoring[i] === 1) snoringEpochs += 1;
    }
    const timeInSnoring = snoringEpochs * E;
    const snoringRatio = timeInSleepPeriod > 0 ? round2(timeInSnoring / timeInSleepPeriod) : 0;
    snoring = {
      time_in_snoring: timeInSnoring,
      time_in_no_snoring: timeInSleepPeriod - timeInSnoring,
      snoring_ratio: snoringRatio,
      no_snoring_ratio: timeInSleepPeriod > 0 ? round2(Math.max(1 - snoringRatio, 0)) : 0,
    };
  }

  // 2-stage plans: "1" is just "sleep", so every light/deep/REM statistic is null (reference.md,
  // value sets), and the REM-based cycle statistics cannot be computed.
  // DECISION: the cycle fields are null too (unknown), not 0 ("no cycle"); the reference does not say
  // what the server sends for them on such plans.
  const stage = <T>(value: T): T | null => (twoStage ? null : value);

  return {
    time_in_bed: timeInBed,
    sleep_latency: sleepLatency,
    wakeup_latency: wakeupLatency,
    sleep_time: sleepTime,
    wake_time: wakeTime,
    time_in_sleep: timeInSleep,
    time_in_wake: timeInWake,
    time_in_sleep_period: timeInSleepPeriod,
    time_in_light: stage(timeInLight),
    time_in_deep: stage(timeInDeep),
    time_in_rem: stage(timeInRem),
    light_latency: stage(stageLatency(LIGHT)),
    deep_latency: stage(stageLatency(DEEP)),
    rem_latency: stage(stageLatency(REM)),
    sleep_efficiency: sleepEfficiency,
    sleep_ratio: ratios.sleep,
    wake_ratio: ratios.wake,
    light_ratio: stage(ratios.light),
    deep_ratio: stage(ratios.deep),
    rem_ratio: stage(ratios.rem),
    waso_count: wasoCount,
    longest_waso: longestRun * E,
    sleep_cycle_count: stage(ends.length),
    sleep_cycle: stage(sleepCycle),
    sleep_cycle_time: stage(sleepCycleTime),
    ...snoring,
  };
}

/**
 * True when a server stat looks like a 2-stage plan's: light, deep and REM times are all null
 * while the sleep time is known. (The 4-stage official example sends time_in_deep 0, not null.)
 */
export function looksTwoStage(server: Record<string, unknown> | null | undefined): boolean {
  if (!server) return false;
  return (
    server['time_in_light'] === null &&
    server['time_in_deep'] === null &&
    server['time_in_rem'] === null &&
    typeof server['time_in_sleep'] === 'number'
  );
}
