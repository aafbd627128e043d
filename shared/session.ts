import type { Layout } from './asleep/model';

export type SessionState = 'live' | 'stale' | 'complete';

/** Where the session's start time comes from, best first. */
export type StartTimeSource = 'report' | 'time_window' | 'session_id' | 'received';

/** One value per 30-s epoch; null = no data received for that epoch (never "wake"). */
export type EpochTrack = (number | null)[];

export interface EpochTracks {
  sleep: EpochTrack;
  snoring: EpochTrack;
  breath: EpochTrack;
}

export interface SessionSummary {
  userId: string;
  sessionId: string;
  state: SessionState;
  startTime: string | null;
  startTimeSource: StartTimeSource | null;
  endTime: string | null;
  /** IANA zone of the session when known (from the report), else null: show local time. */
  timezone: string | null;
  firstEventAt: string;
  lastEventAt: string;
  /** Received time of the newest INFERENCE_COMPLETE chunk. */
  lastChunkAt: string | null;
  /** How often this session's plan sends a chunk (5, 20 or 40 minutes), from the longest chunk seen. */
  chunkMinutes: number | null;
  /** Epochs of the current timeline that hold data. */
  epochCount: number;
  chunkCount: number;
  duplicateCount: number;
  conflictCount: number;
  layout: Layout | null;
  version: string | null;
  peculiarities: string[];
}

export interface ChunkPlacement {
  inferenceSeqNum: number;
  firstEpoch: number;
  length: number;
  captureId: string;
  receivedAt: string;
}

export interface SessionDetail extends SessionSummary {
  /** The final timeline when complete, else the live one. */
  epochs: EpochTracks;
  live: EpochTracks;
  final: EpochTracks | null;
  serverStat: Record<string, unknown> | null;
  statUnits: 'official' | 'flat' | null;
  computedStat: Record<string, unknown> | null;
  discrepancies: { field: string; server: unknown; computed: unknown }[];
  missingDataRatio: number | null;
  chunks: ChunkPlacement[];
  conflicts: { inferenceSeqNum: number; captureId: string; originalCaptureId: string }[];
  completeCaptureId: string | null;
  warnings: string[];
}

/**
 * Minutes without a chunk after which a session counts as stale: the configured threshold, but never
 * less than one and a half of the plan's own interval (a 40-minute plan is silent for 40 minutes by design).
 */
export function staleAfterFor(chunkMinutes: number | null, staleAfterMinutes: number): number {
  return Math.max(staleAfterMinutes, 1.5 * (chunkMinutes ?? 5));
}
