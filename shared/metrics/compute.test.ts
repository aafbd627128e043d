import { describe, expect, it } from 'vitest';
import type { CaptureSummary } from '../capture';
import { summaryFilter, summaryText } from '../capture-query';
import { classOf, computeMetrics, MAX_REJECTION_GROUPS, ORDER_SLACK_MS, type MetricsOptions } from './compute';
import { fieldOf, invalidKind, refusalKind } from './rejections';
import { windowRange } from './windows';

const NOW = Date.UTC(2025, 0, 15, 3, 27, 30); // 03:27:30 UTC
let seq = 0;

function cap(minutesAgo: number, patch: Partial<CaptureSummary> = {}): CaptureSummary {
  seq++;
  return {
    id: `c${seq}`,
    seq,
    receivedAt: new Date(NOW - minutesAgo * 60_000).toISOString(),
    method: 'POST',
    path: '/webhook',
    status: 200,
    stage: 'done',
    reason: null,
    event: 'INFERENCE_COMPLETE',
    layout: 'v3',
    version: 'V3',
    valid: true,
    issues: [],
    warnings: [],
    duplicate: 'no',
    duplicateOf: null,
    userId: 'alice',
    sessionId: 's1',
    size: 100,
    remoteAddress: '127.0.0.1',
    apiKey: { present: true, matched: true, last4: 'abcd' },
    answerMs: 1,
    ...patch,
  };
}

const refused = (minutesAgo: number, patch: Partial<CaptureSummary>) =>
  cap(minutesAgo, { status: 401, stage: 'auth', valid: false, event: null, layout: null, version: null, sessionId: null, ...patch });

const run = (lists: CaptureSummary[][], options: Partial<MetricsOptions> = {}) =>
  computeMetrics(lists, (c) => c, { window: 'hour', nowMs: NOW, staleAfterMinutes: 15, ...options });

describe('windows and buckets', () => {
  it('hour: 60 one-minute buckets, the last one holding now', () => {
    const r = windowRange('hour', NOW);
    expect(r.buckets).toBe(60);
    expect(new Date(r.endMs).toISOString()).toBe('2025-01-15T03:28:00.000Z');
    expect(new Date(r.fromMs).toISOString()).toBe('2025-01-15T02:28:00.000Z');
  });

  it('night: 72 ten-minute buckets (12 h); week: 168 hourly buckets, aligned to the viewer’s clock', () => {
    const night = windowRange('night', NOW);
    expect([night.buckets, night.bucketMs]).toEqual([72, 600_000]);
    expect(new Date(night.endMs).toISOString()).toBe('2025-01-15T03:30:00.000Z');
    // India is UTC+05:30: hourly buckets start at :30 UTC so that they start on the hour in Kolkata.
    const week = windowRange('week', NOW, 330);
    expect([week.buckets, week.bucketMs]).toEqual([168, 3_600_000]);
    expect(new Date(week.endMs).toISOString()).toBe('2025-01-15T03:30:00.000Z');
    expect(new Date(windowRange('week', NOW).endMs).toISOString()).toBe('2025-01-15T04:00:00.000Z');
  });
});

describe('counts by class', () => {
  it('puts each capture in its minute, by answer class and validity', () => {
    const list = [
      cap(30.2),
      cap(30.1, { valid: false, issues: [{ path: 'data.inference_seq_num', message: 'expected an integer' }] }),
      refused(0.2, { apiKey: { present: true, matched: false, last4: 'zzzz' }, reason: 'The x-api-key header does not match this console’s key (it ended in …zzzz).' }),
      cap(0.1, { status: 503, stage: 'store', valid: false, reason: 'Could not store the webhook (ENOSPC); answered 503 so the sender retries.' }),
      cap(0.05, { status: 0, stage: 'size', valid: false, reason: 'The sender closed the connection before the body was complete.' }),
      cap(61), // before the window
    ];
    const m = run([list]);
    expect(m.buckets).toHaveLength(60);
    expect(m.totals).toEqual({ valid: 1, invalid: 1, clientError: 1, serverError: 1, noAnswer: 1, all: 5, duplicates: 0, conflicts: 0 });
    const minute = (iso: string) => m.buckets.find((b) => b.start === iso)!;
    expect(minute('2025-01-15T02:57:00.000Z')).toMatchObject({ valid: 1, invalid: 1, clientError: 0 });
    expect(m.buckets.at(-1)).toMatchObject({ start: '2025-01-15T03:27:00.000Z', valid: 0, clientError: 1, serverError: 1, noAnswer: 1 });
    expect(m.from).toBe('2025-01-15T02:28:00.000Z');
    expect(m.generatedAt).toBe(new Date(NOW).toISOString());
  });

  it('classOf', () => {
    expect(classOf({ status: 200, valid: true })).toBe('valid');
    expect(classOf({ status: 200, valid: false })).toBe('invalid');
    expect(classOf({ status: 404, valid: false })).toBe('clientError');
    expect(classOf({ status: 503, valid: false })).toBe('serverError');
    expect(classOf({ status: 0, valid: false })).toBe('noAnswer');
  });

  it('reads several lists (accepted, refused) and counts repeats of accepted captures', () => {
    const accepted = [cap(5), cap(4, { duplicate: 'same', duplicateOf: 'c1' }), cap(3, { duplicate: 'conflict', duplicateOf: 'c1' })];
    const refusedList = [refused(2, { apiKey: { present: false, matched: false, last4: null } })];
    const m = run([accepted, refusedList]);
    expect(m.totals).toMatchObject({ all: 4, valid: 3, clientError: 1, duplicates: 1, conflicts: 1 });
  });

  it('stops reading a list well before the window, but tolerates captures slightly out of order', () => {
    // Arrival order: a capture numbered late whose request started before the window's start.
    const list = [cap(600), cap(61), cap(59), cap(60.5), cap(1)];
    const m = run([list]);
    expect(m.totals.all).toBe(2);
    // A capture in the window sitting behind one far older than the slack is not reached: documented cut-off.
    const farBehind = [cap(2), cap(60 + ORDER_SLACK_MS / 60_000 + 5), cap(1)];
    expect(run([farBehind]).totals.all).toBe(1);
  });

  it('ignores unparsable times and captures after the current bucket', () => {
    const m = run([[cap(1, { receivedAt: 'garbage' }), cap(-5), cap(1)]]);
    expect(m.totals.all).toBe(1);
  });
});

