import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import v3Inference from '../../../shared/asleep/examples/v3-inference-complete.json';
import type { EventPayloads } from '../../../shared/contract';
import type { SessionSummary } from '../../../shared/session';
import { ConsoleCore } from '../console-core';
import { tempDir } from '../test-support/temp-dir';
import { FakeLocaltunnelServer } from '../tunnel/test-support/fake-localtunnel-server';

// The same code path as the desktop's powerMonitor 'resume' / 'unlock-screen' (electron/main/power.ts):
// ConsoleCore.resumed().
const KEY = 'resume-test-key-1234';
let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  vi.useRealTimers();
  await dir.remove();
});

async function until<T>(read: () => T, ok: (v: T) => boolean, ms: number, what: string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('waking from sleep', () => {
  it('probes the tunnel at once: a server that forgot the tunnel during the sleep is noticed and the tunnel registers again', async () => {
    const server = new FakeLocaltunnelServer();
    await server.start();
    // A 10-minute probe interval: without resumed(), nothing would look before then.
    const core = await ConsoleCore.open({
      dataDir: dir.path,
      shell: 'headless',
      port: 0,
      apiKey: KEY,
      tunnel: { enabled: true, host: server.host, subdomain: 'resume-night' },
      tunnelTiming: { probeIntervalMs: 10 * 60_000, backoffInitialMs: 200 },
    });
    try {
      const online = await until(() => core.status().tunnel, (t) => t.state === 'online', 15_000, 'online');
      expect(online.publicUrl).toBe(server.urlFor('resume-night'));

      // During the sleep the server forgot the client but kept its connections: only a probe can tell.
      server.forget('resume-night', { silently: true });
      await new Promise((r) => setTimeout(r, 1_500));
      expect(core.status().tunnel.state).toBe('online');
      expect(server.registrations).toHaveLength(1);

      const report = core.resumed('resume');
      expect(report).toMatchObject({ reason: 'resume', tunnel: 'probing' });
      await until(() => server.registrations.length, (n) => n === 2, 15_000, 'registering again');
      const back = await until(() => core.status().tunnel, (t) => t.state === 'online', 15_000, 'online again');
      expect(back.publicUrl).toBe(online.publicUrl);
      expect(server.registrations.map((r) => r.asked)).toEqual(['resume-night', 'resume-night']);
    } finally {
      await core.close();
      await server.stop();
    }
  }, 45_000);

  it('recomputes session states at once: a night whose last chunk is older than the stale threshold flips to stale, also one known only from the index', async () => {
    const post = (url: string, body: unknown) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEY }, body: JSON.stringify(body) });
    const { user_id: userId, session_id: sessionId } = v3Inference.data;

    let core = await ConsoleCore.open({ dataDir: dir.path, shell: 'headless', port: 0, apiKey: KEY });
    try {
      expect((await post(core.webhookUrl, v3Inference)).status).toBe(200);
      const live = await core.handlers.listSessions({});
      expect(live.ok && live.value.items.map((s) => s.state)).toEqual(['live']);
    } finally {
      await core.close();
    }

    // After a restart the session is known only from the index until a chunk arrives.
    core = await ConsoleCore.open({ dataDir: dir.path, shell: 'headless', port: 0 });
    const updates: SessionSummary[] = [];
    core.on((event, payload) => {
      if (event === 'sessionUpdated') updates.push(payload as EventPayloads['sessionUpdated']);
    });
    try {
      // The laptop slept 20 minutes: the wall clock jumped, no timer ran (only Date is faked).
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.now() + 20 * 60_000);
      expect(updates).toEqual([]);

      const report = core.resumed('resume');
      expect(report).toMatchObject({ reason: 'resume', tunnel: 'off', sessionsChanged: 1 });
      expect(updates).toEqual([expect.objectContaining({ userId, sessionId, state: 'stale' })]);
      const listed = await core.handlers.listSessions({});
      expect(listed.ok && listed.value.items.map((s) => s.state)).toEqual(['stale']);

      // 'unlock-screen' right after 'resume' is the same wake-up: nothing is done twice.
      expect(core.resumed('unlock-screen')).toMatchObject({ tunnel: 'skipped', sessionsChanged: 0 });
      expect(updates).toHaveLength(1);
    } finally {
      vi.useRealTimers();
      await core.close();
    }
  });
});
