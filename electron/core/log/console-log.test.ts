// The operator's log against a real core: real HTTP on loopback, real files, then grep the files.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import v3Inference from '../../../shared/asleep/examples/v3-inference-complete.json';
import { dispatch } from '../../../shared/dispatch';
import { ConsoleCore } from '../console-core';
import { tempDir } from '../test-support/temp-dir';
import type { SessionSummary } from '../../../shared/session';
import { APP_VERSION, logsDir, openConsoleLog, type LoggedCore } from './console-log';
import { rememberSecret } from './logger';

const KEY = 'right-key-Qm7vX2pL9zR4';
const WRONG = 'wrong-key-Hs8kT3nB6yW1';
const UI_TOKEN = 'ui-token-Zx9Cv8Bn7Ml6Kj5';

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  dir = await tempDir('asleep-console-log-');
});
afterEach(async () => {
  await dir.remove();
});

const post = (url: string, key: string | null, body: unknown) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) },
    body: JSON.stringify(body),
  });

async function logText(dataDir: string): Promise<string> {
  const folder = logsDir(dataDir);
  const names = (await readdir(folder)).filter((n) => n.endsWith('.log')).sort();
  return (await Promise.all(names.map((n) => readFile(join(folder, n), 'utf8')))).join('');
}

type Line = { time: string; level: string; event: string; msg: string } & Record<string, unknown>;
type LoggedCoreListener = Parameters<LoggedCore['on']>[0];
const parse = (text: string): Line[] => text.trimEnd().split('\n').map((l) => JSON.parse(l) as Line);

/** A log watching a stand-in core whose events the test emits (status snapshots start from a real core's). */
async function watchedFake() {
  const real = await ConsoleCore.open({ dataDir: join(dir.path, 'real'), shell: 'headless', port: 0, apiKey: KEY });
  const base = real.status();
  await real.close();
  let listener: LoggedCoreListener = () => undefined;
  const fake: LoggedCore = {
    on: (l) => {
      listener = l;
      return () => undefined;
    },
    status: () => base,
    handlers: { listSessions: async () => ({ ok: true, value: { items: [] } }) },
  };
  const log = openConsoleLog(join(dir.path, 'fake'));
  log.watch(fake);
  const emit: LoggedCoreListener = (event, payload) => listener(event, payload);
  return { base, emit, log };
}