describe('answer times', () => {
  it('percentiles of accepted and refused answers apart; p90 per bucket', () => {
    const list: CaptureSummary[] = [];
    for (let i = 1; i <= 100; i++) list.push(cap(10, { answerMs: i }));
    list.push(refused(10, { answerMs: 0.4, apiKey: { present: false, matched: false, last4: null } }));
    list.push(cap(9, { answerMs: null })); // answered, time not recorded yet
    const m = run([list]);
    expect(m.answerMs.accepted).toEqual({ count: 100, p50: 50, p90: 90, p99: 99, max: 100 });
    expect(m.answerMs.refused).toEqual({ count: 1, p50: 0.4, p90: 0.4, p99: 0.4, max: 0.4 });
    const bucket = m.buckets.find((b) => b.valid === 100)!;
    expect(bucket.acceptedP90Ms).toBe(90);
    expect(m.buckets.filter((b) => b.acceptedP90Ms === null)).toHaveLength(59);
  });
});

describe('participants', () => {
  it('last capture, last valid one, state and problem; stale first', () => {
    const list = [
      cap(40, { userId: 'bob' }), // bob: nothing valid for 40 min → stale
      cap(30, { userId: 'carol', event: 'SESSION_COMPLETE' }), // carol: night complete
      cap(3, { userId: 'alice' }),
      refused(1, { userId: 'alice', apiKey: { present: true, matched: false, last4: 'zzzz' }, reason: 'does not match this console' }),
      refused(0.5, { userId: null, apiKey: { present: false, matched: false, last4: null } }), // no participant
      cap(2, { userId: 'dave', valid: false, issues: [{ path: 'data.sleep_stages.3', message: 'expected one of -1, 0, 1, 2, 3, got 7' }] }),
      cap(1, { userId: 'erin' }),
    ];
    const m = run([list]);
    expect(m.participants.map((p) => [p.userId, p.state])).toEqual([
      ['dave', 'stale'], // no valid capture at all in the window
      ['bob', 'stale'],
      ['alice', 'recording'], // problem: refused
      ['erin', 'recording'],
      ['carol', 'complete'],
    ]);
    const alice = m.participants.find((p) => p.userId === 'alice')!;
    expect(alice).toMatchObject({ lastStatus: 401, lastEvent: null, lastValidAt: list[2]!.receivedAt, lastCaptureId: list[3]!.id });
    expect(alice.problem).toBe('401: x-api-key does not match');
    expect(alice.counts).toEqual({ valid: 1, invalid: 0, clientError: 1, serverError: 0, noAnswer: 0 });
    expect(m.participants.find((p) => p.userId === 'dave')!.problem).toBe('not valid: data.sleep_stages.3: expected one of -1, 0, 1, 2, 3, got 7');
    expect(m.participants.find((p) => p.userId === 'erin')!.problem).toBeNull();
  });

  it('follows arrival order, not list order', () => {
    const accepted = [cap(5, { userId: 'x' })];
    const rejectedList = [refused(6, { userId: 'x', apiKey: { present: false, matched: false, last4: null } })];
    // The refused one came first (lower seq) even though its list is read second.
    rejectedList[0]!.seq = 0;
    const p = run([accepted, rejectedList]).participants[0]!;
    expect(p.lastStatus).toBe(200);
    expect(p.problem).toBeNull();
  });
});

