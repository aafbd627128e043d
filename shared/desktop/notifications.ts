// When the desktop app raises a notification. Decided here from the core's push events, with time
// passed in, so it is tested without Electron or timers. Rules:
// - only transitions notify, never a state that was already true when the app started;
// - the same thing never notifies twice (a night completes once; a tunnel outage is one outage until
//   it is online again, however many re-registration attempts fail meanwhile);
// - a burst (the simulator completing 100 nights) gives one notification, then one summary per
//   NOTICE_GAP_MS, not a flood.
import type { ConsoleStatus, EventPayloads } from '../contract';
import type { SessionState, SessionSummary } from '../session';
import type { NoticeKind, NotificationPrefs } from './preferences';

export interface Notice {
  kind: NoticeKind;
  title: string;
  body: string;
  /** Stays on screen until dismissed where the system supports it. */
  urgent: boolean;
}

export type NotifierInput =
  | { type: 'sessionUpdated'; summary: SessionSummary }
  | { type: 'statusChanged'; status: ConsoleStatus }
  | { type: 'tunnelUrlChanged'; change: EventPayloads['tunnelUrlChanged'] };

/** After a notification of one kind, more of the same kind wait this long and are shown as one. */
export const NOTICE_GAP_MS = 30_000;

type Batched = Extract<NoticeKind, 'nightCompleted' | 'participantStale'>;

interface Held {
  names: string[];
}

const keyOf = (s: Pick<SessionSummary, 'userId' | 'sessionId'>) => `${s.userId}\u0000${s.sessionId}`;

export class NotificationPlanner {
  private readonly states = new Map<string, SessionState>();
  private readonly completed = new Set<string>();
  private tunnelOutage: boolean;
  private readonly urlsAnnounced = new Set<string>();
  private readonly lastShownAt = new Map<Batched, number>();
  private readonly held = new Map<Batched, Held>();

  /** The baseline: whatever is already true at start-up is not news. */
  constructor(status: ConsoleStatus, sessions: readonly SessionSummary[]) {
    for (const s of sessions) {
      this.states.set(keyOf(s), s.state);
      if (s.state === 'complete') this.completed.add(keyOf(s));
    }
    this.tunnelOutage = tunnelIsDown(status);
  }

  onEvent(input: NotifierInput, prefs: NotificationPrefs, now: number): Notice[] {
    switch (input.type) {
      case 'sessionUpdated':
        return this.onSession(input.summary, prefs, now);
      case 'statusChanged':
        return this.onStatus(input.status, prefs, now);
      case 'tunnelUrlChanged':
        return this.onUrl(input.change, prefs);
    }
  }

  /** Summaries of what was held back, once their gap has passed. */
  flush(prefs: NotificationPrefs, now: number): Notice[] {
    const out: Notice[] = [];
    for (const [kind, held] of [...this.held]) {
      if (!prefs[kind]) {
        this.held.delete(kind);
        continue;
      }
      if (now < (this.lastShownAt.get(kind) ?? 0) + NOTICE_GAP_MS) continue;
      this.held.delete(kind);
      this.lastShownAt.set(kind, now);
      out.push(summaryNotice(kind, held.names));
    }
    return out;
  }

  /** When `flush` has something to show next (null: nothing held). */
  nextFlushAt(): number | null {
    let next: number | null = null;
    for (const kind of this.held.keys()) {
      const at = (this.lastShownAt.get(kind) ?? 0) + NOTICE_GAP_MS;
      next = next === null ? at : Math.min(next, at);
    }
    return next;
  }

  private onSession(s: SessionSummary, prefs: NotificationPrefs, now: number): Notice[] {
    const key = keyOf(s);
    const before = this.states.get(key);
    this.states.set(key, s.state);
    if (s.state === 'complete' && !this.completed.has(key)) {
      this.completed.add(key);
      return this.batched('nightCompleted', s.userId, () => nightCompletedNotice(s), prefs, now);
    }
    if (s.state === 'stale' && before === 'live') {
      return this.batched('participantStale', s.userId, () => staleNotice(s, now), prefs, now);
    }
    return [];
  }