describe('operator log', () => {
  it('records a wrong key and a right key without either key value, and the rejection with status, reason and address', async () => {
    rememberSecret(UI_TOKEN); // what the headless shell does with its token
    const core = await ConsoleCore.open({ dataDir: dir.path, shell: 'headless', port: 0, apiKey: KEY });
    const refused = await post(core.webhookUrl, WRONG, v3Inference);
    expect(refused.status).toBe(401);
    expect((await post(core.webhookUrl, KEY, v3Inference)).status).toBe(200);
    // A token pasted into a URL by mistake, and a key sent as a query parameter, still never reach the file.
    expect((await post(core.webhookUrl.replace('/webhook', `/hook?token=${UI_TOKEN}&x-api-key=${WRONG}`), KEY, {})).status).toBe(404);
    // A key change: the old key is a secret too from now on.
    const changed = await dispatch(core.handlers, 'setApiKey', {});
    expect(changed.ok).toBe(true);
    await core.close();

    const text = await logText(dir.path);
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(WRONG);
    expect(text).not.toContain(UI_TOKEN);
    expect(text).not.toContain((changed.ok && (changed.value as { apiKey: string }).apiKey) || 'unreachable');

    const lines = parse(text);
    for (const l of lines) {
      expect(Number.isNaN(Date.parse(l.time)), l.time).toBe(false);
      expect(['info', 'warn', 'error']).toContain(l.level);
    }
    const start = lines.find((l) => l.event === 'console.started');
    expect(start).toMatchObject({ version: APP_VERSION, dataDir: dir.path, port: core.status().port, path: '/webhook', listening: true });
    const rejected = lines.filter((l) => l.event === 'webhook.rejected');
    expect(rejected[0]).toMatchObject({ level: 'warn', status: 401, stage: 'auth', remoteAddress: expect.stringMatching(/127\.0\.0\.1/) });
    expect(rejected[0]!.msg).toMatch(/401.*does not match this console's key/);
    expect(rejected[1]).toMatchObject({ status: 404, path: '/hook?token=[redacted]&x-api-key=[redacted]' });
    expect(lines.some((l) => l.event === 'settings.api-key-changed')).toBe(true);
    expect(lines.at(-1)).toMatchObject({ event: 'console.stopped', version: APP_VERSION });
    expect((await stat(join(logsDir(dir.path), 'console.log'))).mode & 0o777).toBe(0o600);
  });

  it('logs a session completing and a file moved aside, from the core\'s own events', async () => {
    const core = await ConsoleCore.open({ dataDir: dir.path, shell: 'headless', port: 0, apiKey: KEY });
    const complete = JSON.parse(await readFile(join(__dirname, '../../../shared/asleep/examples/v3-session-complete.json'), 'utf8')) as unknown;
    expect((await post(core.webhookUrl, KEY, v3Inference)).status).toBe(200);
    expect((await post(core.webhookUrl, KEY, complete)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 500)); // session updates are announced at most every 200 ms
    await core.close();
    const lines = parse(await logText(dir.path));
    expect(lines.find((l) => l.event === 'session.completed')).toMatchObject({ level: 'info', state: 'complete' });

    // A settings file that does not parse is moved aside at the next start: the start is logged with it.
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(dir.path, 'settings.json'), '{ not json');
    const again = await ConsoleCore.open({ dataDir: dir.path, shell: 'headless', port: 0, apiKey: KEY });
    await again.close();
    const after = parse(await logText(dir.path));
    expect(after.find((l) => l.event === 'storage.corrupt-file')).toMatchObject({ level: 'warn', file: join(dir.path, 'settings.json') });
  });

  it('rotates by size with the limits it is given', async () => {
    const core = await ConsoleCore.open({ dataDir: dir.path, shell: 'headless', port: 0, apiKey: KEY, logLimits: { maxBytes: 2_000, keep: 2 } });
    for (let i = 0; i < 30; i++) await post(core.webhookUrl, WRONG, {});
    await core.close();
    expect((await readdir(logsDir(dir.path))).sort()).toEqual(['console.1.log', 'console.log']);
  });

  it('a flood of refused requests costs 100 lines and one summary per 10 s, not the whole log', async () => {
    const core = await ConsoleCore.open({ dataDir: dir.path, shell: 'headless', port: 0, apiKey: KEY });
    for (let i = 0; i < 130; i++) await post(core.webhookUrl, WRONG, {});
    await core.close();
    const lines = parse(await logText(dir.path));
    expect(lines.filter((l) => l.event === 'webhook.rejected')).toHaveLength(100);
    const summary = lines.find((l) => l.event === 'webhook.rejected-summary');
    expect(summary).toMatchObject({ level: 'warn', count: 30 });
    expect(summary!.msg).toMatch(/30 more refused requests within 10 s .*from 127\.0\.0\.1/);
    expect(JSON.stringify(lines)).not.toContain(WRONG);
  });

  it('writes no logs into a folder opened for read-only review', async () => {
    const writer = await ConsoleCore.open({ dataDir: dir.path, shell: 'headless', port: 0, apiKey: KEY });
    await writer.close();
    const { rm } = await import('node:fs/promises');
    await rm(logsDir(dir.path), { recursive: true });
    const ro = await ConsoleCore.open({ dataDir: dir.path, shell: 'headless', readOnly: true });
    const r = await dispatch(ro.handlers, 'openLogsFolder', {});
    await ro.close();
    expect(r).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } });
    await expect(stat(logsDir(dir.path))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('openLogsFolder answers the folder path (a browser cannot open it; the desktop app does)', async () => {
    const core = await ConsoleCore.open({ dataDir: dir.path, shell: 'headless', port: 0, apiKey: KEY });
    const r = await dispatch(core.handlers, 'openLogsFolder', {});
    await core.close();
    expect(r).toEqual({ ok: true, value: { path: logsDir(dir.path), opened: false } });
    expect((await stat(logsDir(dir.path))).isDirectory()).toBe(true);
  });
});

