// What the filter bar offers to choose from: known layouts and versions, the participants and sessions
// the console knows, the events it has seen, and how many filters are on.
import { KNOWN_EVENTS, LAYOUTS } from '../../../../../shared/asleep/model';
import type { CaptureFilter } from '../../../../../shared/capture-query';
import type { SessionSummary } from '../../../../../shared/session';

export const LAYOUT_OPTIONS: readonly { value: string; label: string }[] = LAYOUTS.map((l) => ({
  value: l,
  label: l === 'flat' ? 'flat (seed document)' : l,
}));
export const VERSION_OPTIONS = ['V1', 'V2', 'V3'] as const;

/** Known events first, then others seen in the loaded captures (the newest `scan`), then the current one. */
export function eventOptions(seen: readonly { event: string | null }[], current: string | undefined, scan = 5_000): string[] {
  const out = new Set<string>(KNOWN_EVENTS);
  const extra = new Set<string>();
  for (let i = 0; i < seen.length && i < scan; i++) {
    const e = seen[i]!.event;
    if (e && !out.has(e)) extra.add(e);
  }
  for (const e of [...extra].sort()) out.add(e);
  if (current) out.add(current);
  return [...out];
}

/** Participants (user ids) of the known sessions, sorted. */
export function participantOptions(sessions: readonly SessionSummary[]): string[] {
  return [...new Set(sessions.map((s) => s.userId))].sort((a, b) => a.localeCompare(b));
}

export interface SessionOption {
  /** What the filter takes: `userId/sessionId`. */
  value: string;
  userId: string;
  sessionId: string;
  startTime: string | null;
  timezone: string | null;
}

/** Sessions, newest activity first, of one participant when one is chosen; at most `max`. */
export function sessionOptions(sessions: readonly SessionSummary[], user: string | undefined, max = 500): SessionOption[] {
  return sessions
    .filter((s) => user === undefined || s.userId === user)
    .sort((a, b) => (a.lastEventAt < b.lastEventAt ? 1 : a.lastEventAt > b.lastEventAt ? -1 : 0))
    .slice(0, max)
    .map((s) => ({ value: `${s.userId}/${s.sessionId}`, userId: s.userId, sessionId: s.sessionId, startTime: s.startTime, timezone: s.timezone }));
}

/** The session filter's participant part (`userId/sessionId`), or null for a bare session id. */
export function sessionUser(session: string | undefined): string | null {
  if (!session) return null;
  const slash = session.indexOf('/');
  return slash > 0 ? session.slice(0, slash) : null;
}

/** Choosing a participant drops a session filter that belongs to someone else. */
export function withParticipant(filter: CaptureFilter, user: string | undefined): CaptureFilter {
  const owner = sessionUser(filter.session);
  const session = user !== undefined && owner !== null && owner !== user ? undefined : filter.session;
  return { ...filter, user, session };
}

/** How many filters are on (each field counts once; the search counts too). */
export function activeFilterCount(filter: CaptureFilter): number {
  return Object.values(filter).filter((v) => v !== undefined && v !== '').length;
}
