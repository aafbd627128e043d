// Turns simulated nights into the requests Asleep would send, in the chosen layout:
// one INFERENCE_COMPLETE per chunk (5-minute plan: one 10-epoch block; 20/40-minute plans: the 4 or 8
// newest blocks at once, placed by `first_epoch = 10 * (inference_seq_num + 1) - length`), then
// SESSION_COMPLETE with the whole night and a `stat` computed by the project's own statistics.
// Pure: the caller sends the bodies (electron/core/simulator/send.ts).
import type { Layout } from '../asleep/model';
import { FAULT_KINDS, injectFaults, type FaultKind, type InjectedFault, type PlannedFault } from './faults';
import { sessionIdFor, userIdFor } from './ids';
import { generateNight, UNKNOWN, type Night } from './night-model';
import { buildReport, flatStat, isoUtc, isoZ, type ReportContent } from './report';
import { createRng } from './rng';

export const SIM_LAYOUTS = ['v1', 'v2', 'v3', 'flat'] as const satisfies readonly Layout[];
export const PLANS = [5, 20, 40] as const;
export type Plan = (typeof PLANS)[number];

export const EPOCH_MS = 30_000;
export const BLOCK_EPOCHS = 10;
export const BLOCK_MS = BLOCK_EPOCHS * EPOCH_MS;
export const DAY_MS = 24 * 3600 * 1000;
export const USER_AGENT = 'asleep-webhook-simulator/1';

export interface SimulationOptions {
  /** Seed of every random choice: same seed and options, same traffic. */
  seed: number;
  /** Start of the first night (ms since the epoch). Each participant starts within `jitter` of it. */
  startMs: number;
  participants?: number;
  /** Consecutive nights per participant, 24 h apart. */
  nights?: number;
  /** Mean night length in hours (default 8). */
  hours?: number;
  layout?: Layout;
  /** Minutes between INFERENCE_COMPLETE callbacks: 5, 20 or 40. */
  plan?: Plan;
  stages?: 2 | 4;
  breathing?: boolean;
  faults?: readonly FaultKind[];
  /** Sent as x-api-key; null sends no key header. */
  apiKey?: string | null;
  /** Occasional -1 epochs (default true). */
  gaps?: boolean;
  /**
   * Vary each night's start (0-20 min after startMs) and length (±20 min) (default true).
   * Without it every night starts at startMs + n days and lasts exactly `hours`.
   */
  jitter?: boolean;
}

export type ResolvedOptions = Required<SimulationOptions>;

/** The final timeline the console should show for a session: -1 as null, [] for an absent array. */
export interface GroundTruth {
  sleep: (number | null)[];
  snoring: (number | null)[];
  breath: (number | null)[];
}

export interface SimSession {
  /** Index in `Simulation.sessions`. */
  index: number;
  /** 1-based. */
  participant: number;
  /** 1-based. */
  night: number;
  userId: string;
  sessionId: string;
  startMs: number;
  /** ISO 8601 (+00:00), as in the report. */
  startTime: string;
  endTime: string;
  durationSeconds: number;
  epochs: number;
  layout: Layout;
  plan: Plan;
  stages: 2 | 4;
  breathing: boolean;
  data: Night;
  report: ReportContent;
  groundTruth: GroundTruth;
  faults: InjectedFault[];
  skippedFaults: { kind: FaultKind; reason: string }[];
}

export interface PlannedRequest {
  /** Index of its session in `Simulation.sessions`. */
  session: number;
  participant: number;
  night: number;
  userId: string;
  sessionId: string;
  event: 'INFERENCE_COMPLETE' | 'SESSION_COMPLETE';
  /** inference_seq_num of a chunk (its last block); null for SESSION_COMPLETE. */
  seq: number | null;
  /** When Asleep would send it: ms after its night's start. */
  at: number;
  /** The same moment in ms after the simulation's start (the earliest night start): the sending schedule. */
  t: number;
  headers: Record<string, string>;
  /** The exact JSON text to POST. */
  body: string;
  fault: PlannedFault | null;
}

export interface Simulation {
  options: ResolvedOptions;
  /** ms since the epoch of `t = 0`. */
  originMs: number;
  sessions: SimSession[];
  /** Every request to send, in sending order (`t`, then session). */
  requests: PlannedRequest[];
}

export function resolveOptions(options: SimulationOptions): ResolvedOptions {
  return {
    seed: options.seed >>> 0,
    startMs: options.startMs,
    participants: options.participants ?? 1,
    nights: options.nights ?? 1,
    hours: options.hours ?? 8,
    layout: options.layout ?? 'v3',
    plan: options.plan ?? 5,
    stages: options.stages ?? 4,
    breathing: options.breathing ?? false,
    faults: options.faults ?? [],
    apiKey: options.apiKey ?? null,
    gaps: options.gaps ?? true,
    jitter: options.jitter ?? true,
  };
}

