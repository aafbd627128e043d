import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleCore } from '../console-core';
import { tempDir } from '../test-support/temp-dir';
import { startBackend, waitFor } from './test-support/backend';
import { backoffMs, classify } from './forwarder';

const KEY = 'forwarding-test-key-1234';
let dir: Awaited<ReturnType<typeof tempDir>>;
const cleanups: (() => Promise<void>)[] = [];

beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await dir.remove();
});

const payload = (n: number) =>
  // A BOM-free body with non-ASCII text and odd spacing: forwarded bytes must be identical.
  `{"event":"INFERENCE_COMPLETE", "version":"V3","data":{"user_id":"p-é-${n}","session_id":"night-1","seq_num":${n * 10 + 9},"inference_seq_num":${n},"sleep_stages":[1,2,3,1,2,3,1,2,3,1],"breath_stages":null,"snoring_stages":[0,0,0,0,0,0,0,0,0,0]}}\n`;

function post(port: number, body: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/webhook', method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'x-api-key': KEY, 'X-Custom-Trace': 'abc', ...headers } },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, ms: performance.now() - started }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function openCore(timing = { baseMs: 20, maxDelayMs: 5_000, timeoutMs: 2_000 }) {
  const core = await ConsoleCore.open({ dataDir: dir.path, shell: 'headless', port: 0, apiKey: KEY, forwardingTiming: timing });
  cleanups.push(() => core.close());
  return core;
}

const captureOf = (res: { body: string }) => (JSON.parse(res.body) as { capture: string }).capture;