describe('why requests were refused or are not valid', () => {
  it('groups by kind, most frequent first, newest reason as the example, with a filter that finds them', () => {
    const from = windowRange('hour', NOW).fromMs;
    const list = [
      refused(5, { apiKey: { present: true, matched: false, last4: 'aaaa' }, reason: 'The x-api-key header does not match this console’s key (it ended in …aaaa).' }),
      refused(4, { apiKey: { present: true, matched: false, last4: 'bbbb' }, reason: 'The x-api-key header does not match this console’s key (it ended in …bbbb).' }),
      refused(3, { apiKey: { present: false, matched: false, last4: null }, reason: 'The x-api-key header is missing.' }),
      cap(2, { status: 400, stage: 'parse', valid: false, reason: 'The body is not JSON: Unexpected token' }),
      cap(2, { valid: false, layout: 'v3', issues: [{ path: 'data.sleep_stages.4', message: 'bad' }] }),
      cap(1, { valid: false, layout: 'v3', issues: [{ path: 'data.sleep_stages.9', message: 'worse' }] }),
      cap(1, { valid: false, layout: null, event: null, issues: [{ path: '', message: 'not an Asleep webhook: no event/data envelope' }] }),
      cap(0.5, { status: 0, stage: 'size', valid: false, reason: 'The sender closed the connection before the body was complete.' }),
    ];
    const m = run([list]);
    expect(m.rejections.map((g) => [g.key, g.count])).toEqual([
      ['invalid:v3:INFERENCE_COMPLETE:data.sleep_stages.*', 2],
      ['key-mismatch', 2],
      ['aborted', 1],
      ['invalid:not-asleep', 1],
      ['not-json', 1],
      ['key-missing', 1],
    ]);
    const mismatch = m.rejections.find((g) => g.key === 'key-mismatch')!;
    expect(mismatch).toMatchObject({ kind: 'refused', status: 401, label: 'x-api-key does not match', lastAt: list[1]!.receivedAt });
    expect(mismatch.example).toContain('…bbbb');
    expect(m.rejections[0]).toMatchObject({ kind: 'invalid', example: 'worse', label: 'Not valid: data.sleep_stages.* (V3 INFERENCE_COMPLETE)' });
    // Each group's filter, applied the way the captures list applies it (q over the summary's text), finds exactly its captures.
    // Refused groups: exactly; invalid groups: every capture of the group, among the other invalid ones of that layout and event.
    for (const g of m.rejections) {
      const match = summaryFilter(g.filter);
      const found = list.filter((c) => match(c) && (g.filter.q === undefined || summaryText(c).includes(g.filter.q.toLowerCase())));
      if (g.kind === 'refused') expect(found.length, g.key).toBe(g.count);
      else expect(found.filter((c) => invalidKind(c).key === g.key).length, g.key).toBe(g.count);
      expect(g.filter.from).toBe(new Date(from).toISOString());
    }
    expect(m.rejections.find((g) => g.key === 'invalid:not-asleep')!.filter).toMatchObject({ status: '2xx', valid: false, q: 'not an Asleep webhook' });
    expect(m.moreRejectionGroups).toBe(0);
  });

  it('keeps at most MAX_REJECTION_GROUPS groups and says how many more there are', () => {
    const list = Array.from({ length: MAX_REJECTION_GROUPS + 7 }, (_, i) => cap(1, { valid: false, issues: [{ path: `data.field_${i}`, message: 'x' }] }));
    const m = run([list]);
    expect(m.rejections).toHaveLength(MAX_REJECTION_GROUPS);
    expect(m.moreRejectionGroups).toBe(7);
  });

  it('kinds', () => {
    const base = cap(1);
    expect(refusalKind({ ...base, status: 404, stage: 'path' }).key).toBe('path');
    expect(refusalKind({ ...base, status: 405, stage: 'method' }).key).toBe('method');
    expect(refusalKind({ ...base, status: 413, stage: 'size' }).key).toBe('too-large');
    expect(refusalKind({ ...base, status: 400, stage: 'parse', reason: 'The body is empty; a JSON webhook payload was expected.' }).key).toBe('empty');
    expect(refusalKind({ ...base, status: 400, stage: 'parse', reason: 'The body is not valid UTF-8 text.' }).key).toBe('not-utf8');
    expect(refusalKind({ ...base, status: 418, stage: 'done' })).toEqual({ key: 'status-418', label: 'Answered 418', search: null });
    expect(fieldOf('data.sleep_stages.12')).toBe('data.sleep_stages.*');
    expect(invalidKind({ ...base, valid: false, layout: 'flat', event: 'SESSION_COMPLETE', issues: [] }).label).toBe('Not valid: (no issue listed) (flat SESSION_COMPLETE)');
  });

  it('says when refused requests older than the cap were dropped inside the window', () => {
    expect(run([[]], { refusedKeptSince: new Date(NOW - 10 * 60_000).toISOString() }).refusedKeptSince).toBe(new Date(NOW - 10 * 60_000).toISOString());
    expect(run([[]], { refusedKeptSince: new Date(NOW - 90 * 60_000).toISOString() }).refusedKeptSince).toBeNull();
  });
});
