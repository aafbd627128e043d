// A sleep session as the console knows it, and how each capture changes it.
// Pure: the core applies captures here at ingest and again when it recovers after a crash,
// so the same captures always give the same session.
import { EPOCH_SECONDS, type InferenceChunk, type Layout, type Normalized, type SessionReport } from '../asleep/model';
import type { Duplicate } from '../capture';
import { staleAfterFor, type EpochTrack, type EpochTracks, type SessionState, type SessionSummary, type StartTimeSource } from '../session';
import { fingerprint } from './fingerprint';

/** Longest night the console places epochs for (48 h); beyond it a chunk is kept but not placed. */
export const MAX_EPOCHS = 5760;

export interface ChunkRecord {
  fingerprint: string;
  captureId: string;
  firstEpoch: number;
  length: number;
  receivedAt: string;
}

export interface SessionData {
  format: 1;
  userId: string;
  sessionId: string;
  /** Highest capture seq applied: recovery re-applies only what comes after. */
  appliedSeq: number;
  firstEventAt: string;
  lastEventAt: string;
  lastChunkAt: string | null;
  layout: Layout | null;
  version: string | null;
  live: EpochTracks;
  final: EpochTracks | null;
  chunks: Record<string, ChunkRecord>;
  conflicts: { inferenceSeqNum: number; captureId: string; originalCaptureId: string }[];
  duplicateCount: number;
  complete: { captureId: string; fingerprint: string; receivedAt: string; report: SessionReport } | null;
  start: { time: string; source: StartTimeSource } | null;
  warnings: string[];
  /** Longest chunk seen, in epochs: tells the plan's interval (10 = 5 min, 40 = 20 min, 80 = 40 min). */
  maxChunkEpochs?: number;
}

export interface AppliedCapture {
  id: string;
  seq: number;
  receivedAt: string;
  layout: Layout | null;
  version: string | null;
  duplicate: Duplicate;
  duplicateOf: string | null;
}

const emptyTracks = (): EpochTracks => ({ sleep: [], snoring: [], breath: [] });

export function newSession(userId: string, sessionId: string, at: string): SessionData {
  return {
    format: 1,
    userId,
    sessionId,
    appliedSeq: 0,
    firstEventAt: at,
    lastEventAt: at,
    lastChunkAt: null,
    layout: null,
    version: null,
    live: emptyTracks(),
    final: null,
    chunks: {},
    conflicts: [],
    duplicateCount: 0,
    complete: null,
    start: null,
    warnings: [],
  };
}

/** Is this the same chunk or report again, different content under the same key, or new? */
export function classify(session: SessionData | undefined, n: Normalized): { duplicate: Duplicate; duplicateOf: string | null } {
  if (!session) return { duplicate: 'no', duplicateOf: null };
  const print = fingerprint(n);
  const first = n.kind === 'inference' ? session.chunks[String(n.inferenceSeqNum)] : session.complete;
  if (!first) return { duplicate: 'no', duplicateOf: null };
  return { duplicate: first.fingerprint === print ? 'same' : 'conflict', duplicateOf: first.captureId };
}

/** Apply one capture's normalized content. Idempotent: a capture already applied is skipped. */
export function applyCapture(session: SessionData, capture: AppliedCapture, n: Normalized): void {
  if (capture.seq <= session.appliedSeq) return;
  session.appliedSeq = capture.seq;
  if (capture.receivedAt > session.lastEventAt) session.lastEventAt = capture.receivedAt;
  if (capture.receivedAt < session.firstEventAt) session.firstEventAt = capture.receivedAt;
  session.layout = capture.layout;
  session.version = capture.version;

  if (n.kind === 'inference') {
    if (!session.lastChunkAt || capture.receivedAt > session.lastChunkAt) session.lastChunkAt = capture.receivedAt;
  }
  if (capture.duplicate === 'same') {
    session.duplicateCount++;
    return;
  }
  if (capture.duplicate === 'conflict') {
    if (n.kind === 'inference') {
      session.conflicts.push({ inferenceSeqNum: n.inferenceSeqNum, captureId: capture.id, originalCaptureId: capture.duplicateOf ?? '' });
    } else {
      session.conflicts.push({ inferenceSeqNum: -1, captureId: capture.id, originalCaptureId: capture.duplicateOf ?? '' });
    }
    return;
  }
  if (n.kind === 'inference') placeChunk(session, capture, n);
  else completeSession(session, capture, n);
}

