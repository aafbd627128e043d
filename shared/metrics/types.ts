// What the webhook metrics dashboard shows (the `getMetrics` command and `GET /api/metrics`).
import type { CaptureFilter } from '../capture-query';

export const METRICS_WINDOWS = ['hour', 'night', 'week'] as const;
export type MetricsWindow = (typeof METRICS_WINDOWS)[number];

/** Answer classes: 2xx split by validity, refused (4xx), failed (5xx), and no answer (the sender hung up). */
export const STATUS_CLASSES = ['valid', 'invalid', 'clientError', 'serverError', 'noAnswer'] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];
export type ClassCounts = Record<StatusClass, number>;

export interface MetricsBucket extends ClassCounts {
  /** Start of the bucket (ISO, UTC); the bucket lasts `bucketMinutes`. */
  start: string;
  /** 90th percentile of the answer times of accepted (2xx) captures in this bucket, ms. */
  acceptedP90Ms: number | null;
}

/** Nearest-rank percentiles of answer times, in milliseconds (null when `count` is 0). */
export interface AnswerTimeStats {
  count: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
}

/**
 * `complete`: the newest valid capture is a SESSION_COMPLETE. `stale`: not complete, and no valid capture
 * for longer than the stale threshold (refused or invalid requests do not count: nothing is recorded).
 */
export type ParticipantState = 'recording' | 'stale' | 'complete';

export interface ParticipantActivity {
  userId: string;
  lastAt: string;
  lastCaptureId: string;
  lastStatus: number;
  lastEvent: string | null;
  lastSessionId: string | null;
  /** Newest accepted and valid capture in the window. */
  lastValidAt: string | null;
  /** Captures of this participant in the window, by class. */
  counts: ClassCounts;
  state: ParticipantState;
  /** The newest capture was refused or not valid: what went wrong. */
  problem: string | null;
}

export interface RejectionGroup {
  key: string;
  /** `refused`: answered 4xx/5xx or no answer; `invalid`: stored (200) but matches no Asleep layout. */
  kind: 'refused' | 'invalid';
  label: string;
  /** The status answered (0 = the sender closed the connection first). */
  status: number;
  count: number;
  lastAt: string;
  /** The newest capture's own reason or first issue, word for word. */
  example: string;
  /** Shows these captures in the captures list. */
  filter: CaptureFilter;
}

export interface WebhookMetrics {
  window: MetricsWindow;
  generatedAt: string;
  /** Start of the first bucket (the window is `from` .. `generatedAt`). */
  from: string;
  bucketMinutes: number;
  staleAfterMinutes: number;
  buckets: MetricsBucket[];
  totals: ClassCounts & { all: number; duplicates: number; conflicts: number };
  answerMs: { accepted: AnswerTimeStats; refused: AnswerTimeStats };
  /** Participants with a capture in the window: stale first, then those with a problem, then newest first. */
  participants: ParticipantActivity[];
  /** Most frequent first; at most `MAX_REJECTION_GROUPS`. */
  rejections: RejectionGroup[];
  /** Groups left out beyond the first `MAX_REJECTION_GROUPS`. */
  moreRejectionGroups: number;
  /** Only the newest refused requests are kept: when that cut falls inside the window, refused counts start here. */
  refusedKeptSince: string | null;
}
