// The metrics of a real console: every kind of request sent over real HTTP (and one cut off on a raw
// socket), real journals in a temp folder, then the same figures again after a restart.
import { request } from 'node:http';
import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import v3Inference from '../../../shared/asleep/examples/v3-inference-complete.json';
import v3Session from '../../../shared/asleep/examples/v3-session-complete.json';
import { summaryFilter, summaryText } from '../../../shared/capture-query';
import type { WebhookMetrics } from '../../../shared/metrics';
import { ConsoleCore } from '../console-core';
import { tempDir } from '../test-support/temp-dir';
import { MetricsService } from './metrics-service';

const KEY = 'metrics-test-key-0123456789';
let dir: Awaited<ReturnType<typeof tempDir>>;
let core: ConsoleCore;

beforeEach(async () => {
  dir = await tempDir('asleep-metrics-');
  core = await ConsoleCore.open({ dataDir: dir.path, shell: 'headless', port: 0, apiKey: KEY });
});
afterEach(async () => {
  await core.close();
  await dir.remove();
});

function post(url: string, body: string | Buffer, headers: Record<string, string>, method = 'POST'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A request whose sender hangs up before the announced body has arrived. */
function cutOff(url: string): Promise<void> {
  const { port, pathname } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.write(`POST ${pathname} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nx-api-key: ${KEY}\r\nContent-Length: 500\r\n\r\n{"event":`);
      setTimeout(() => socket.destroy(), 50);
    });
    socket.on('close', () => resolve());
    socket.on('error', () => resolve());
  });
}

