import { describe, expect, it } from 'vitest';
import type { InferenceChunk, SessionReport } from '../asleep/model';
import { applyCapture, classify, MAX_EPOCHS, newSession, sessionState, summarizeSession, type AppliedCapture } from './timeline';

const chunk = (inferenceSeqNum: number, sleep: number[], extra: Partial<InferenceChunk> = {}): InferenceChunk => ({
  kind: 'inference',
  userId: 'u1',
  sessionId: 's1',
  seqNum: null,
  inferenceSeqNum,
  sleep,
  snoring: sleep.map(() => 0),
  breath: null,
  firstEpoch: 10 * (inferenceSeqNum + 1) - sleep.length,
  timeWindow: null,
  timestamp: null,
  ...extra,
});

const report = (sleep: number[]): SessionReport => ({
  kind: 'session',
  userId: 'u1',
  sessionId: 's1',
  state: 'COMPLETE',
  startTime: '2025-01-15T02:50:29+00:00',
  endTime: '2025-01-15T03:50:29+00:00',
  timezone: 'UTC',
  sleep,
  snoring: null,
  breath: null,
  stat: null,
  statUnits: 'official',
  peculiarities: [],
  missingDataRatio: 0,
  timestamp: null,
});

let seq = 0;
function feed(session: ReturnType<typeof newSession>, n: InferenceChunk | SessionReport, at = '2025-01-15T03:00:00.000Z') {
  const verdict = classify(session, n);
  const capture: AppliedCapture = { id: `c${++seq}`, seq, receivedAt: at, layout: 'v3', version: 'V3', ...verdict };
  applyCapture(session, capture, n);
  return verdict;
}

const ten = (v: number) => Array.from({ length: 10 }, () => v);