// ---------------------------------------------------------------- bodies

interface ChunkValues {
  seq: number;
  firstEpoch: number;
  sleep: number[];
  snoring: number[];
  breath: number[] | null;
}

function inferenceBody(s: SimSession, c: ChunkValues, sentMs: number): unknown {
  const seqNum = c.seq * BLOCK_EPOCHS + BLOCK_EPOCHS - 1; // the block's last 30-s upload
  const ids = { user_id: s.userId, session_id: s.sessionId, seq_num: seqNum, inference_seq_num: c.seq };
  switch (s.layout) {
    case 'v1':
      return { callback_event: 'INFERENCE_COMPLETE', callback_data: { ...ids, stage_list: c.sleep, osa_stage_list: c.breath } };
    case 'v2':
      return {
        callback_event: 'INFERENCE_COMPLETE',
        callback_version: 'V2',
        callback_data: { ...ids, stage_list: c.sleep, breath_stages: c.breath },
      };
    case 'v3':
      return {
        event: 'INFERENCE_COMPLETE',
        version: 'V3',
        data: { ...ids, sleep_stages: c.sleep, breath_stages: c.breath, snoring_stages: c.snoring },
      };
    case 'flat': {
      const windowStart = s.startMs + c.firstEpoch * EPOCH_MS;
      return {
        event: 'INFERENCE_COMPLETE',
        version: 'V3',
        timestamp: isoZ(sentMs),
        ...ids,
        sleep_stages: c.sleep,
        breath_stages: c.breath,
        snoring_stages: c.snoring,
        time_window: { start: isoZ(windowStart), end: isoZ(windowStart + c.sleep.length * EPOCH_MS) },
      };
    }
  }
}

function sessionBody(s: SimSession, sentMs: number): unknown {
  const { data, report } = s;
  const session = {
    id: s.sessionId,
    state: 'COMPLETE',
    start_time: s.startTime,
    end_time: s.endTime,
    unexpected_end_time: null,
    created_timezone: 'UTC',
    sleep_stages: data.sleep,
    breath_stages: data.breath,
    snoring_stages: data.snoring,
  };
  switch (s.layout) {
    case 'v1':
    case 'v2':
      return {
        callback_event: 'SESSION_COMPLETE',
        ...(s.layout === 'v2' ? { callback_version: 'V2' } : {}),
        callback_data: {
          user_id: s.userId,
          session_id: s.sessionId,
          sleep_data: {
            timezone: 'UTC',
            peculiarities: report.peculiarities,
            missing_data_ratio: report.missingDataRatio,
            session,
            stat: report.stat,
          },
        },
      };
    case 'v3':
      return {
        event: 'SESSION_COMPLETE',
        version: 'V3',
        data: {
          timezone: 'UTC',
          peculiarities: report.peculiarities,
          missing_data_ratio: report.missingDataRatio,
          user_id: s.userId,
          session,
          stat: report.stat,
        },
      };
    case 'flat':
      return {
        event: 'SESSION_COMPLETE',
        version: 'V3',
        timestamp: isoZ(sentMs),
        user_id: s.userId,
        session_id: s.sessionId,
        session: {
          id: s.sessionId,
          state: 'COMPLETE',
          start_time: s.startTime,
          end_time: s.endTime,
          timezone: 'UTC',
          sleep_stages: data.sleep,
          snoring_stages: data.snoring,
          breath_stages: data.breath,
        },
        stat: report.stat === null ? null : flatStat(report.computed),
        peculiarities: report.peculiarities,
      };
  }
}

// ---------------------------------------------------------------- one session

/** The chunks of a night: which blocks each INFERENCE_COMPLETE carries. Only complete blocks are sent. */
export function chunkPlan(epochs: number, plan: Plan): { seq: number; firstEpoch: number; length: number }[] {
  const blocks = Math.floor(epochs / BLOCK_EPOCHS);
  const perChunk = plan / 5;
  const out: { seq: number; firstEpoch: number; length: number }[] = [];
  let next = 0; // first block not yet sent
  for (let block = 0; block < blocks; block++) {
    if ((block + 1) % perChunk !== 0 && block !== blocks - 1) continue;
    out.push({ seq: block, firstEpoch: next * BLOCK_EPOCHS, length: (block + 1 - next) * BLOCK_EPOCHS });
    next = block + 1;
  }
  return out;
}

function groundTruthOf(night: Night): GroundTruth {
  const track = (values: number[] | null) => (values ?? []).map((v) => (v === UNKNOWN ? null : v));
  return { sleep: track(night.sleep), snoring: track(night.snoring), breath: track(night.breath) };
}

type SessionRequest = Omit<PlannedRequest, 't'>;