async function metrics(window: 'hour' | 'night' | 'week' = 'hour'): Promise<WebhookMetrics> {
  const r = await core.handlers.getMetrics({ window, offsetMinutes: 0 });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

async function waitFor(check: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('timed out waiting');
}

describe('metrics of a real console', () => {
  it('counts every kind of request, groups the refused ones by cause, and lists participants', async () => {
    const url = core.webhookUrl;
    const key = { 'x-api-key': KEY };
    const alice = { ...key, 'x-user-id': v3Inference.data.user_id };
    const answers = [
      await post(url, JSON.stringify(v3Inference), alice),
      await post(url, JSON.stringify(v3Inference), alice), // same chunk again
      await post(url, JSON.stringify({ ...v3Inference, data: { ...v3Inference.data, inference_seq_num: '3' } }), alice), // not valid
      await post(url, JSON.stringify({ ...v3Session, data: { ...v3Session.data, user_id: 'G-carol' } }), key),
      await post(url, JSON.stringify(v3Inference), { 'x-api-key': 'wrong-key-ZZZZ', 'x-user-id': 'G-bob' }),
      await post(url, JSON.stringify(v3Inference), { 'x-user-id': 'G-bob' }),
      await post(url.replace('/webhook', '/other'), '{}', key),
      await post(url, '', key, 'PUT'),
      await post(url, '{"event": ', key),
      await post(url, '', key),
      await post(url, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), key),
      await post(url, JSON.stringify({ pad: 'x'.repeat(1024 * 1024 + 10) }), key),
    ];
    expect(answers).toEqual([200, 200, 200, 200, 401, 401, 404, 405, 400, 400, 400, 413]);
    await cutOff(url);
    await waitFor(async () => (await core.listCaptures({ limit: 100 })).length === 13);

    const m = await metrics('hour');
    expect(m.totals).toEqual({ all: 13, valid: 3, invalid: 1, clientError: 8, serverError: 0, noAnswer: 1, duplicates: 1, conflicts: 0 });
    expect(m.buckets.reduce((n, b) => n + b.valid + b.invalid + b.clientError + b.serverError + b.noAnswer, 0)).toBe(13);
    expect(m.answerMs.accepted.count).toBe(4);
    // The cut-off request was never answered: no answer time.
    expect(m.answerMs.refused.count).toBe(8);
    expect(m.answerMs.accepted.p50).toBeGreaterThan(0);

    // Each kind of refusal is its own group, found by the listener's real reason text.
    expect(Object.fromEntries(m.rejections.map((g) => [g.key, g.count]))).toEqual({
      'key-mismatch': 1,
      'key-missing': 1,
      path: 1,
      method: 1,
      'not-json': 1,
      empty: 1,
      'not-utf8': 1,
      'too-large': 1,
      aborted: 1,
      'invalid:v3:INFERENCE_COMPLETE:data.inference_seq_num': 1,
    });
    // The link of every refused group finds exactly its captures in the real list (q is searched in the summary text).
    const all = await core.listCaptures({ limit: 100 });
    for (const g of m.rejections.filter((x) => x.kind === 'refused')) {
      const match = summaryFilter(g.filter);
      const found = all.filter((c) => match(c) && (g.filter.q === undefined || summaryText(c).includes(g.filter.q.toLowerCase())));
      expect(found.length, g.key).toBe(1);
      const listed = await core.queryCaptures({ limit: 50, ...g.filter });
      expect(listed.items.map((c) => c.id), g.key).toEqual(found.map((c) => c.id));
    }

    // Participants: alice recording (her last capture is the invalid one), bob only refused (stale: nothing recorded), carol's night complete.
    const byUser = Object.fromEntries(m.participants.map((p) => [p.userId, p]));
    expect(byUser['G-bob']).toMatchObject({ state: 'stale', lastStatus: 401, lastValidAt: null, problem: '401: x-api-key missing' });
    expect(byUser['G-carol']).toMatchObject({ state: 'complete', lastEvent: 'SESSION_COMPLETE', problem: null });
    const a = byUser[v3Inference.data.user_id]!;
    expect(a.counts).toMatchObject({ valid: 2, invalid: 1 });
    expect(a.problem).toMatch(/^not valid: data\.inference_seq_num: /);
    expect(m.participants[0]!.userId).toBe('G-bob');
  });

  it('gives the same figures after a restart (read from the index, not the capture files)', async () => {
    await post(core.webhookUrl, JSON.stringify(v3Inference), { 'x-api-key': KEY });
    await post(core.webhookUrl, JSON.stringify(v3Inference), { 'x-api-key': 'nope-nope-nope' });
    await waitFor(async () => (await core.listCaptures({ limit: 10 })).length === 2);
    await waitFor(async () => (await metrics('week')).answerMs.accepted.count === 1);
    const before = await metrics('week');
    await core.close();
    core = await ConsoleCore.open({ dataDir: dir.path, shell: 'headless', port: 0 });
    const after = await metrics('week');
    expect({ ...after, generatedAt: '', from: '' }).toEqual({ ...before, generatedAt: '', from: '' });
    expect(after.totals).toMatchObject({ all: 2, valid: 1, clientError: 1 });
  });

  it('says from when refused counts are complete once the refused journal is at its cap', async () => {
    const at = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
    const entry = (seq: number, min: number) => ({
      summary: { ...fakeSummary(seq), receivedAt: at(min), status: 401, stage: 'auth' as const, valid: false },
      loc: { segment: 0, offset: 0, length: 0 },
    });
    const refused = [entry(1, 30), entry(2, 20), entry(3, 10)];
    const none = async function* (): AsyncGenerator<never[]> {};
    const service = new MetricsService({ accepted: none, refused: () => refused as never, pending: () => [], staleAfterMinutes: () => 15, refusedLimit: 3 });
    expect((await service.compute({ window: 'hour', offsetMinutes: 0 })).refusedKeptSince).toBe(refused[0]!.summary.receivedAt);
    const roomy = new MetricsService({ accepted: none, refused: () => refused as never, pending: () => [], staleAfterMinutes: () => 15, refusedLimit: 10 });
    expect((await roomy.compute({ window: 'hour', offsetMinutes: 0 })).refusedKeptSince).toBeNull();
  });
});

function fakeSummary(seq: number) {
  return {
    id: `c${seq}`,
    seq,
    receivedAt: '',
    method: 'POST',
    path: '/webhook',
    status: 200,
    stage: 'done' as const,
    reason: null,
    event: null,
    layout: null,
    version: null,
    valid: true,
    issues: [],
    warnings: [],
    duplicate: 'no' as const,
    duplicateOf: null,
    userId: null,
    sessionId: null,
    size: 0,
    remoteAddress: null,
    apiKey: { present: true, matched: false, last4: 'abcd' },
    answerMs: null,
  };
}
