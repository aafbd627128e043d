import { describe, expect, it } from 'vitest';
import { NOTICE_GAP_MS, NotificationPlanner } from './notifications';
import { DEFAULT_DESKTOP_PREFS, type NotificationPrefs } from './preferences';
import { session, statusWith } from './test-fixtures';

const ALL: NotificationPrefs = DEFAULT_DESKTOP_PREFS.notifications;
const T0 = Date.parse('2025-03-02T01:20:00.000Z');

const tunnel = (state: 'off' | 'connecting' | 'online' | 'degraded' | 'offline', extra: Record<string, unknown> = {}) =>
  statusWith({ tunnel: { enabled: state !== 'off', state, publicUrl: 'https://a.loca.lt', ...extra } });

describe('NotificationPlanner: start-up', () => {
  it('announces nothing that was already true when the app started', () => {
    const startSessions = [session('P1', 'complete'), session('P2', 'stale'), session('P3', 'live')];
    const planner = new NotificationPlanner(tunnel('offline'), startSessions);
    // The same states re-sent (a tick, a reconnect) are not news.
    for (const s of startSessions) expect(planner.onEvent({ type: 'sessionUpdated', summary: s }, ALL, T0)).toEqual([]);
    expect(planner.onEvent({ type: 'statusChanged', status: tunnel('offline') }, ALL, T0)).toEqual([]);
    expect(planner.nextFlushAt()).toBeNull();
  });
});

describe('NotificationPlanner: nights', () => {
  it('announces a night that completes, once', () => {
    const planner = new NotificationPlanner(statusWith(), [session('P1', 'live')]);
    const done = session('P1', 'complete', { epochCount: 863, conflictCount: 1 });
    const notices = planner.onEvent({ type: 'sessionUpdated', summary: done }, ALL, T0);
    expect(notices).toEqual([
      {
        kind: 'nightCompleted',
        title: 'Night completed: P1',
        body: '7 h 12 min of sleep data received (session s-P1). 1 conflicting re-send(s) to review.',
        urgent: false,
      },
    ]);
    // A duplicate SESSION_COMPLETE, or the same summary again much later: no repeat.
    expect(planner.onEvent({ type: 'sessionUpdated', summary: done }, ALL, T0 + 1000)).toEqual([]);
    expect(planner.onEvent({ type: 'sessionUpdated', summary: done }, ALL, T0 + 10 * NOTICE_GAP_MS)).toEqual([]);
  });

  it('announces a night seen for the first time already complete (only its SESSION_COMPLETE arrived)', () => {
    const planner = new NotificationPlanner(statusWith(), []);
    expect(planner.onEvent({ type: 'sessionUpdated', summary: session('P9', 'complete', { epochCount: 40 }) }, ALL, T0)).toMatchObject([
      { kind: 'nightCompleted', body: expect.stringMatching(/^20 min of sleep data/) },
    ]);
  });

  it('turns a burst of completions into one notification and one summary after the gap', () => {
    const users = Array.from({ length: 100 }, (_, i) => `P${i}`);
    const planner = new NotificationPlanner(statusWith(), users.map((u) => session(u, 'live')));
    const shown = users.flatMap((u, i) => planner.onEvent({ type: 'sessionUpdated', summary: session(u, 'complete') }, ALL, T0 + i * 10));
    expect(shown.map((n) => n.title)).toEqual(['Night completed: P0']);
    expect(planner.nextFlushAt()).toBe(T0 + NOTICE_GAP_MS);
    expect(planner.flush(ALL, T0 + NOTICE_GAP_MS - 1)).toEqual([]);
    const summary = planner.flush(ALL, T0 + NOTICE_GAP_MS);
    expect(summary).toEqual([{ kind: 'nightCompleted', title: '99 more nights completed', body: 'P1, P2, P3, P4 and 95 more', urgent: false }]);
    expect(planner.nextFlushAt()).toBeNull();
    expect(planner.flush(ALL, T0 + 5 * NOTICE_GAP_MS)).toEqual([]);
    // After the gap since the summary, the next completion is shown on its own again.
    planner.onEvent({ type: 'sessionUpdated', summary: session('Q', 'live') }, ALL, T0 + 3 * NOTICE_GAP_MS);
    expect(planner.onEvent({ type: 'sessionUpdated', summary: session('Q', 'complete') }, ALL, T0 + 3 * NOTICE_GAP_MS).map((n) => n.title)).toEqual([
      'Night completed: Q',
    ]);
  });

  it('respects the preference, also for what was held back', () => {
    const planner = new NotificationPlanner(statusWith(), [session('A', 'live'), session('B', 'live')]);
    const off = { ...ALL, nightCompleted: false };
    expect(planner.onEvent({ type: 'sessionUpdated', summary: session('A', 'complete') }, off, T0)).toEqual([]);
    expect(planner.onEvent({ type: 'sessionUpdated', summary: session('B', 'complete') }, ALL, T0)).toHaveLength(1);
    planner.onEvent({ type: 'sessionUpdated', summary: session('C', 'complete') }, ALL, T0 + 1);
    expect(planner.flush(off, T0 + NOTICE_GAP_MS)).toEqual([]);
    expect(planner.nextFlushAt()).toBeNull();
    // Turned off when A completed: switching it back on does not bring A back.
    expect(planner.onEvent({ type: 'sessionUpdated', summary: session('A', 'complete') }, ALL, T0 + 9 * NOTICE_GAP_MS)).toEqual([]);
  });
});

