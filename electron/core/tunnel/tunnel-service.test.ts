import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import v3Inference from '../../../shared/asleep/examples/v3-inference-complete.json';
import type { EventPayloads } from '../../../shared/contract';
import { ConsoleCore } from '../console-core';
import { tempDir } from '../test-support/temp-dir';
import { FakeLocaltunnelServer } from './test-support/fake-localtunnel-server';
import { loopbackLookup } from './tunnel-http';

const KEY = 'tunnel-core-key-1234';
let dir: Awaited<ReturnType<typeof tempDir>>;
let server: FakeLocaltunnelServer;

beforeEach(async () => {
  dir = await tempDir();
  server = new FakeLocaltunnelServer();
  await server.start();
});
afterEach(async () => {
  await server.stop();
  await dir.remove();
});

function postPublic(url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', lookup: loopbackLookup, agent: false, headers: { 'x-api-key': KEY, 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function until<T>(read: () => T, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out; last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const open = (tunnel?: { enabled?: boolean; host?: string; subdomain?: string | null }) =>
  ConsoleCore.open({ dataDir: dir.path, shell: 'headless', port: 0, apiKey: KEY, tunnel, tunnelTiming: { backoffInitialMs: 200 } });

describe('the console with its tunnel', () => {
  it('goes online, says which URL each capture came through, and keeps the subdomain across restarts', async () => {
    let core = await open({ enabled: true, host: server.host, subdomain: 'night-study' });
    try {
      const online = await until(() => core.status().tunnel, (t) => t.state === 'online');
      expect(online.publicUrl).toBe(server.urlFor('night-study'));
      expect((await core.handlers.getStatus({})).ok).toBe(true);

      expect(await postPublic(`${online.publicUrl}/webhook`, JSON.stringify(v3Inference))).toBe(200);
      expect(await fetch(core.webhookUrl, { method: 'POST', headers: { 'x-api-key': KEY }, body: JSON.stringify(v3Inference) }).then((r) => r.status)).toBe(200);
      const [direct, viaTunnel] = await core.listCaptures({ limit: 2 });
      expect(viaTunnel?.via).toBe(online.publicUrl);
      expect(direct?.via).toBeNull();
      expect(core.status().tunnelHistory).toEqual([{ url: online.publicUrl, from: expect.any(String), to: null, captures: 1 }]);
    } finally {
      await core.close();
    }
    expect(server.socketCount()).toBe(0);
    // The server keeps a name for a grace period after its client leaves (as localtunnel's does).
    await until(() => server.clientIds().length, (n) => n === 0);

    // Next start: no flags, the stored settings reopen the tunnel with the same subdomain.
    core = await open();
    try {
      const again = await until(() => core.status().tunnel, (t) => t.state === 'online');
      expect(again.publicUrl).toBe(server.urlFor('night-study'));
      expect(core.status().tunnelHistory[0]?.captures).toBe(1);
    } finally {
      await core.close();
    }
  });

  it('announces a new public URL loudly, and turns off on request', async () => {
    const core = await open({ enabled: true, host: server.host, subdomain: 'first-name' });
    const changes: EventPayloads['tunnelUrlChanged'][] = [];
    core.on((event, payload) => {
      if (event === 'tunnelUrlChanged') changes.push(payload as EventPayloads['tunnelUrlChanged']);
    });
    try {
      await until(() => core.status().tunnel.state, (s) => s === 'online');
      const r = await core.handlers.configureTunnel({ subdomain: 'second-name' });
      expect(r.ok).toBe(true);
      await until(() => core.status().tunnel, (t) => t.state === 'online' && t.publicUrl === server.urlFor('second-name'));
      await until(() => changes.length, (n) => n === 1);
      expect(changes[0]).toEqual({
        previous: server.urlFor('first-name'),
        next: server.urlFor('second-name'),
        webhookUrl: `${server.urlFor('second-name')}/webhook`,
      });
      const off = await core.handlers.configureTunnel({ enabled: false });
      expect(off.ok && off.value.tunnel).toMatchObject({ state: 'off', publicUrl: null, enabled: false });
      await until(() => server.socketCount(), (n) => n === 0);
    } finally {
      await core.close();
    }
  });

  it('refuses a tunnel server that is not an http(s) URL, as data', async () => {
    const core = await open();
    try {
      const { dispatch } = await import('../../../shared/dispatch');
      const r = await dispatch(core.handlers, 'configureTunnel', { enabled: true, host: 'ftp://example.org' });
      expect(r).toMatchObject({ ok: false, error: { code: 'BAD_ARGS' } });
      expect(core.status().tunnel.state).toBe('off');
    } finally {
      await core.close();
    }
  });
});