  private onStatus(status: ConsoleStatus, prefs: NotificationPrefs, now: number): Notice[] {
    const down = tunnelIsDown(status);
    const back = !status.tunnel.enabled || status.tunnel.state === 'online';
    if (down && !this.tunnelOutage) {
      this.tunnelOutage = true;
      return prefs.tunnelDown ? [tunnelDownNotice(status, now)] : [];
    }
    if (back) this.tunnelOutage = false;
    return [];
  }

  private onUrl(change: EventPayloads['tunnelUrlChanged'], prefs: NotificationPrefs): Notice[] {
    if (this.urlsAnnounced.has(change.next)) return [];
    this.urlsAnnounced.add(change.next);
    if (!prefs.urlChanged) return [];
    return [
      {
        kind: 'urlChanged',
        title: 'Tunnel URL changed: update Asleep',
        body: `Asleep's callback URL must be updated to ${change.webhookUrl}`,
        urgent: true,
      },
    ];
  }

  private batched(kind: Batched, name: string, make: () => Notice, prefs: NotificationPrefs, now: number): Notice[] {
    if (!prefs[kind]) return [];
    const last = this.lastShownAt.get(kind);
    if (last === undefined || now >= last + NOTICE_GAP_MS) {
      if (!this.held.has(kind)) {
        this.lastShownAt.set(kind, now);
        return [make()];
      }
    }
    const held = this.held.get(kind) ?? { names: [] };
    held.names.push(name);
    this.held.set(kind, held);
    return [];
  }
}

function tunnelIsDown(status: ConsoleStatus): boolean {
  return status.tunnel.enabled && status.tunnel.state === 'offline';
}

function nightCompletedNotice(s: SessionSummary): Notice {
  const minutes = Math.round(s.epochCount / 2);
  const recorded = minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
  return {
    kind: 'nightCompleted',
    title: `Night completed: ${s.userId}`,
    body: `${recorded} of sleep data received (session ${s.sessionId}).${s.conflictCount > 0 ? ` ${s.conflictCount} conflicting re-send(s) to review.` : ''}`,
    urgent: false,
  };
}

function staleNotice(s: SessionSummary, now: number): Notice {
  const last = s.lastChunkAt ?? s.lastEventAt;
  const silentMin = Math.max(0, Math.floor((now - Date.parse(last)) / 60_000));
  return {
    kind: 'participantStale',
    title: `No data from ${s.userId}`,
    body: `Nothing received for ${silentMin} min during a night in progress (session ${s.sessionId}). Check the participant's phone and the tunnel.`,
    urgent: true,
  };
}

function tunnelDownNotice(status: ConsoleStatus, now: number): Notice {
  const retry = status.tunnel.nextRetryAt ? Math.max(0, Math.round((Date.parse(status.tunnel.nextRetryAt) - now) / 1000)) : null;
  return {
    kind: 'tunnelDown',
    title: 'Tunnel down: webhooks cannot reach this laptop',
    body: `${status.tunnel.reason ?? 'The tunnel server does not answer.'}${retry !== null ? ` Retrying in ${retry} s.` : ''} Webhooks sent meanwhile do not arrive; check the network.`,
    urgent: true,
  };
}

function summaryNotice(kind: Batched, names: string[]): Notice {
  const unique = [...new Set(names)];
  const list = unique.length <= 4 ? unique.join(', ') : `${unique.slice(0, 4).join(', ')} and ${unique.length - 4} more`;
  const n = names.length;
  return kind === 'nightCompleted'
    ? { kind, title: `${n} more night${n === 1 ? '' : 's'} completed`, body: list, urgent: false }
    : { kind, title: `${n} more participant${n === 1 ? '' : 's'} without data`, body: `${list}. Open the console to see which nights.`, urgent: true };
}