describe('operator log: what a status change says', () => {
  it('storage failure and recovery, tunnel state and URL changes, forwarding failures, files moved aside, stale sessions', async () => {
    const { base, emit, log } = await watchedFake();
    const at = '2025-01-15T03:00:00.000Z';
    const broken = { ...base, storage: { ...base.storage, ok: false, error: 'Writing to /data failed: ENOSPC' } };
    emit('statusChanged', broken);
    emit('statusChanged', base);
    const tunnel = { ...base.tunnel, enabled: true, state: 'offline' as const, reason: 'the tunnel server did not answer', nextRetryAt: at };
    emit('statusChanged', { ...base, tunnel });
    emit('tunnelUrlChanged', { previous: 'https://a.loca.lt', next: 'https://b.loca.lt', webhookUrl: 'https://b.loca.lt/webhook' });
    const forwarding = { enabled: true, url: 'http://127.0.0.1:9/hook', queueLength: 1, inFlight: null, nextAttemptAt: null, delivered: 0, dead: [], lastError: null };
    emit('statusChanged', { ...base, tunnel, forwarding });
    emit('statusChanged', { ...base, tunnel, forwarding: { ...forwarding, lastError: { captureId: 'c7', message: 'ECONNREFUSED', at } } });
    const dead = [{ captureId: 'c7', attempts: 8, lastError: 'ECONNREFUSED', at }];
    emit('statusChanged', { ...base, tunnel, forwarding: { ...forwarding, lastError: { captureId: 'c7', message: 'ECONNREFUSED', at }, dead } });
    const corrupt = [{ file: '/data/sessions/x.json', movedTo: '/data/sessions/x.json.corrupt-1', at, reason: 'x.json is not valid JSON (empty file)' }];
    emit('statusChanged', { ...base, storage: { ...base.storage, corruptFiles: corrupt } });
    const session = { userId: 'u1', sessionId: 's1', lastChunkAt: at, lastEventAt: at, epochCount: 10, chunkCount: 1 } as SessionSummary;
    emit('sessionUpdated', { ...session, state: 'live' });
    emit('sessionUpdated', { ...session, state: 'stale' });
    emit('sessionUpdated', { ...session, state: 'live' });
    await log.close();

    const lines = parse(await logText(join(dir.path, 'fake')));
    const find = (event: string) => lines.filter((l) => l.event === event);
    expect(find('storage.failed')[0]).toMatchObject({ level: 'error', msg: expect.stringContaining('ENOSPC') });
    expect(find('storage.recovered')[0]).toMatchObject({ level: 'info', after: 'Writing to /data failed: ENOSPC' });
    expect(find('tunnel.state')[0]).toMatchObject({ level: 'warn', state: 'offline', reason: 'the tunnel server did not answer', nextRetryAt: at });
    expect(find('tunnel.url-changed')[0]!.msg).toContain('https://b.loca.lt/webhook');
    expect(find('forwarding.failed')[0]).toMatchObject({ level: 'warn', capture: 'c7', msg: expect.stringContaining('ECONNREFUSED') });
    expect(find('forwarding.dead-letter')[0]).toMatchObject({ level: 'error', capture: 'c7', attempts: 8 });
    expect(find('storage.corrupt-file')[0]).toMatchObject({ movedTo: '/data/sessions/x.json.corrupt-1' });
    expect(lines.filter((l) => l.event.startsWith('session.')).map((l) => l.event)).toEqual(['session.started', 'session.stale', 'session.resumed']);
    // Unchanged snapshots say nothing: each transition is one line.
    expect(find('tunnel.state')).toHaveLength(2); // offline, then back to off when the snapshot without a tunnel came
  });
});

describe('operator log: memory', () => {
  it('remembers the state of the 5,000 most recently updated nights, not of every night ever seen', async () => {
    const { emit, log } = await watchedFake();
    const at = '2025-01-15T03:00:00.000Z';
    const night = (i: number, state: SessionSummary['state']) =>
      ({ userId: `u${i}`, sessionId: `s${i}`, state, lastChunkAt: at, lastEventAt: at, epochCount: 10, chunkCount: 1 }) as SessionSummary;
    for (let i = 0; i <= 5_000; i++) emit('sessionUpdated', night(i, 'live'));
    // Night 0 was pushed out by the 5,000 after it; night 1 is still known, and its unchanged state says nothing.
    emit('sessionUpdated', night(1, 'live'));
    emit('sessionUpdated', night(0, 'live'));
    await log.close();

    const started = parse(await logText(join(dir.path, 'fake'))).filter((l) => l.event === 'session.started');
    expect(started).toHaveLength(5_002);
    expect(started.at(-1)).toMatchObject({ userId: 'u0' });
    expect(started.filter((l) => l.userId === 'u1')).toHaveLength(1);
  });
});
