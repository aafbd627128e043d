import { segmentSize } from '../store/append-log';
import type { IndexEntry } from '../store/capture-journal';
import type { PruneCounts } from '../../../shared/settings';

/** What pruning one journal (captures/ or rejected/) before a cut-off removes. */
export interface JournalPlan {
  /** Segments whose every capture is older than the cut-off: deleted whole. */
  segments: number[];
  counts: PruneCounts;
  /** Older than the cut-off but sharing a segment with newer captures: kept until that segment ages out. */
  olderKept: number;
}

/** A session whose accepted captures all go: removed with them. `lastSeq` is its newest pruned capture. */
export interface DoomedSession {
  userId: string;
  sessionId: string;
  lastSeq: number;
}

interface JournalView {
  dir: string;
  entries(): readonly IndexEntry[];
}

/**
 * Retention works on whole log segments: a segment goes when its newest capture is older than the
 * cut-off. Records are never cut out of a segment, so a prune never rewrites the capture log.
 */
export async function planJournal(journal: JournalView, cutoffMs: number): Promise<JournalPlan> {
  const bySegment = new Map<number, { count: number; newest: number; older: number }>();
  for (const { summary, loc } of journal.entries()) {
    const at = Date.parse(summary.receivedAt);
    let s = bySegment.get(loc.segment);
    if (!s) bySegment.set(loc.segment, (s = { count: 0, newest: -Infinity, older: 0 }));
    s.count++;
    // An unreadable time counts as new: never prune what we cannot date.
    s.newest = Math.max(s.newest, Number.isFinite(at) ? at : Infinity);
    if (at < cutoffMs) s.older++;
  }
  const segments: number[] = [];
  let count = 0;
  let olderKept = 0;
  for (const [segment, s] of [...bySegment].sort((a, b) => a[0] - b[0])) {
    if (s.newest < cutoffMs) {
      segments.push(segment);
      count += s.count;
    } else olderKept += s.older;
  }
  let bytes = 0;
  for (const n of segments) bytes += Math.max(0, await segmentSize(journal.dir, n));
  return { segments, counts: { count, bytes, files: segments.length }, olderKept };
}

/** Sessions with at least one accepted capture in the pruned segments and none outside them. */
export function doomedSessions(accepted: readonly IndexEntry[], prunedSegments: readonly number[]): DoomedSession[] {
  const pruned = new Set(prunedSegments);
  const kept = new Set<string>();
  const doomed = new Map<string, DoomedSession>();
  for (const { summary: s, loc } of accepted) {
    if (!s.userId || !s.sessionId) continue;
    const key = `${s.userId}\u0000${s.sessionId}`;
    if (!pruned.has(loc.segment)) kept.add(key);
    else {
      const d = doomed.get(key);
      if (!d) doomed.set(key, { userId: s.userId, sessionId: s.sessionId, lastSeq: s.seq });
      else d.lastSeq = Math.max(d.lastSeq, s.seq);
    }
  }
  return [...doomed].filter(([key]) => !kept.has(key)).map(([, d]) => d);
}
