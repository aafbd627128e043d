import { readFile, stat } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsoleStatus } from '../../../shared/contract';
import { dispatch } from '../../../shared/dispatch';
import { ConsoleCore } from '../console-core';
import { chunkBody, post } from '../retention/test-support/webhooks';
import { tempDir } from '../test-support/temp-dir';

const KEY = 'settings-test-key-1234';
let dir: Awaited<ReturnType<typeof tempDir>>;
let core: ConsoleCore;
const blockers: Server[] = [];

beforeEach(async () => {
  dir = await tempDir();
  core = await ConsoleCore.open({ dataDir: dir.path, shell: 'headless', port: 0, apiKey: KEY });
});
afterEach(async () => {
  await core.close();
  await Promise.all(blockers.splice(0).map((s) => new Promise((r) => s.close(r))));
  await dir.remove();
});

/** A port that was free a moment ago (bound and released). */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** Does anything accept TCP connections on this loopback port? */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const url = (port: number, path = '/webhook') => `http://127.0.0.1:${port}${path}`;

describe('settings: listener port and path (real HTTP on loopback)', () => {
  it('has the documented defaults and reports the --port of this run', async () => {
    const r = await core.handlers.getSettings({});
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value).toMatchObject({
      port: 4848,
      path: '/webhook',
      staleAfterMinutes: 15,
      retentionDays: null,
      desktop: { startMinimized: false, notifications: { nightCompleted: true, participantStale: true, tunnelDown: true, urlChanged: true } },
      listener: { port: core.status().port, listening: true, error: null, webhookUrl: core.webhookUrl, portFromCommandLine: 0 },
      dataDir: dir.path,
      readOnly: false,
      retention: { lastPrune: null, nextCheckAt: null, lastError: null },
    });
  });

  it('moves to a new port: the old one refuses connections, the new one accepts and stores; the status says so', async () => {
    const oldPort = core.status().port;
    const statuses: ConsoleStatus[] = [];
    core.on((event, payload) => event === 'statusChanged' && statuses.push(payload as ConsoleStatus));
    const port = await freePort();
    const r = await core.handlers.updateSettings({ port });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.listener).toMatchObject({ port, listening: true, webhookUrl: url(port), portFromCommandLine: null });
    expect(r.value.port).toBe(port);
    expect(statuses.at(-1)?.webhookUrl).toBe(url(port));
    expect(await accepts(oldPort)).toBe(false);
    const answer = await post(url(port), chunkBody('p-1', 'night-1', 0), KEY);
    expect(answer.status).toBe(200);
    expect((await core.getCapture(answer.capture!))?.userId).toBe('p-1');
    // Stored: the next start without --port listens there.
    const file = JSON.parse(await readFile(join(dir.path, 'settings.json'), 'utf8')) as { port: number };
    expect(file.port).toBe(port);
  });

  it('keeps the old port when the new one is taken, and says so with a code', async () => {
    const blocker = createServer();
    blockers.push(blocker);
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const taken = (blocker.address() as AddressInfo).port;
    const before = core.status();
    const r = await core.handlers.updateSettings({ port: taken, path: '/elsewhere' });
    expect(r).toMatchObject({ ok: false, error: { code: 'PORT_IN_USE' } });
    expect(!r.ok && r.error.message).toContain(`Port ${taken} is already in use`);
    expect(!r.ok && r.error.message).toContain(`stays on port ${before.port}`);
    // Nothing changed: not the port, not the path that came with it.
    expect(core.status()).toMatchObject({ port: before.port, path: '/webhook', listening: true });
    expect((await post(url(before.port), chunkBody('p-1', 'night-1', 0), KEY)).status).toBe(200);
  });

  it('finishes a request that is in flight on the old port while it moves (the capture is stored and answered)', async () => {
    const oldPort = core.status().port;
    const body = chunkBody('p-slow', 'night-slow', 0);
    const answer = new Promise<number>((resolve, reject) => {
      const req = request(url(oldPort), { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'x-api-key': KEY, 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.write(body.slice(0, 20)); // half a body: the request is in the listener's hands
      setTimeout(() => req.end(body.slice(20)), 400);
    });
    await new Promise((r) => setTimeout(r, 100));
    const port = await freePort();
    const moved = await core.handlers.updateSettings({ port });
    expect(moved.ok).toBe(true);
    expect(await accepts(oldPort)).toBe(false); // no new connections there...
    expect(await answer).toBe(200); // ...but the one in flight was stored and answered
    expect((await core.listCaptures({ limit: 10 })).map((c) => c.userId)).toEqual(['p-slow']);
  });

  it('changes the path at once: the old path answers 404, the new one 200, and the webhook URL follows', async () => {
    const port = core.status().port;
    const r = await core.handlers.updateSettings({ path: '/asleep/hook' });
    expect(r.ok && r.value.listener.webhookUrl).toBe(url(port, '/asleep/hook'));
    expect(core.status().webhookUrl).toBe(url(port, '/asleep/hook'));
    expect((await post(url(port, '/webhook'), chunkBody('p-1', 'n-1', 0), KEY)).status).toBe(404);
    expect((await post(url(port, '/asleep/hook'), chunkBody('p-1', 'n-1', 0), KEY)).status).toBe(200);
    // --port still holds for this run: a path change does not touch the port.
    expect(r.ok && r.value.listener.portFromCommandLine).toBe(0);
    expect(r.ok && r.value.port).toBe(4848);
  });

  it('keeps every setting across a restart, in a file readable by the user only', async () => {
    const r = await core.handlers.updateSettings({
      path: '/study-7',
      staleAfterMinutes: 45,
      retentionDays: 90,
      desktop: { startMinimized: true, notifications: { participantStale: false } },
    });
    expect(r.ok).toBe(true);
    await core.close();
    core = await ConsoleCore.open({ dataDir: dir.path, shell: 'headless', port: 0 });
    const again = await core.handlers.getSettings({});
    expect(again.ok && again.value).toMatchObject({
      path: '/study-7',
      staleAfterMinutes: 45,
      retentionDays: 90,
      desktop: { startMinimized: true, notifications: { nightCompleted: true, participantStale: false, tunnelDown: true, urlChanged: true } },
    });
    expect(core.status()).toMatchObject({ staleAfterMinutes: 45, path: '/study-7' });
    if (process.platform !== 'win32') expect((await stat(join(dir.path, 'settings.json'))).mode & 0o777).toBe(0o600);
    // Back to "never".
    expect((await core.handlers.updateSettings({ retentionDays: null })).ok).toBe(true);
    expect((await core.handlers.getSettings({})).ok && (await core.handlers.getSettings({}))).toMatchObject({ value: { retentionDays: null } });
  });

  it('validates every field with the shared schema (the same messages the page shows)', async () => {
    const cases: [unknown, string][] = [
      [{ port: 0 }, 'the port must be between 1 and 65535'],
      [{ port: 70000 }, 'the port must be between 1 and 65535'],
      [{ port: 80.5 }, 'the port must be a whole number'],
      [{ path: 'webhook' }, 'the path must start with /'],
      [{ path: '/a b' }, 'the path may contain only letters, digits and - _ . /'],
      [{ path: '/.console-probe/x' }, 'reserved'],
      [{ staleAfterMinutes: 0 }, 'at least 1 minute'],
      [{ staleAfterMinutes: 2000 }, 'at most 1440 minutes'],
      [{ retentionDays: 0 }, 'at least 1 day'],
      [{ apiKey: 'abcdefgh12' }, 'apiKey'],
      [{ desktop: { notifications: { nightCompleted: 'yes' } } }, 'desktop.notifications.nightCompleted'],
    ];
    for (const [args, message] of cases) {
      const r = await dispatch(core.handlers, 'updateSettings', args);
      expect(r, JSON.stringify(args)).toMatchObject({ ok: false, error: { code: 'BAD_ARGS' } });
      expect(!r.ok && r.error.message, JSON.stringify(args)).toContain(message);
    }
    const s = await core.handlers.getSettings({});
    expect(s.ok && s.value).toMatchObject({ path: '/webhook', staleAfterMinutes: 15, retentionDays: null });
  });

  it('sends the sessions again with their state under a new stale threshold', async () => {
    expect((await post(core.webhookUrl, chunkBody('p-1', 'night-1', 0), KEY)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    const updated: string[] = [];
    core.on((event, payload) => event === 'sessionUpdated' && updated.push((payload as { sessionId: string }).sessionId));
    expect((await core.handlers.updateSettings({ staleAfterMinutes: 60 })).ok).toBe(true);
    expect(updated).toEqual(['night-1']);
    expect(core.status().staleAfterMinutes).toBe(60);
  });

  it('changes nothing in a read-only review', async () => {
    await core.close();
    core = await ConsoleCore.open({ dataDir: dir.path, shell: 'headless', readOnly: true });
    expect(await core.handlers.updateSettings({ staleAfterMinutes: 30 })).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } });
    expect((await core.handlers.getSettings({})).ok).toBe(true);
  });
});
