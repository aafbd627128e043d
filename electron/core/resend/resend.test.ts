import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import v3Inference from '../../../shared/asleep/examples/v3-inference-complete.json';
import { commands, type CommandArgs } from '../../../shared/contract';
import { ConsoleCore } from '../console-core';
import { tempDir } from '../test-support/temp-dir';

const KEY = 'test-key-0123456789';
let dir: Awaited<ReturnType<typeof tempDir>>;
let core: ConsoleCore;
let target: Server | null = null;

beforeEach(async () => {
  dir = await tempDir();
  core = await ConsoleCore.open({ dataDir: dir.path, shell: 'headless', port: 0, apiKey: KEY });
});
afterEach(async () => {
  await new Promise((r) => (target ? target.close(r) : r(undefined)));
  target = null;
  await core.close();
  await dir.remove();
});

function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A body no serializer would produce: odd spacing, key order, escapes and non-ASCII text. */
function oddBody(seq = 0): string {
  const json = structuredClone(v3Inference) as { data: Record<string, unknown> };
  json.data.inference_seq_num = seq;
  json.data.seq_num = seq * 10 + 9;
  return JSON.stringify(json, null, 3).replace('{', '{ \n\t"note" :  "caf\\u00e9 — 睡眠",').replace(/\n/g, '\r\n') + '  \n';
}

async function capture(body: string, headers: Record<string, string> = {}): Promise<string> {
  const a = await post(core.webhookUrl, body, { 'content-type': 'application/json', 'x-api-key': KEY, ...headers });
  expect(a.status).toBe(200);
  return (JSON.parse(a.body) as { capture: string }).capture;
}

const resendArgs = (a: CommandArgs<'resend'>) => commands.resend.args.parse(a);

interface Seen {
  body: Buffer;
  headers: IncomingHttpHeaders;
  raw: string[];
}

