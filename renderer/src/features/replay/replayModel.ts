// Pure: the session as it was after each capture, rebuilt with the same timeline code the core uses
// at ingest (captures applied in arrival order, each with its recorded duplicate verdict).
import type { ReplayCapture } from '../../../../shared/contract';
import type { SessionDetail } from '../../../../shared/session';
import { sessionDetail } from '../../../../shared/sessions/session-detail';
import { applyCapture, newSession, type SessionData } from '../../../../shared/sessions/timeline';

export const REPLAY_SPEEDS = [1, 10, 100, 'max'] as const;
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number];

/** Session state after captures[0..count-1] (count ≥ 1). */
export function stateAfter(userId: string, sessionId: string, captures: readonly ReplayCapture[], count: number): SessionData {
  const first = captures[0];
  const session = newSession(userId, sessionId, first?.receivedAt ?? new Date(0).toISOString());
  for (const c of captures.slice(0, Math.max(0, count))) {
    if (!c.normalized) continue;
    applyCapture(session, c, c.normalized);
  }
  return session;
}

/** The SessionDetail-like model the hypnogram and counters read, as of the k-th capture (1-based). */
export function detailAfter(userId: string, sessionId: string, captures: readonly ReplayCapture[], count: number, staleAfterMinutes = 15): SessionDetail {
  const s = stateAfter(userId, sessionId, captures, count);
  const at = captures[Math.min(count, captures.length) - 1];
  const now = at ? Date.parse(at.receivedAt) : Date.now();
  return sessionDetail(s, now, staleAfterMinutes);
}

/** Milliseconds to wait before showing capture `next` (0-based), from the original spacing. */
export function delayBefore(captures: readonly ReplayCapture[], next: number, speed: ReplaySpeed): number {
  if (speed === 'max' || next <= 0 || next >= captures.length) return 0;
  const gap = Date.parse(captures[next]!.receivedAt) - Date.parse(captures[next - 1]!.receivedAt);
  return Number.isFinite(gap) ? Math.max(0, gap / speed) : 0;
}
