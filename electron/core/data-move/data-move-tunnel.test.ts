// A data folder move with the tunnel open: the running tunnel is handed to the new core, so the public
// URL does not change (Asleep's callback URL stays valid) and webhooks through it land in the new folder.
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import v3Inference from '../../../shared/asleep/examples/v3-inference-complete.json';
import { CoreHost } from '../core-host';
import { tempDir } from '../test-support/temp-dir';
import { FakeLocaltunnelServer } from '../tunnel/test-support/fake-localtunnel-server';
import { loopbackLookup } from '../tunnel/tunnel-http';

const KEY = 'tunnel-move-key-4321';
let dir: Awaited<ReturnType<typeof tempDir>>;
let server: FakeLocaltunnelServer;

beforeEach(async () => {
  dir = await tempDir('asleep-move-tunnel-');
  server = new FakeLocaltunnelServer();
  await server.start();
});
afterEach(async () => {
  await server.stop();
  await dir.remove();
});

function postPublic(url: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', lookup: loopbackLookup, agent: false, headers: { 'x-api-key': KEY, 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
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

describe('moving the data folder with the tunnel open', () => {
  it('keeps the same public URL, stays online, and stores what comes through it in the new folder', async () => {
    const host = await CoreHost.open({
      dataDir: join(dir.path, 'data'),
      shell: 'headless',
      port: 0,
      apiKey: KEY,
      tunnel: { enabled: true, host: server.host, subdomain: 'moving-night' },
      tunnelTiming: { backoffInitialMs: 200 },
    });
    try {
      const online = await until(() => host.core.status().tunnel, (t) => t.state === 'online');
      const before = await postPublic(`${online.publicUrl}/webhook`, JSON.stringify(v3Inference));
      expect(before.status).toBe(200);
      const urlChanges: unknown[] = [];
      host.on((event, payload) => {
        if (event === 'tunnelUrlChanged') urlChanges.push(payload);
      });
      const registrations = server.registrations.length;

      const to = join(dir.path, 'moved');
      const r = await host.handlers.moveDataFolder({ to });
      expect(r.ok).toBe(true);

      const after = host.core.status().tunnel;
      expect(after).toMatchObject({ state: 'online', publicUrl: online.publicUrl, enabled: true });
      expect(server.registrations.length).toBe(registrations); // never registered again
      const through = await postPublic(`${online.publicUrl}/webhook`, JSON.stringify(v3Inference));
      expect(through.status).toBe(200);
      const id = (JSON.parse(through.text) as { capture: string }).capture;
      const c = await host.core.getCapture(id);
      expect(c?.via).toBe(online.publicUrl);
      expect(host.core.dataDir).toBe(to);
      expect(host.core.status().tunnelHistory).toEqual([{ url: online.publicUrl, from: expect.any(String), to: null, captures: 2 }]);
      expect(urlChanges).toEqual([]);
    } finally {
      await host.close();
    }
    expect(server.socketCount()).toBe(0);
  });
});