async function recorder(): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  target = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ body: Buffer.concat(chunks), headers: req.headers, raw: req.rawHeaders });
      res.writeHead(201, { 'content-type': 'text/plain', 'x-target': 'yes' });
      res.end('thanks');
    });
  });
  await new Promise<void>((r) => target!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(target!.address() as AddressInfo).port}/hook`, seen };
}

describe('re-send', () => {
  it('sends the exact bytes to the console itself, marked as a replay, with the key', async () => {
    const body = oddBody();
    const id = await capture(body, { 'X-Custom-Thing': 'kept' });
    const r = await core.handlers.resend(resendArgs({ captureIds: [id] }));
    if (!r.ok) throw new Error(r.error.message);
    const [result] = r.value.results;
    expect(result!.status).toBe(200);
    expect(result!.newCaptureId).toBeTruthy();
    const copy = await core.getCapture(result!.newCaptureId!);
    const original = await core.getCapture(id);
    expect(copy!.body).toBe(original!.body);
    expect(copy!.body).toBe(body);
    expect(copy!.headers['x-console-replay']).toBe(id);
    expect(copy!.headers['x-custom-thing']).toBe('kept');
    expect(copy!.apiKey.matched).toBe(true);
    expect(copy!.duplicate).toBe('same');
  });

  it('keeps original headers but not hop-by-hop ones, Host or Content-Length, and keeps the answer', async () => {
    const body = oddBody(1);
    const id = await capture(body, { 'X-Trace': 'abc', Connection: 'keep-alive', 'Keep-Alive': 'timeout=5', 'User-Agent': 'asleep/1' });
    const { url, seen } = await recorder();
    const r = await core.handlers.resend(resendArgs({ captureIds: [id], url }));
    if (!r.ok) throw new Error(r.error.message);
    expect(seen).toHaveLength(1);
    const got = seen[0]!;
    expect(got.body.equals(Buffer.from(body, 'utf8'))).toBe(true);
    expect(got.headers['x-trace']).toBe('abc');
    expect(got.headers['user-agent']).toBe('asleep/1');
    expect(got.headers['keep-alive']).toBeUndefined();
    expect(got.headers['x-api-key']).toBe(KEY);
    expect(got.headers['x-console-replay']).toBe(id);
    expect(got.headers.host).toBe(new URL(url).host);
    expect(got.headers['content-length']).toBe(String(Buffer.byteLength(body)));
    // Original header names keep their case.
    expect(got.raw).toContain('X-Trace');

    const result = r.value.results[0]!;
    expect(result).toMatchObject({ captureId: id, status: 201, body: 'thanks', edited: false, error: null, url });
    expect(result.headers['x-target']).toBe('yes');
    expect(result.ms).toBeGreaterThan(0);
    const kept = await core.handlers.resendResults({ captureId: id });
    if (!kept.ok) throw new Error(kept.error.message);
    expect(kept.value.items).toEqual([result]);

    // Kept across a restart.
    await core.close();
    core = await ConsoleCore.open({ dataDir: dir.path, shell: 'headless', port: 0, apiKey: KEY });
    const again = await core.handlers.resendResults({ captureId: id });
    expect(again.ok && again.value.items).toEqual([result]);
  });

  it('sends an edited body and headers, with the console key unless one is given', async () => {
    const id = await capture(oddBody(2));
    const { url, seen } = await recorder();
    const r = await core.handlers.resend(resendArgs({ captureIds: [id], url, edit: { body: '{"edited":true}', headers: { 'content-type': 'application/json', 'X-Extra': '1', Host: 'evil' } } }));
    expect(r.ok && r.value.results[0]!.edited).toBe(true);
    expect(seen[0]!.body.toString()).toBe('{"edited":true}');
    expect(seen[0]!.headers['x-extra']).toBe('1');
    expect(seen[0]!.headers['x-api-key']).toBe(KEY);
    expect(seen[0]!.headers.host).not.toBe('evil');
    await core.handlers.resend(resendArgs({ captureIds: [id], url, edit: { body: '{}', headers: { 'x-api-key': 'other-key' } } }));
    expect(seen[1]!.headers['x-api-key']).toBe('other-key');
    expect(() => resendArgs({ captureIds: [id, id], edit: { body: '{}', headers: {} } })).toThrow();
  });

  it('re-sends a whole session in arrival order, and refuses a spacing that would take too long', async () => {
    const ids: string[] = [];
    for (const n of [0, 1, 2]) {
      ids.push(await capture(oddBody(n)));
      await new Promise((r) => setTimeout(r, 20)); // some original spacing to scale
    }
    const { url, seen } = await recorder();
    const json = JSON.parse(oddBody(0)) as { data: { user_id: string; session_id: string } };
    const session = { userId: json.data.user_id, sessionId: json.data.session_id };
    const r = await core.handlers.resend(resendArgs({ session, url, spacing: 'original', speed: 1000 }));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.results.map((x) => x.captureId)).toEqual(ids);
    expect(seen.map((s) => s.headers['x-console-replay'])).toEqual(ids);
    const slow = await core.handlers.resend(resendArgs({ session, url, spacing: 'original', speed: 0.000001 }));
    expect(slow.ok ? null : slow.error.code).toBe('BAD_ARGS');
    const missing = await core.handlers.resend(resendArgs({ captureIds: ['nope'] }));
    expect(missing.ok ? null : missing.error.code).toBe('NOT_FOUND');
  });

  it('reports an unreachable target as a result', async () => {
    const id = await capture(oddBody(3));
    const r = await core.handlers.resend(resendArgs({ captureIds: [id], url: 'http://127.0.0.1:1/x' }));
    expect(r.ok && r.value.results[0]!.status).toBe(null);
    expect(r.ok && r.value.results[0]!.error).toBeTruthy();
  });
});

describe('session captures for replay', () => {
  it('lists the accepted captures of a session in arrival order, normalized, with their verdicts', async () => {
    const ids = [await capture(oddBody(1)), await capture(oddBody(0)), await capture(oddBody(0))];
    const json = JSON.parse(oddBody(0)) as { data: { user_id: string; session_id: string } };
    const r = await core.handlers.sessionCaptures({ userId: json.data.user_id, sessionId: json.data.session_id });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.items.map((c) => c.id)).toEqual(ids);
    expect(r.value.items.map((c) => c.duplicate)).toEqual(['no', 'no', 'same']);
    expect(r.value.items[0]!.normalized).toMatchObject({ kind: 'inference', inferenceSeqNum: 1 });
    const none = await core.handlers.sessionCaptures({ userId: 'nobody', sessionId: 'none' });
    expect(none.ok && none.value.items).toEqual([]);
  });
});

describe('re-sent keys', () => {
  it('a request refused for its key is refused again', async () => {
    const a = await post(core.webhookUrl, oddBody(4), { 'content-type': 'application/json', 'x-api-key': 'wrong-key-123' });
    expect(a.status).toBe(401);
    const id = (await core.listCaptures(commands.listCaptures.args.parse({ limit: 1 })))[0]!.id;
    expect((await core.getCapture(id))!.status).toBe(401);
    const r = await core.handlers.resend(resendArgs({ captureIds: [id] }));
    expect(r.ok && r.value.results[0]!.status).toBe(401);
  });
});
