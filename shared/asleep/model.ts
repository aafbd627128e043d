// The console's internal model of an Asleep webhook, whatever layout it arrived in.
// Pure TypeScript: no Node or DOM API may be imported into shared/.

export const LAYOUTS = ['v1', 'v2', 'v3', 'flat'] as const;
export type Layout = (typeof LAYOUTS)[number];

export const KNOWN_EVENTS = ['INFERENCE_COMPLETE', 'SESSION_COMPLETE'] as const;
export type KnownEvent = (typeof KNOWN_EVENTS)[number];

/** One 30-second epoch, as Asleep's calculators hard-code it. */
export const EPOCH_SECONDS = 30;
/** A 5-minute inference block holds this many epochs. */
export const EPOCHS_PER_BLOCK = 10;

/** `path` is dotted, e.g. `data.inference_seq_num` or `data.sleep_stages.3`. */
export interface ValidationIssue {
  path: string;
  message: string;
}

export interface Detection {
  layout: Layout | null;
  /** The version the body declares (`V1`, `V2`, `V3`, ...) or the one its layout implies. */
  version: string | null;
  /** The event name as sent, even when unknown. */
  event: string | null;
}

export interface InferenceChunk {
  kind: 'inference';
  userId: string;
  sessionId: string;
  seqNum: number | null;
  inferenceSeqNum: number;
  /** Stage per epoch: 0 wake, 1 light (or "sleep" on 2-stage plans), 2 deep, 3 REM, -1 unknown. */
  sleep: number[];
  snoring: number[] | null;
  breath: number[] | null;
  /** Index of the first epoch of `sleep`: 10 * (inference_seq_num + 1) - length (see reference.md). */
  firstEpoch: number;
  /** Flat layout only: the window the sender says the chunk covers. */
  timeWindow: { start: string; end: string } | null;
  /** The sender's event time (flat layout `timestamp`), if any. */
  timestamp: string | null;
}

export interface SessionReport {
  kind: 'session';
  userId: string;
  sessionId: string;
  state: string | null;
  startTime: string | null;
  endTime: string | null;
  timezone: string | null;
  sleep: number[] | null;
  snoring: number[] | null;
  breath: number[] | null;
  /** The server's `stat` as sent (unknown fields kept). */
  stat: Record<string, unknown> | null;
  /** `official` = seconds and 0-1 ratios; `flat` = the seed document's units ("HH:MM:SS", percent). */
  statUnits: 'official' | 'flat';
  peculiarities: string[];
  missingDataRatio: number | null;
  timestamp: string | null;
}

export type Normalized = InferenceChunk | SessionReport;

export interface Interpretation {
  detection: Detection;
  /** True when the body matches the schema of its layout and event. */
  valid: boolean;
  /** Why it is not valid (empty when valid). */
  issues: ValidationIssue[];
  /** Things worth a look that do not make the body invalid (e.g. time_window disagrees with seq). */
  warnings: ValidationIssue[];
  /** Present only when valid. */
  normalized: Normalized | null;
  /** Best effort, also for invalid bodies, so a rejected chunk can still be linked to its session. */
  userId: string | null;
  sessionId: string | null;
}