describe('NotificationPlanner: stale participants', () => {
  it('announces live → stale with the silence in minutes, and again only after the participant came back', () => {
    const planner = new NotificationPlanner(statusWith(), [session('P1', 'live', { lastChunkAt: '2025-03-02T01:00:00.000Z' })]);
    const stale = session('P1', 'stale', { lastChunkAt: '2025-03-02T01:00:00.000Z' });
    expect(planner.onEvent({ type: 'sessionUpdated', summary: stale }, ALL, T0)).toEqual([
      {
        kind: 'participantStale',
        title: 'No data from P1',
        body: "Nothing received for 20 min during a night in progress (session s-P1). Check the participant's phone and the tunnel.",
        urgent: true,
      },
    ]);
    expect(planner.onEvent({ type: 'sessionUpdated', summary: stale }, ALL, T0 + 5 * NOTICE_GAP_MS)).toEqual([]);
    planner.onEvent({ type: 'sessionUpdated', summary: session('P1', 'live') }, ALL, T0 + 6 * NOTICE_GAP_MS);
    expect(planner.onEvent({ type: 'sessionUpdated', summary: stale }, ALL, T0 + 7 * NOTICE_GAP_MS)).toHaveLength(1);
  });

  it('does not announce a session first seen stale, nor stale → complete as stale', () => {
    const planner = new NotificationPlanner(statusWith(), []);
    expect(planner.onEvent({ type: 'sessionUpdated', summary: session('P1', 'stale') }, ALL, T0)).toEqual([]);
    const done = planner.onEvent({ type: 'sessionUpdated', summary: session('P1', 'complete') }, ALL, T0);
    expect(done.map((n) => n.kind)).toEqual(['nightCompleted']);
  });

  it('batches many participants going stale at once (the laptop lost its network)', () => {
    const users = ['A', 'B', 'C', 'D', 'E', 'F'];
    const planner = new NotificationPlanner(statusWith(), users.map((u) => session(u, 'live')));
    const shown = users.flatMap((u) => planner.onEvent({ type: 'sessionUpdated', summary: session(u, 'stale') }, ALL, T0));
    expect(shown).toHaveLength(1);
    expect(planner.flush(ALL, T0 + NOTICE_GAP_MS)).toEqual([
      { kind: 'participantStale', title: '5 more participants without data', body: 'B, C, D, E and 1 more. Open the console to see which nights.', urgent: true },
    ]);
  });

  it('keeps the kinds apart: a completion does not hold back a stale warning', () => {
    const planner = new NotificationPlanner(statusWith(), [session('A', 'live'), session('B', 'live')]);
    expect(planner.onEvent({ type: 'sessionUpdated', summary: session('A', 'complete') }, ALL, T0)).toHaveLength(1);
    expect(planner.onEvent({ type: 'sessionUpdated', summary: session('B', 'stale') }, ALL, T0 + 1)).toHaveLength(1);
  });
});