describe('session timeline', () => {
  it('places chunks by inference_seq_num, in any order, and leaves gaps unknown', () => {
    const s = newSession('u1', 's1', '2025-01-15T03:00:00.000Z');
    feed(s, chunk(2, ten(2)));
    feed(s, chunk(0, ten(0)));
    expect(s.live.sleep.slice(0, 10)).toEqual(ten(0));
    expect(s.live.sleep.slice(10, 20)).toEqual(Array(10).fill(null));
    expect(s.live.sleep.slice(20, 30)).toEqual(ten(2));
    expect(summarizeSession(s, Date.now(), 15).epochCount).toBe(20);
  });

  it('places a 40-value chunk so that it ends at its block', () => {
    const s = newSession('u1', 's1', '2025-01-15T03:00:00.000Z');
    feed(s, chunk(6, [...ten(1), ...ten(2), ...ten(3), ...ten(0)]));
    expect(s.live.sleep).toHaveLength(70);
    expect(s.live.sleep[30]).toBe(1);
    expect(s.live.sleep[69]).toBe(0);
    expect(s.live.sleep[29]).toBeNull();
  });

  it('treats -1 as unknown, never wake', () => {
    const s = newSession('u1', 's1', '2025-01-15T03:00:00.000Z');
    feed(s, chunk(0, [-1, -1, 1, 1, 1, 1, 1, 1, 1, 1]));
    expect(s.live.sleep.slice(0, 3)).toEqual([null, null, 1]);
  });

  it('calls the same chunk again "same" and different content "conflict", keeping the first', () => {
    const s = newSession('u1', 's1', '2025-01-15T03:00:00.000Z');
    expect(feed(s, chunk(0, ten(1))).duplicate).toBe('no');
    expect(feed(s, chunk(0, ten(1))).duplicate).toBe('same');
    const conflict = feed(s, chunk(0, ten(3)));
    expect(conflict).toEqual({ duplicate: 'conflict', duplicateOf: 'c' + (seq - 2) });
    expect(s.live.sleep.slice(0, 10)).toEqual(ten(1));
    expect(s.duplicateCount).toBe(1);
    expect(s.conflicts).toHaveLength(1);
  });

  it('makes SESSION_COMPLETE the final timeline and keeps the live one beside it', () => {
    const s = newSession('u1', 's1', '2025-01-15T03:00:00.000Z');
    feed(s, chunk(0, ten(1)));
    feed(s, report([...ten(0), ...ten(2)]));
    expect(s.final?.sleep).toEqual([...ten(0), ...ten(2)]);
    expect(s.live.sleep).toEqual(ten(1));
    expect(sessionState(s, Date.now(), 15)).toBe('complete');
    expect(s.start).toEqual({ time: '2025-01-15T02:50:29+00:00', source: 'report' });
    expect(feed(s, report([...ten(0), ...ten(2)])).duplicate).toBe('same');
    expect(feed(s, report(ten(3))).duplicate).toBe('conflict');
    expect(s.final?.sleep).toEqual([...ten(0), ...ten(2)]);
  });

  it('goes stale when no chunk arrived for the threshold', () => {
    const s = newSession('u1', 's1', '2025-01-15T03:00:00.000Z');
    feed(s, chunk(0, ten(1)), '2025-01-15T03:00:00.000Z');
    expect(sessionState(s, Date.parse('2025-01-15T03:14:00Z'), 15)).toBe('live');
    expect(sessionState(s, Date.parse('2025-01-15T03:16:00Z'), 15)).toBe('stale');
  });

  it('does not allocate epochs for a chunk placed absurdly far away', () => {
    const s = newSession('u1', 's1', '2025-01-15T03:00:00.000Z');
    feed(s, chunk(10_000_000, ten(1)));
    expect(s.live.sleep.length).toBe(0);
    expect(s.warnings[0]).toMatch(/past 48 h/);
    expect(MAX_EPOCHS).toBe(5760);
  });

  it('is idempotent: applying a capture twice changes nothing', () => {
    const s = newSession('u1', 's1', '2025-01-15T03:00:00.000Z');
    const c: AppliedCapture = { id: 'c1', seq: 1, receivedAt: '2025-01-15T03:00:00.000Z', layout: 'v3', version: 'V3', duplicate: 'no', duplicateOf: null };
    applyCapture(s, c, chunk(0, ten(1)));
    const before = JSON.stringify(s);
    applyCapture(s, c, chunk(0, ten(1)));
    expect(JSON.stringify(s)).toBe(before);
  });

  it('estimates the start from an Asleep session id, from time_window, or from arrival', () => {
    const a = newSession('u1', '20250115025029_fvivn', '2025-01-15T03:00:00.000Z');
    feed(a, { ...chunk(3, ten(0)), sessionId: '20250115025029_fvivn' });
    expect(a.start).toEqual({ time: '2025-01-15T02:50:29.000Z', source: 'session_id' });

    const b = newSession('u1', 'session123', '2024-01-21T06:15:00.000Z');
    feed(b, chunk(12, [1, 1, 2, 2, 2], { timeWindow: { start: '2024-01-21T06:10:00Z', end: '2024-01-21T06:15:00Z' } }));
    expect(b.start?.source).toBe('time_window');
    expect(b.start?.time).toBe(new Date(Date.parse('2024-01-21T06:10:00Z') - 125 * 30_000).toISOString());

    const c = newSession('u1', 'plain', '2025-01-15T03:00:00.000Z');
    feed(c, chunk(1, ten(1)), '2025-01-15T03:00:00.000Z');
    expect(c.start).toEqual({ time: '2025-01-15T02:50:00.000Z', source: 'received' });
  });
});

describe('session statistics beside the server', () => {
  it('the official V3 example night gives zero discrepancies through the session path', async () => {
    const { interpret } = await import('../asleep/interpret');
    const { sessionStats } = await import('./session-stats');
    const example = (await import('../asleep/examples/v3-session-complete.json')).default;
    const n = interpret(example).normalized!;
    const s = newSession(n.userId, n.sessionId, '2025-01-15T03:51:00.000Z');
    feed(s, n);
    const stats = sessionStats(s);
    expect(stats.discrepancies).toEqual([]);
    expect(stats.computedStat).toMatchObject({ time_in_bed: 3600, sleep_latency: 900, waso_count: 1, longest_waso: 180, sleep_efficiency: 0.3 });
  });
});

describe('stale threshold follows the plan', () => {
  it('a 40-minute plan is not stale 30 minutes after its last chunk, a 5-minute plan is', () => {
    const at = '2025-01-15T03:00:00.000Z';
    const longPlan = newSession('u1', 'long', at);
    feed(longPlan, chunk(7, Array.from({ length: 80 }, () => 1)), at);
    const shortPlan = newSession('u1', 'short', at);
    feed(shortPlan, chunk(0, ten(1)), at);
    const later = Date.parse(at) + 30 * 60_000;
    expect(sessionState(longPlan, later, 15)).toBe('live');
    expect(sessionState(shortPlan, later, 15)).toBe('stale');
    expect(summarizeSession(longPlan, later, 15).chunkMinutes).toBe(40);
    expect(sessionState(longPlan, Date.parse(at) + 61 * 60_000, 15)).toBe('stale');
  });
});
