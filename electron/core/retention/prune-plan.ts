import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { segmentSize } from '../store/append-log';
import type { SegmentAge, SessionInSegment } from '../store/capture-journal';
import { coldName } from '../store/cold-segment';
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
  segmentAges(cutoffMs: number): Promise<SegmentAge[]>;
}

/**
 * Retention works on whole log segments: a segment goes when its newest capture is older than the
 * cut-off. Records are never cut out of a segment, so a prune never rewrites the capture log.
 */
export async function planJournal(journal: JournalView, cutoffMs: number): Promise<JournalPlan> {
  const segments: number[] = [];
  let count = 0;
  let olderKept = 0;
  for (const s of await journal.segmentAges(cutoffMs)) {
    const segment = s.segment;
    if (s.newest < cutoffMs) {
      segments.push(segment);
      count += s.count;
    } else olderKept += s.older;
  }
  let bytes = 0;
  for (const n of segments) bytes += Math.max(0, await segmentSize(journal.dir, n)) + (await fileSize(join(journal.dir, coldName(n))));
  return { segments, counts: { count, bytes, files: segments.length }, olderKept };
}

const fileSize = (file: string) => stat(file).then((s) => s.size, () => 0);

/** Sessions with at least one accepted capture in the pruned segments and none outside them. */
export function doomedSessions(accepted: readonly SessionInSegment[], prunedSegments: readonly number[]): DoomedSession[] {
  const pruned = new Set(prunedSegments);
  const kept = new Set<string>();
  const doomed = new Map<string, DoomedSession>();
  for (const s of accepted) {
    const key = `${s.userId}\u0000${s.sessionId}`;
    if (!pruned.has(s.segment)) kept.add(key);
    else {
      const d = doomed.get(key);
      if (!d) doomed.set(key, { userId: s.userId, sessionId: s.sessionId, lastSeq: s.maxSeq });
      else d.lastSeq = Math.max(d.lastSeq, s.maxSeq);
    }
  }
  return [...doomed].filter(([key]) => !kept.has(key)).map(([, d]) => d);
}
