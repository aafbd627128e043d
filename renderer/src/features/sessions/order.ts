// Which sessions need a look first, and what state to show when the core has not said "stale" yet.
import { staleAfterFor, type SessionState, type SessionSummary } from '../../../../shared/session';
import { minutesSince, toMs } from '../../lib/time';

export const sessionKey = (s: { userId: string; sessionId: string }): string => `${s.userId}\u0000${s.sessionId}`;

/** When the last chunk (else any event) arrived. */
export const lastHeardAt = (s: SessionSummary): string => s.lastChunkAt ?? s.lastEventAt;

/**
 * The core computes `state` when a session changes; a session that simply goes quiet sends no
 * update. So a "live" session whose last chunk is older than the threshold is shown as stale here.
 */
export function effectiveState(s: SessionSummary, now: number, staleAfterMinutes: number): SessionState {
  if (s.state !== 'live') return s.state;
  return minutesSince(lastHeardAt(s), now) >= staleAfterFor(s.chunkMinutes ?? null, staleAfterMinutes) ? 'stale' : 'live';
}

const RANK: Record<SessionState, number> = { live: 0, stale: 1, complete: 2 };

/** Live first, then stale, then complete; newest activity first within each. */
export function sortSessions(items: SessionSummary[], now: number, staleAfterMinutes: number): SessionSummary[] {
  const keyed = items.map((s) => ({
    s,
    rank: RANK[effectiveState(s, now, staleAfterMinutes)],
    at: toMs(s.lastEventAt) ?? 0,
  }));
  keyed.sort((a, b) => a.rank - b.rank || b.at - a.at || a.s.userId.localeCompare(b.s.userId));
  return keyed.map((k) => k.s);
}

export function countByState(items: SessionSummary[], now: number, staleAfterMinutes: number): Record<SessionState, number> {
  const c: Record<SessionState, number> = { live: 0, stale: 0, complete: 0 };
  for (const s of items) c[effectiveState(s, now, staleAfterMinutes)]++;
  return c;
}