function sessionRequests(s: SimSession, apiKey: string | null, seed: number): SessionRequest[] {
  const rng = createRng(seed).fork('traffic', s.participant, s.night);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': USER_AGENT,
    ...(apiKey === null ? {} : { 'x-api-key': apiKey }),
    'x-user-id': s.userId,
  };
  const base = {
    session: s.index,
    participant: s.participant,
    night: s.night,
    userId: s.userId,
    sessionId: s.sessionId,
    fault: null,
  };
  const out: SessionRequest[] = [];
  const slice = (values: number[], c: { firstEpoch: number; length: number }) => values.slice(c.firstEpoch, c.firstEpoch + c.length);
  for (const c of chunkPlan(s.epochs, s.plan)) {
    // Sent a few seconds after the chunk's last block ends (upload, then inference).
    const at = (c.seq + 1) * BLOCK_MS + rng.int(2_000, 15_000);
    const values: ChunkValues = {
      seq: c.seq,
      firstEpoch: c.firstEpoch,
      sleep: slice(s.data.sleep, c),
      snoring: slice(s.data.snoring, c),
      breath: s.data.breath ? slice(s.data.breath, c) : null,
    };
    out.push({ ...base, event: 'INFERENCE_COMPLETE', seq: c.seq, at, headers: { ...headers }, body: JSON.stringify(inferenceBody(s, values, s.startMs + at)) });
  }
  // The final report comes half a minute to two minutes after the session ends.
  const at = s.durationSeconds * 1000 + rng.int(30_000, 120_000);
  out.push({ ...base, event: 'SESSION_COMPLETE', seq: null, at, headers: { ...headers }, body: JSON.stringify(sessionBody(s, s.startMs + at)) });
  return out;
}

function buildSession(o: ResolvedOptions, index: number, participant: number, night: number, userId: string): SimSession {
  const rng = createRng(o.seed).fork('night', participant, night);
  const jitterStart = o.jitter ? rng.int(0, 20 * 60) * 1000 : 0;
  const startMs = Math.floor(o.startMs / 1000) * 1000 + (night - 1) * DAY_MS + jitterStart;
  const nominal = Math.round(o.hours * 3600);
  const durationSeconds = Math.max(30, nominal + (o.jitter ? rng.int(-Math.min(1200, Math.floor(nominal / 10)), Math.min(1200, Math.floor(nominal / 10))) : 0));
  const epochs = Math.floor(durationSeconds / 30);
  const data = generateNight({ epochs, stages: o.stages, breathing: o.breathing, gaps: o.gaps }, rng.fork('stages'));
  const startTime = isoUtc(startMs);
  const endTime = isoUtc(startMs + durationSeconds * 1000);
  const report = buildReport({ night: data, stages: o.stages, breathing: o.breathing, startTime, endTime });
  return {
    index,
    participant,
    night,
    userId,
    sessionId: sessionIdFor(startMs, rng.fork('session-id')),
    startMs,
    startTime,
    endTime,
    durationSeconds,
    epochs,
    layout: o.layout,
    plan: o.plan,
    stages: o.stages,
    breathing: o.breathing,
    data,
    report,
    groundTruth: groundTruthOf(data),
    faults: [],
    skippedFaults: [],
  };
}

// ---------------------------------------------------------------- the whole run

/** Plans every night of every participant and the requests to send, faults included. */
export function planSimulation(options: SimulationOptions): Simulation {
  const o = resolveOptions(options);
  const faults = FAULT_KINDS.filter((k) => o.faults.includes(k));
  const sessions: SimSession[] = [];
  const perSession: SessionRequest[][] = [];
  for (let p = 1; p <= o.participants; p++) {
    // Users exist before their first night: created 1 to 400 days earlier.
    const userRng = createRng(o.seed).fork('user', p);
    const userId = userIdFor(o.startMs - userRng.int(1, 400) * DAY_MS - userRng.int(0, DAY_MS / 1000) * 1000, userRng);
    for (let n = 1; n <= o.nights; n++) {
      const s = buildSession(o, sessions.length, p, n, userId);
      const planned = sessionRequests(s, o.apiKey, o.seed);
      if (faults.length > 0) {
        const outcome = injectFaults(planned, faults, { layout: s.layout, stages: s.stages, rng: createRng(o.seed).fork('faults', p, n) });
        s.faults = outcome.injected;
        s.skippedFaults = outcome.skipped;
        perSession.push(outcome.requests);
      } else {
        perSession.push(planned);
      }
      sessions.push(s);
    }
  }
  const originMs = sessions.reduce((min, s) => Math.min(min, s.startMs), Infinity);
  const requests: PlannedRequest[] = perSession
    .flatMap((list) => list.map((r) => ({ ...r, t: sessions[r.session]!.startMs - originMs + r.at })))
    .sort((a, b) => a.t - b.t || a.session - b.session);
  return { options: o, originMs: Number.isFinite(originMs) ? originMs : o.startMs, sessions, requests };
}
