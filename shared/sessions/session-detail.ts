import type { SessionDetail } from '../session';
import { sessionStats } from './session-stats';
import { currentTracks, summarizeSession, type SessionData } from './timeline';

/** Everything the session page reads about a night, as of `now` (the core: the clock; a replay: the capture's time). */
export function sessionDetail(s: SessionData, now: number, staleAfterMinutes: number): SessionDetail {
  const report = s.complete?.report ?? null;
  return {
    ...summarizeSession(s, now, staleAfterMinutes),
    epochs: currentTracks(s),
    live: s.live,
    final: s.final,
    serverStat: report?.stat ?? null,
    statUnits: report?.statUnits ?? null,
    ...sessionStats(s),
    missingDataRatio: report?.missingDataRatio ?? null,
    chunks: Object.entries(s.chunks)
      .map(([seq, c]) => ({ inferenceSeqNum: Number(seq), firstEpoch: c.firstEpoch, length: c.length, captureId: c.captureId, receivedAt: c.receivedAt }))
      .sort((a, b) => a.inferenceSeqNum - b.inferenceSeqNum),
    conflicts: s.conflicts,
    completeCaptureId: s.complete?.captureId ?? null,
    warnings: s.warnings,
  };
}