describe('forwarding to a backend', () => {
  it('retries a backend that fails three times, then delivers exactly once, byte-identical, with four tries recorded', async () => {
    const backend = await startBackend((_r, n) => (n <= 3 ? 500 : 200));
    cleanups.push(() => backend.close());
    const core = await openCore();
    expect((await core.handlers.configureForwarding({ enabled: true, url: backend.url })).ok).toBe(true);
    const body = payload(1);
    const res = await post(core.status().port, body);
    expect(res.status).toBe(200);
    const id = captureOf(res);
    await waitFor(() => core.status().forwarding?.delivered === 1, 10_000, 'delivery');
    await new Promise((r) => setTimeout(r, 300)); // nothing more arrives afterwards

    expect(backend.received).toHaveLength(4);
    expect(backend.countById().get(id)).toBe(4);
    const delivered = backend.received[3]!;
    expect(delivered.body.equals(Buffer.from(body, 'utf8'))).toBe(true);
    expect(delivered.headers['x-console-forwarded']).toBe(id);
    expect(delivered.headers['x-api-key']).toBe(KEY); // the real key, not the on-disk redaction marker
    expect(delivered.rawHeaders).toContain('X-Custom-Trace'); // original header names
    expect(delivered.headers['content-length']).toBe(String(Buffer.byteLength(body)));

    const attempts = await core.handlers.forwardingAttempts({ captureId: id });
    expect(attempts.ok && attempts.value.items.map((a) => [a.n, a.status, a.outcome])).toEqual([
      [1, 500, 'retry'],
      [2, 500, 'retry'],
      [3, 500, 'retry'],
      [4, 200, 'delivered'],
    ]);
    const state = core.status().forwarding!;
    expect(state).toMatchObject({ queueLength: 0, delivered: 1, dead: [] });
    const detail = await core.getCapture(id);
    expect(detail?.forwarded).toEqual({ attempts: 4, delivered: true, lastStatus: 200 });

    // After a clean restart nothing is sent again.
    await core.close();
    cleanups.pop();
    const again = await openCore();
    await new Promise((r) => setTimeout(r, 300));
    expect(backend.received).toHaveLength(4);
    expect(again.status().forwarding).toMatchObject({ delivered: 1, queueLength: 0 });
  });

  it('backs off 1×, 2×, 4×… the base, dead-letters after 8 tries, and retry / discard work', async () => {
    let up = false;
    const backend = await startBackend((r) => (up ? 200 : r.id.length > 0 ? 503 : 503));
    cleanups.push(() => backend.close());
    const base = 15;
    const core = await openCore({ baseMs: base, maxDelayMs: 5_000, timeoutMs: 2_000 });
    await core.handlers.configureForwarding({ enabled: true, url: backend.url });
    const id = captureOf(await post(core.status().port, payload(2)));
    await waitFor(() => (core.status().forwarding?.dead.length ?? 0) === 1, 15_000, 'dead letter');

    const times = backend.received.map((r) => r.at);
    expect(times).toHaveLength(8);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!, `gap before try ${i + 1}`).toBeGreaterThanOrEqual(backoffMs(i, { baseMs: base, maxDelayMs: 5_000 }) - 2);
    expect(core.status().forwarding!.dead[0]).toMatchObject({ captureId: id, attempts: 8, lastError: 'HTTP 503' });
    expect(core.status().forwarding!.lastError?.captureId).toBe(id);

    up = true;
    expect((await core.handlers.retryDead({ captureId: id })).ok).toBe(true);
    await waitFor(() => core.status().forwarding?.delivered === 1, 5_000, 'delivery after retry');
    expect(backend.countById().get(id)).toBe(9);
    expect(core.status().forwarding!.dead).toEqual([]);

    // A refusal (4xx other than 408/429) is dead at once; discard removes it.
    up = false;
    const refusing = await startBackend(() => 422);
    cleanups.push(() => refusing.close());
    await core.handlers.configureForwarding({ url: refusing.url });
    const id2 = captureOf(await post(core.status().port, payload(3)));
    await waitFor(() => (core.status().forwarding?.dead.length ?? 0) === 1, 5_000, 'refused dead letter');
    expect(refusing.received).toHaveLength(1);
    expect(core.status().forwarding!.dead[0]).toMatchObject({ captureId: id2, attempts: 1 });
    expect(core.status().forwarding!.dead[0]!.lastError).toContain('refused');
    expect((await core.handlers.discardDead({})).ok).toBe(true);
    expect(core.status().forwarding!.dead).toEqual([]);
    expect((await core.handlers.retryDead({ captureId: id2 })).ok).toBe(false);
  });

  it('never delays the answer to Asleep: a backend that hangs does not slow the webhook answers', async () => {
    const backend = await startBackend(() => 'hang');
    cleanups.push(() => backend.close());
    const core = await openCore({ baseMs: 20, maxDelayMs: 5_000, timeoutMs: 10_000 });
    await core.handlers.configureForwarding({ enabled: true, url: backend.url });
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await post(core.status().port, payload(10 + i));
      expect(r.status).toBe(200);
      times.push(r.ms);
    }
    await waitFor(() => backend.received.length === 1, 5_000, 'the first forward to hang');
    expect(Math.max(...times)).toBeLessThan(500);
    expect(core.status().forwarding).toMatchObject({ queueLength: 20, inFlight: 'c1' });
  });

  it('does not forward captures from before forwarding was switched on', async () => {
    const backend = await startBackend(() => 200);
    cleanups.push(() => backend.close());
    const core = await openCore();
    await post(core.status().port, payload(1));
    await core.handlers.configureForwarding({ enabled: true, url: backend.url });
    const id = captureOf(await post(core.status().port, payload(2)));
    await waitFor(() => core.status().forwarding?.delivered === 1, 5_000, 'delivery');
    expect([...backend.countById().keys()]).toEqual([id]);
    expect((await core.handlers.configureForwarding({ enabled: true, url: null })).ok).toBe(false);
  });

  it('classifies answers', () => {
    expect([200, 204, 500, 503, 408, 429, 400, 401, 404, 422, 301].map((status) => classify({ status }))).toEqual([
      'delivered', 'delivered', 'retryable', 'retryable', 'retryable', 'retryable', 'refused', 'refused', 'refused', 'refused', 'refused',
    ]);
    expect(classify({ status: null })).toBe('retryable');
    expect([1, 2, 3, 8, 9, 20].map((n) => backoffMs(n, { baseMs: 1_000, maxDelayMs: 300_000 }))).toEqual([1_000, 2_000, 4_000, 128_000, 256_000, 300_000]);
  });
});

describe('answer mode', () => {
  it('answers the chosen status after the delay and still stores the capture', async () => {
    const core = await openCore();
    const set = await core.handlers.setAnswerMode({ status: 500, delayMs: 200 });
    expect(set.ok && set.value.answerMode).toEqual({ status: 500, delayMs: 200 });
    const res = await post(core.status().port, payload(5));
    expect(res.status).toBe(500);
    expect(res.ms).toBeGreaterThanOrEqual(200);
    const answer = JSON.parse(res.body) as { status: string; capture: string };
    expect(answer.status).toBe('test-answer');
    const stored = await core.getCapture(answer.capture);
    expect(stored?.body).toBe(payload(5));
    expect(stored?.testAnswer).toEqual({ status: 500, delayMs: 200 });
    expect(stored?.response.status).toBe(500);
    expect(core.status().storage.captureCount).toBe(1);

    await core.handlers.setAnswerMode({ status: null, delayMs: 0 });
    const normal = await post(core.status().port, payload(6));
    expect(normal.status).toBe(200);
    expect(normal.ms).toBeLessThan(200);
  });
});
