import { readdir, readFile, stat } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import v1Inference from '../../shared/asleep/examples/v1-inference-complete.json';
import v3Inference from '../../shared/asleep/examples/v3-inference-complete.json';
import v3Session from '../../shared/asleep/examples/v3-session-complete.json';
import { ConsoleCore } from './console-core';
import { tempDir } from './test-support/temp-dir';

const KEY = 'test-key-0123456789';
let dir: Awaited<ReturnType<typeof tempDir>>;
let core: ConsoleCore;

beforeEach(async () => {
  dir = await tempDir();
  core = await ConsoleCore.open({ dataDir: dir.path, shell: 'headless', port: 0, apiKey: KEY });
});
afterEach(async () => {
  await core.close();
  await dir.remove();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function post(url: string, body: string | Buffer, headers: Record<string, string> = {}, method = 'POST'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const send = (payload: unknown, headers: Record<string, string> = { 'x-api-key': KEY }) =>
  post(core.webhookUrl, typeof payload === 'string' ? payload : JSON.stringify(payload), headers);

describe('webhook listener (real HTTP, real files)', () => {
  it('accepts a valid webhook with 200 and the capture id, after it is on disk', async () => {
    const res = await send(v3Inference);
    expect(res.status).toBe(200);
    const answer = JSON.parse(res.body);
    expect(answer).toEqual({ status: 'received', capture: expect.stringMatching(/^c\d+$/), valid: true });
    const capture = await core.getCapture(answer.capture);
    expect(capture?.body).toBe(JSON.stringify(v3Inference));
    expect(capture).toMatchObject({ layout: 'v3', version: 'V3', event: 'INFERENCE_COMPLETE', duplicate: 'no', stage: 'done' });
    expect(capture?.response).toEqual({ status: 200, body: res.body });
  });

  it.each([
    ['unknown path', () => post(core.webhookUrl.replace('/webhook', '/other'), '{}', { 'x-api-key': KEY }), 404, 'path'],
    ['other method', () => post(core.webhookUrl, '', { 'x-api-key': KEY }, 'PUT'), 405, 'method'],
    ['missing key', () => send(v3Inference, {}), 401, 'auth'],
    ['wrong key', () => send(v3Inference, { 'x-api-key': 'wrong-key-abcd' }), 401, 'auth'],
    ['empty body', () => send(''), 400, 'parse'],
    ['not JSON', () => send('{"event": '), 400, 'parse'],
    ['not UTF-8', () => post(core.webhookUrl, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { 'x-api-key': KEY }), 400, 'parse'],
  ])('refuses %s and still captures it with the reason', async (_name, call, status, stage) => {
    const res = await call();
    expect(res.status).toBe(status);
    expect(JSON.parse(res.body).message).toEqual(expect.any(String));
    await waitFor(async () => (await core.listCaptures({ limit: 10 })).length === 1);
    const [summary] = await core.listCaptures({ limit: 10 });
    expect(summary).toMatchObject({ status, stage, valid: false });
    expect(summary?.reason).toBeTruthy();
  });

  it('answers 405 with Allow: POST', async () => {
    const res = await post(core.webhookUrl, '', {}, 'GET');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('POST');
  });

  it('refuses a body over 1 MiB with 413 and keeps only its first 64 KiB', async () => {
    const big = JSON.stringify({ pad: 'x'.repeat(1024 * 1024 + 10) });
    const res = await send(big);
    expect(res.status).toBe(413);
    await waitFor(async () => (await core.listCaptures({ limit: 1 })).length === 1);
    const [summary] = await core.listCaptures({ limit: 1 });
    const detail = await core.getCapture(summary!.id);
    expect(detail?.bodyTruncated).toBe(true);
    expect(detail?.body?.length ?? 0).toBeLessThanOrEqual(64 * 1024);
  });

  it('keeps schema-invalid JSON, flags it and answers 200 valid:false', async () => {
    const broken = { ...v3Inference, data: { ...v3Inference.data, inference_seq_num: '3' } };
    const res = await send(broken);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).valid).toBe(false);
    const [summary] = await core.listCaptures({ limit: 1 });
    expect(summary?.issues.some((i) => i.path === 'data.inference_seq_num')).toBe(true);
  });

  it('never writes the API key to disk: only matched / not and its last 4 characters', async () => {
    await send(v3Inference);
    await send(v3Inference, { 'x-api-key': 'someone-elses-key-WXYZ' });
    await waitFor(async () => (await core.listCaptures({ limit: 10 })).length === 2);
    const [rejected, accepted] = await core.listCaptures({ limit: 10 });
    expect(accepted?.apiKey).toEqual({ present: true, matched: true, last4: '6789' });
    expect(rejected?.apiKey).toEqual({ present: true, matched: false, last4: 'WXYZ' });
    await core.close();
    for (const file of await filesUnder(dir.path)) {
      if (file.endsWith('settings.json')) continue;
      const text = await readFile(file, 'utf8');
      expect(text, file).not.toContain(KEY);
      expect(text, file).not.toContain('someone-elses-key-WXYZ');
    }
    expect((await stat(join(dir.path, 'settings.json'))).mode & 0o777).toBe(0o600);
    core = await ConsoleCore.open({ dataDir: dir.path, shell: 'headless', port: 0 });
  });

  it('marks the same chunk again as "same" and different content as "conflict"', async () => {
    const first = JSON.parse((await send(v3Inference)).body).capture;
    await send(v3Inference);
    const changed = { ...v3Inference, data: { ...v3Inference.data, sleep_stages: Array(10).fill(1) } };
    await send(changed);
    const [conflict, same] = await core.listCaptures({ limit: 3 });
    expect(same).toMatchObject({ duplicate: 'same', duplicateOf: first });
    expect(conflict).toMatchObject({ duplicate: 'conflict', duplicateOf: first });
    const session = await core.handlers.getSession({ userId: v3Inference.data.user_id, sessionId: v3Inference.data.session_id });
    expect(session.ok && session.value.live.sleep.slice(30, 40)).toEqual(Array(10).fill(0));
    expect(session.ok && session.value.conflictCount).toBe(1);
  });

  it('builds the session from chunks and the final report, and keeps it across a restart', async () => {
    await send(v3Inference);
    await send(v3Session);
    await send(v1Inference);
    const ref = { userId: v3Session.data.user_id, sessionId: v3Session.data.session.id };
    const before = await core.handlers.getSession(ref);
    expect(before.ok && before.value.state).toBe('complete');
    expect(before.ok && before.value.epochs.sleep).toHaveLength(120);
    await core.close();
    core = await ConsoleCore.open({ dataDir: dir.path, shell: 'headless', port: 0 });
    const after = await core.handlers.getSession(ref);
    expect(after).toEqual(before);
    expect(await core.listCaptures({ limit: 10 })).toHaveLength(3);
    const sessions = await core.handlers.listSessions({});
    expect(sessions.ok && sessions.value.items.map((s) => s.sessionId).sort()).toEqual([v1Inference.callback_data.session_id, v3Session.data.session.id].sort());
  });

  it('filters captures by event, validity and session, newest first', async () => {
    await send(v3Inference);
    await send(v3Session);
    await send('nope');
    expect((await core.listCaptures({ limit: 10 })).map((c) => c.status)).toEqual([400, 200, 200]);
    expect(await core.listCaptures({ limit: 10, event: 'SESSION_COMPLETE' })).toHaveLength(1);
    expect(await core.listCaptures({ limit: 10, valid: false })).toHaveLength(1);
    expect(await core.listCaptures({ limit: 10, session: `${v3Inference.data.user_id}/${v3Inference.data.session_id}` })).toHaveLength(2);
  });

  it('refuses a second console on the same data folder', async () => {
    await expect(ConsoleCore.open({ dataDir: dir.path, shell: 'headless', port: 0 })).rejects.toThrow(/in use/);
  });
});

async function waitFor(check: () => boolean | Promise<boolean>, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function filesUnder(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const p = join(root, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(p)));
    else out.push(p);
  }
  return out;
}

describe('tunnel probe path', () => {
  it('answers GET /.console-probe/<nonce> with the nonce and does not capture it', async () => {
    const res = await fetch(core.webhookUrl.replace('/webhook', '/.console-probe/abcDEF123_-x'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ probe: 'abcDEF123_-x' });
    expect(await core.listCaptures({ limit: 10 })).toHaveLength(0);
  });
});