function placeChunk(session: SessionData, capture: AppliedCapture, chunk: InferenceChunk): void {
  session.chunks[String(chunk.inferenceSeqNum)] = {
    fingerprint: fingerprint(chunk),
    captureId: capture.id,
    firstEpoch: chunk.firstEpoch,
    length: chunk.sleep.length,
    receivedAt: capture.receivedAt,
  };
  session.maxChunkEpochs = Math.max(session.maxChunkEpochs ?? 0, chunk.sleep.length);
  const end = chunk.firstEpoch + chunk.sleep.length;
  if (end > MAX_EPOCHS) {
    warn(session, `chunk ${chunk.inferenceSeqNum} (capture ${capture.id}) would end at epoch ${end}, past 48 h: kept, not placed`);
    return;
  }
  if (chunk.firstEpoch < 0) {
    warn(session, `chunk ${chunk.inferenceSeqNum} (capture ${capture.id}) starts before the session (epoch ${chunk.firstEpoch}): its first ${-chunk.firstEpoch} values were not placed`);
  }
  write(session.live.sleep, chunk.firstEpoch, chunk.sleep);
  if (chunk.snoring) write(session.live.snoring, chunk.firstEpoch, chunk.snoring);
  if (chunk.breath) write(session.live.breath, chunk.firstEpoch, chunk.breath);
  noteStart(session, estimateStart(session.sessionId, chunk, capture.receivedAt));
}

function completeSession(session: SessionData, capture: AppliedCapture, report: SessionReport): void {
  session.complete = { captureId: capture.id, fingerprint: fingerprint(report), receivedAt: capture.receivedAt, report };
  session.final = {
    sleep: toTrack(report.sleep),
    snoring: toTrack(report.snoring),
    breath: toTrack(report.breath),
  };
  if (report.startTime) noteStart(session, { time: report.startTime, source: 'report' });
}

function toTrack(values: number[] | null): EpochTrack {
  return (values ?? []).slice(0, MAX_EPOCHS).map((v) => (v === -1 ? null : v));
}

function write(track: EpochTrack, first: number, values: number[]): void {
  for (let i = 0; i < values.length; i++) {
    const at = first + i;
    if (at < 0) continue;
    while (track.length < at) track.push(null);
    const v = values[i]!;
    track[at] = v === -1 ? null : v;
  }
}

function warn(session: SessionData, message: string): void {
  if (session.warnings.length < 200 && !session.warnings.includes(message)) session.warnings.push(message);
}

const SOURCE_RANK: Record<StartTimeSource, number> = { report: 0, time_window: 1, session_id: 2, received: 3 };

function noteStart(session: SessionData, candidate: { time: string; source: StartTimeSource } | null): void {
  if (!candidate) return;
  const current = session.start;
  if (!current || SOURCE_RANK[candidate.source] < SOURCE_RANK[current.source]) session.start = candidate;
  else if (candidate.source === 'received' && current.source === 'received' && candidate.time < current.time) {
    session.start = candidate;
  }
}

/** Asleep session ids start with the UTC start time, e.g. `20250115025029_fvivn` = 2025-01-15T02:50:29Z. */
const SESSION_ID_TIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})_/;

function estimateStart(
  sessionId: string,
  chunk: InferenceChunk,
  receivedAt: string,
): { time: string; source: StartTimeSource } | null {
  if (chunk.timeWindow) {
    const t = Date.parse(chunk.timeWindow.start) - chunk.firstEpoch * EPOCH_SECONDS * 1000;
    if (Number.isFinite(t)) return { time: new Date(t).toISOString(), source: 'time_window' };
  }
  const m = SESSION_ID_TIME.exec(sessionId);
  if (m) {
    const [, y, mo, d, h, mi, s] = m;
    const t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    if (Number.isFinite(t)) return { time: new Date(t).toISOString(), source: 'session_id' };
  }
  // The chunk ending at epoch firstEpoch + length was just sent: the night began that long ago.
  const t = Date.parse(receivedAt) - (chunk.firstEpoch + chunk.sleep.length) * EPOCH_SECONDS * 1000;
  return Number.isFinite(t) ? { time: new Date(t).toISOString(), source: 'received' } : null;
}

export function currentTracks(session: SessionData): EpochTracks {
  return session.final ?? session.live;
}

export function sessionState(session: SessionData, now: number, staleAfterMinutes: number): SessionState {
  if (session.complete) return 'complete';
  const last = Date.parse(session.lastChunkAt ?? session.lastEventAt);
  return now - last > staleAfterFor(chunkMinutes(session), staleAfterMinutes) * 60_000 ? 'stale' : 'live';
}

function chunkMinutes(session: SessionData): number | null {
  return session.maxChunkEpochs ? (session.maxChunkEpochs * EPOCH_SECONDS) / 60 : null;
}

export function summarizeSession(session: SessionData, now: number, staleAfterMinutes: number): SessionSummary {
  const report = session.complete?.report;
  return {
    userId: session.userId,
    sessionId: session.sessionId,
    state: sessionState(session, now, staleAfterMinutes),
    startTime: session.start?.time ?? null,
    startTimeSource: session.start?.source ?? null,
    endTime: report?.endTime ?? null,
    timezone: report?.timezone ?? null,
    firstEventAt: session.firstEventAt,
    lastEventAt: session.lastEventAt,
    lastChunkAt: session.lastChunkAt,
    chunkMinutes: chunkMinutes(session),
    epochCount: currentTracks(session).sleep.filter((v) => v !== null).length,
    chunkCount: Object.keys(session.chunks).length,
    duplicateCount: session.duplicateCount,
    conflictCount: session.conflicts.length,
    layout: session.layout,
    version: session.version,
    peculiarities: report?.peculiarities ?? [],
  };
}