describe('NotificationPlanner: tunnel', () => {
  it('announces an outage once, however many re-registrations fail, and again after it was online', () => {
    const planner = new NotificationPlanner(tunnel('connecting'), []);
    expect(planner.onEvent({ type: 'statusChanged', status: tunnel('online') }, ALL, T0)).toEqual([]);
    const offline = tunnel('offline', { reason: 'The tunnel server did not answer.', nextRetryAt: new Date(T0 + 30_000).toISOString() });
    expect(planner.onEvent({ type: 'statusChanged', status: offline }, ALL, T0)).toEqual([
      {
        kind: 'tunnelDown',
        title: 'Tunnel down: webhooks cannot reach this laptop',
        body: 'The tunnel server did not answer. Retrying in 30 s. Webhooks sent meanwhile do not arrive; check the network.',
        urgent: true,
      },
    ]);
    for (let i = 1; i < 20; i++) {
      expect(planner.onEvent({ type: 'statusChanged', status: tunnel(i % 2 ? 'connecting' : 'offline') }, ALL, T0 + i * 1000)).toEqual([]);
    }
    expect(planner.onEvent({ type: 'statusChanged', status: tunnel('degraded') }, ALL, T0)).toEqual([]);
    expect(planner.onEvent({ type: 'statusChanged', status: tunnel('offline') }, ALL, T0)).toEqual([]);
    planner.onEvent({ type: 'statusChanged', status: tunnel('online') }, ALL, T0);
    expect(planner.onEvent({ type: 'statusChanged', status: tunnel('offline') }, ALL, T0)).toHaveLength(1);
  });

  it('does not count a tunnel switched off as down, and a new outage after switching it back on notifies', () => {
    const planner = new NotificationPlanner(tunnel('online'), []);
    expect(planner.onEvent({ type: 'statusChanged', status: statusWith({ tunnel: { enabled: false, state: 'offline' } }) }, ALL, T0)).toEqual([]);
    expect(planner.onEvent({ type: 'statusChanged', status: tunnel('offline') }, ALL, T0)).toHaveLength(1);
    planner.onEvent({ type: 'statusChanged', status: tunnel('off') }, ALL, T0);
    expect(planner.onEvent({ type: 'statusChanged', status: tunnel('offline') }, ALL, T0)).toHaveLength(1);
  });

  it('stays silent when tunnel notifications are off', () => {
    const planner = new NotificationPlanner(tunnel('online'), []);
    expect(planner.onEvent({ type: 'statusChanged', status: tunnel('offline') }, { ...ALL, tunnelDown: false }, T0)).toEqual([]);
  });

  it('announces a changed public URL once per URL', () => {
    const planner = new NotificationPlanner(tunnel('online'), []);
    const change = { previous: 'https://a.loca.lt', next: 'https://b.loca.lt', webhookUrl: 'https://b.loca.lt/webhook' };
    expect(planner.onEvent({ type: 'tunnelUrlChanged', change }, ALL, T0)).toEqual([
      { kind: 'urlChanged', title: 'Tunnel URL changed: update Asleep', body: "Asleep's callback URL must be updated to https://b.loca.lt/webhook", urgent: true },
    ]);
    expect(planner.onEvent({ type: 'tunnelUrlChanged', change }, ALL, T0 + 1)).toEqual([]);
    expect(planner.onEvent({ type: 'tunnelUrlChanged', change: { ...change, next: 'https://c.loca.lt', webhookUrl: 'https://c.loca.lt/webhook' } }, { ...ALL, urlChanged: false }, T0)).toEqual([]);
  });
});
