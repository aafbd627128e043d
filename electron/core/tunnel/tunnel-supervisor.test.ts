import { createServer, request, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import localtunnel from 'localtunnel';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import v3Session from '../../../shared/asleep/examples/v3-session-complete.json';
import { ConsoleCore } from '../console-core';
import { tempDir } from '../test-support/temp-dir';
import { FakeLocaltunnelServer } from './test-support/fake-localtunnel-server';
import { loopbackLookup } from './tunnel-http';
import { judgeProbe, parseRegistration, TunnelSupervisor, type TunnelSupervisorOptions, type TunnelSupervisorStatus } from './tunnel-supervisor';

const KEY = 'tunnel-test-key-0123456789';
let dir: Awaited<ReturnType<typeof tempDir>>;
let core: ConsoleCore;
let server: FakeLocaltunnelServer;
const supervisors: TunnelSupervisor[] = [];
const crashes: unknown[] = [];
const onCrash = (err: unknown) => crashes.push(err);

beforeAll(async () => {
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  dir = await tempDir();
  core = await ConsoleCore.open({ dataDir: dir.path, shell: 'headless', port: 0, apiKey: KEY });
});
afterAll(async () => {
  await core.close();
  await dir.remove();
  process.off('uncaughtException', onCrash);
  process.off('unhandledRejection', onCrash);
});
beforeEach(async () => {
  server = new FakeLocaltunnelServer();
  await server.start();
});
afterEach(async () => {
  await Promise.all(supervisors.splice(0).map((s) => s.stop()));
  await server.stop();
  expect(crashes).toEqual([]);
});

const corePort = () => core.status().port;

function supervise(options: Partial<TunnelSupervisorOptions> = {}): TunnelSupervisor {
  const sup = new TunnelSupervisor({ localPort: corePort(), host: server.host, ...options });
  supervisors.push(sup);
  return sup;
}

/** Resolves with the status once `match` holds (checked now and on every change). */
function until(sup: TunnelSupervisor, match: (s: TunnelSupervisorStatus) => boolean, timeoutMs: number, what: string): Promise<TunnelSupervisorStatus> {
  return new Promise((resolve, reject) => {
    const now = sup.status();
    if (match(now)) return resolve(now);
    const timer = setTimeout(() => {
      off();
      reject(new Error(`not ${what} within ${timeoutMs} ms; status: ${JSON.stringify(sup.status())}`));
    }, timeoutMs);
    const off = sup.onChange((s) => {
      if (!match(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}
const isOnline = (s: TunnelSupervisorStatus) => s.state === 'online';
const isOffline = (s: TunnelSupervisorStatus) => s.state === 'offline';

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await sleep(20);
  }
}
/** Live sockets and (ref'd) timers in this process: the supervisor's own ones are counted here. */
const handles = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'Timeout').length;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const secondsSince = (t: number) => (performance.now() - t) / 1000;
const idOf = (url: string) => new URL(url).hostname.split('.')[0]!;

interface Answer {
  status: number;
  body: string;
}

/** A request to the public side, as Asleep would send it (`*.localhost` resolves to loopback). */
function publicRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers, lookup: loopbackLookup, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A stand-in listener that only answers the probe contract. */
async function probeListener(): Promise<{ port: number; probes: () => number; close: () => Promise<void> }> {
  let probes = 0;
  const srv: Server = createServer((req, res) => {
    const m = /^\/\.console-probe\/([A-Za-z0-9_-]{8,64})$/.exec(req.url ?? '');
    if (!m) return void res.writeHead(404).end();
    probes++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ probe: m[1] }));
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return {
    port: (srv.address() as AddressInfo).port,
    probes: () => probes,
    close: () =>
      new Promise<void>((r) => {
        srv.close(() => r());
        srv.closeAllConnections();
      }),
  };
}

describe('TunnelSupervisor against a localtunnel-compatible server on loopback', () => {
  it('registers, is online only after a probe went through, and relays a webhook to the real listener', async () => {
    const sup = supervise();
    const seen: string[] = [];
    sup.onChange((s) => seen.push(s.state));
    const t0 = performance.now();
    sup.start();
    expect(sup.status().state).toBe('connecting');
    const online = await until(sup, isOnline, 5_000, 'online');
    console.log(`first registration → online: ${secondsSince(t0).toFixed(2)} s`);
    expect(seen[0]).toBe('connecting');
    expect(seen).not.toContain('offline');

    const id = idOf(online.publicUrl!);
    expect(online.publicUrl).toBe(server.urlFor(id));
    expect(online).toMatchObject({ reason: null, nextRetryAt: null, subdomain: id });
    expect(server.registrations).toEqual([expect.objectContaining({ asked: null, id })]);
    expect(server.socketCount(id)).toBeGreaterThan(0);
    expect(sup.history()).toEqual([{ url: online.publicUrl, from: expect.any(String), to: null }]);

    // A webhook through the public side reaches the listener and is captured.
    const before = (await core.listCaptures({ limit: 1_000 })).length;
    const res = await publicRequest(`${online.publicUrl}/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify(v3Session),
    });
    expect(res.status).toBe(200);
    const capture = JSON.parse(res.body).capture as string;
    await waitFor(async () => (await core.listCaptures({ limit: 1_000 })).some((c) => c.id === capture));
    expect((await core.listCaptures({ limit: 1 }))[0]).toMatchObject({ id: capture, status: 200, method: 'POST', path: '/webhook' });

    // Only the webhook port is tunnelled: the console's API is not there.
    const health = await publicRequest(`${online.publicUrl}/api/health`);
    expect(health.status).toBe(404);
    // Probes are answered but never captured.
    await waitFor(async () => (await core.listCaptures({ limit: 1_000 })).length === before + 2);
    const captures = await core.listCaptures({ limit: 1_000 });
    expect(captures.some((c) => c.path.startsWith('/.console-probe/'))).toBe(false);
  });

  it('relays bytes exactly, even a character split across packets (localtunnel’s Host rewriting would corrupt it)', async () => {
    const sup = supervise();
    sup.start();
    const { publicUrl } = await until(sup, isOnline, 5_000, 'online');
    const body = Buffer.from(JSON.stringify({ ...v3Session, note: '수면 기록 — sleep record' }));
    const split = body.indexOf(Buffer.from('수')) + 1; // inside a 3-byte UTF-8 character
    const socket = connect(server.port, '127.0.0.1');
    const answer = new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (c: Buffer) => {
        text += c.toString('utf8');
        if (/\r\n\r\n\{.*\}$/s.test(text)) resolve(text);
      });
    });
    await new Promise((r) => socket.once('connect', r));
    socket.write(
      `POST /webhook HTTP/1.1\r\nHost: ${new URL(publicUrl!).host}\r\ncontent-type: application/json\r\nx-api-key: ${KEY}\r\ncontent-length: ${body.length}\r\n\r\n`,
    );
    socket.write(body.subarray(0, split));
    await sleep(100);
    socket.write(body.subarray(split));
    const text = await answer;
    socket.destroy();
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
    const capture = (JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as { capture: string }).capture;
    const detail = await core.getCapture(capture);
    expect(detail?.body).toBe(body.toString('utf8'));
  });

  it('registers again with the same subdomain when the server forgets the client (default 10 s probe interval), online within 15 s', async () => {
    const sup = supervise();
    const urlChanges: unknown[] = [];
    sup.onUrlChange((a, b) => urlChanges.push([a, b]));
    sup.start();
    const first = await until(sup, isOnline, 5_000, 'online');
    const id = idOf(first.publicUrl!);

    const t0 = performance.now();
    server.forget(id);
    await until(sup, (s) => s.state !== 'online', 15_000, 'noticing the loss');
    const noticed = secondsSince(t0);
    const back = await until(sup, isOnline, 15_000, 'online again');
    const recovered = secondsSince(t0);
    console.log(`server forgot the client: noticed after ${noticed.toFixed(2)} s, online again after ${recovered.toFixed(2)} s`);
    expect(recovered).toBeLessThan(15);
    expect(back.publicUrl).toBe(first.publicUrl);
    expect(server.registrations.map((r) => r.asked)).toEqual([null, id]);
    expect(urlChanges).toEqual([]);
    expect(sup.history()).toHaveLength(1);
  });

  it('registers again when the server forgets the client but leaves its connections open (only the 10 s probe can tell), online within 15 s', async () => {
    const sup = supervise();
    const urlChanges: unknown[] = [];
    sup.onUrlChange((a, b) => urlChanges.push([a, b]));
    sup.start();
    const first = await until(sup, isOnline, 5_000, 'online');
    const id = idOf(first.publicUrl!);

    // Right after a probe passed: the worst case, a whole probe interval before the next one.
    const t0 = performance.now();
    server.forget(id, { silently: true });
    const degraded = await until(sup, (s) => s.state !== 'online', 15_000, 'noticing the loss');
    const noticed = secondsSince(t0);
    expect(degraded.reason).toBe(`Probe through ${first.publicUrl} failed: the public URL answered HTTP 404: no active client for '${id}'.`);
    const back = await until(sup, isOnline, 15_000, 'online again');
    const recovered = secondsSince(t0);
    console.log(`server forgot the client silently: noticed by the probe after ${noticed.toFixed(2)} s, online again after ${recovered.toFixed(2)} s`);
    expect(recovered).toBeLessThan(15);
    expect(back.publicUrl).toBe(first.publicUrl);
    expect(server.registrations.map((r) => r.asked)).toEqual([null, id]);
    expect(urlChanges).toEqual([]);
  }, 20_000);

  it('is offline with a reason within 30 s when the server is down, and online again after it returns', async () => {
    const sup = supervise();
    sup.start();
    const first = await until(sup, isOnline, 5_000, 'online');

    const t0 = performance.now();
    await server.stop();
    const offline = await until(sup, isOffline, 30_000, 'offline');
    console.log(`server down: offline after ${secondsSince(t0).toFixed(2)} s — “${offline.reason}”`);
    expect(offline.reason).toMatch(/tunnel server at 127\.0\.0\.1:\d+/);
    expect(offline.nextRetryAt).not.toBeNull();
    expect(Date.parse(offline.nextRetryAt!)).toBeGreaterThan(Date.now() - 100);
    // Registration attempts keep failing while it is down, with a plain reason.
    const refused = await until(sup, (s) => isOffline(s) && /Could not reach/.test(s.reason ?? ''), 10_000, 'registration failing');
    expect(refused.reason).toMatch(/connection refused/);

    await sleep(2_000);
    const t1 = performance.now();
    await server.start();
    const back = await until(sup, isOnline, 30_000, 'online again');
    console.log(`server back: online after ${secondsSince(t1).toFixed(2)} s (back-off was waiting) — total outage handled in ${secondsSince(t0).toFixed(2)} s`);
    expect(back.publicUrl).toBe(first.publicUrl); // the same subdomain was asked for, and was free
  });

  it('refused registration: offline with the server’s message, back-off doubling, no unhandled error; online once accepted', async () => {
    server.refuseRegistration('This subdomain is reserved for maintenance');
    const sup = supervise();
    const retries: number[] = [];
    sup.onChange((s) => {
      if (s.state === 'offline' && s.nextRetryAt) retries.push(Date.parse(s.nextRetryAt) - Date.now());
    });
    sup.start();
    const offline = await until(sup, isOffline, 5_000, 'offline');
    expect(offline.reason).toBe('The tunnel server refused to register: This subdomain is reserved for maintenance (HTTP 403).');
    await waitFor(() => retries.length >= 2, 5_000);
    expect(retries[0]!).toBeGreaterThan(800);
    expect(retries[0]!).toBeLessThanOrEqual(1_000);
    expect(retries[1]!).toBeGreaterThan(1_800);
    expect(retries[1]!).toBeLessThanOrEqual(2_000);

    server.refuseRegistration(null);
    await until(sup, isOnline, 10_000, 'online');
  });

  it('hanging registration: offline after the default 10 s timeout, nothing left hanging; online once the server answers', async () => {
    server.hangRegistration();
    const sup = supervise();
    const t0 = performance.now();
    sup.start();
    const offline = await until(sup, isOffline, 12_000, 'offline');
    const took = secondsSince(t0);
    console.log(`hanging registration: offline after ${took.toFixed(2)} s — “${offline.reason}”`);
    expect(offline.reason).toBe(`The tunnel server at 127.0.0.1:${server.port} did not answer within 10 s.`);
    expect(took).toBeGreaterThanOrEqual(9.9);
    await waitFor(() => server.httpConnectionCount() === 0, 1_000); // the hung request was abandoned, not leaked

    server.hangRegistration(false);
    const t1 = performance.now();
    await until(sup, isOnline, 5_000, 'online');
    console.log(`hanging registration: online ${secondsSince(t1).toFixed(2)} s after the server answered again`);
  }, 30_000);

  it('recovers when the server drops the sockets but keeps the client', async () => {
    const sup = supervise();
    sup.start();
    const first = await until(sup, isOnline, 5_000, 'online');
    const id = idOf(first.publicUrl!);
    const states: string[] = [];
    sup.onChange((s) => states.push(s.state));

    const t0 = performance.now();
    server.dropSockets(id);
    await waitFor(() => server.socketCount(id) === server.maxConn, 5_000);
    const res = await publicRequest(`${first.publicUrl}/.console-probe/recovery-check`);
    console.log(`sockets dropped: all ${server.maxConn} back and relaying after ${secondsSince(t0).toFixed(2)} s (state changes: ${states.join(' → ') || 'none'})`);
    expect(res.status).toBe(200);
    expect(sup.status().state).toBe('online');
    expect(sup.status().publicUrl).toBe(first.publicUrl);
    expect(server.registrations).toHaveLength(1); // no need to register again
  });

  it('two failed probes in a row: closes the tunnel and registers again for the same subdomain', async () => {
    const sup = supervise({ probeIntervalMs: 300 });
    sup.start();
    const first = await until(sup, isOnline, 5_000, 'online');
    const id = idOf(first.publicUrl!);
    const t0 = performance.now();
    server.failPublic(2);
    const offline = await until(sup, isOffline, 5_000, 'offline');
    const wentOffline = secondsSince(t0);
    expect(offline.reason).toBe(`Probe through ${first.publicUrl} failed: the public URL answered HTTP 502: tunnel failure injected by the test.`);
    const back = await until(sup, isOnline, 10_000, 'online again');
    console.log(`two failed probes: offline after ${wentOffline.toFixed(2)} s, online again (same subdomain) after ${secondsSince(t0).toFixed(2)} s`);
    expect(back.publicUrl).toBe(first.publicUrl);
    expect(server.registrations.map((r) => r.asked)).toEqual([null, id]);
  });

  it('degraded when a probe is slow or one of the last five failed', async () => {
    const sup = supervise({ probeIntervalMs: 200, slowProbeMs: 150 });
    sup.start();
    await until(sup, isOnline, 5_000, 'online');

    server.delayPublic(300);
    const slow = await until(sup, (s) => s.state === 'degraded', 3_000, 'degraded (slow)');
    expect(slow.reason).toMatch(/^The tunnel is slow: a probe through .* took 0\.\d s\.$/);
    server.delayPublic(0);
    await until(sup, isOnline, 3_000, 'online');

    server.failPublic(1);
    const flaky = await until(sup, (s) => s.state === 'degraded', 3_000, 'degraded (one failure)');
    expect(flaky.reason).toMatch(/failed: the public URL answered HTTP 502/);
    const intermittent = await until(sup, (s) => s.state === 'degraded' && /unreliable/.test(s.reason ?? ''), 3_000, 'degraded (intermittent)');
    expect(intermittent.reason).toMatch(/^The tunnel is unreliable: 1 of the last [2-5] probes through .* failed\./);
    await until(sup, isOnline, 5_000, 'online once the failure is 5 probes old');
  });

  it('stop() while waiting to retry leaves nothing running', async () => {
    const sup = supervise();
    const registered = server.registrations.length;
    const baseline = handles();
    sup.start();
    await until(sup, isOnline, 5_000, 'online');
    await server.stop();
    await until(sup, isOffline, 5_000, 'offline');
    expect(handles()).toBeGreaterThan(baseline); // the retry timer
    await sup.stop();
    expect(sup.status()).toMatchObject({ state: 'off', publicUrl: null, nextRetryAt: null });
    expect(handles()).toBeLessThanOrEqual(baseline);
    const changes: unknown[] = [];
    sup.onChange((s) => changes.push(s));
    await server.start(); // a retry that survived stop() would now register
    await sleep(2_500);
    expect(changes).toEqual([]);
    expect(server.registrations.length - registered).toBe(1); // only the first one: the restarted server never heard from us
    expect(server.socketCount()).toBe(0);
    expect(server.httpConnectionCount()).toBe(0);
    await sup.stop(); // idempotent
  });

  it('stop() during a hanging registration and while online leaves no socket and no timer', async () => {
    server.hangRegistration();
    const hanging = supervise();
    const baseline = handles();
    hanging.start();
    await waitFor(() => server.httpConnectionCount() === 1);
    await hanging.stop();
    await waitFor(() => server.httpConnectionCount() === 0 && handles() <= baseline, 500);
    server.hangRegistration(false);

    const online = supervise({ probeIntervalMs: 100 });
    online.start();
    await until(online, isOnline, 5_000, 'online');
    expect(server.socketCount()).toBeGreaterThan(0);
    expect(handles()).toBeGreaterThan(baseline);
    await online.stop();
    await waitFor(() => server.socketCount() === 0 && server.httpConnectionCount() === 0 && handles() <= baseline, 500);

    const changes: unknown[] = [];
    hanging.onChange((s) => changes.push(s));
    online.onChange((s) => changes.push(s));
    await sleep(1_500); // 15 probe intervals: a leftover timer would have changed something
    expect(changes).toEqual([]);
    expect(server.socketCount()).toBe(0);
    expect(server.registrations).toHaveLength(1);
  });

  it('announces a different URL after a restart and keeps the history of URLs', async () => {
    const first = supervise();
    first.start();
    const a = await until(first, isOnline, 5_000, 'online');
    const kept = { subdomain: first.status().subdomain, history: first.history() };
    await first.stop();
    server.occupy(idOf(a.publicUrl!)); // someone else got our subdomain meanwhile

    const second = supervise(kept);
    const changes: [string | null, string][] = [];
    second.onUrlChange((prev, next) => changes.push([prev, next]));
    second.start();
    const b = await until(second, isOnline, 5_000, 'online');
    expect(b.publicUrl).not.toBe(a.publicUrl);
    expect(changes).toEqual([[a.publicUrl, b.publicUrl]]);
    expect(server.registrations.at(-1)?.asked).toBe(idOf(a.publicUrl!));
    const history = second.history();
    expect(history.map((h) => h.url)).toEqual([a.publicUrl, b.publicUrl]);
    expect(history[0]!.to).toBe(history[1]!.from);
    expect(history[1]!.to).toBeNull();
    expect(b.subdomain).toBe(idOf(a.publicUrl!)); // it still asks for the one it was given first
  });

  it('follows the listener to a new port', async () => {
    const one = await probeListener();
    const two = await probeListener();
    try {
      const sup = supervise({ localPort: one.port, probeIntervalMs: 200 });
      sup.start();
      await until(sup, isOnline, 5_000, 'online');
      await one.close();
      sup.setLocalPort(two.port);
      await waitFor(() => two.probes() >= 2, 3_000);
      expect(sup.status().state).not.toBe('offline');
      await until(sup, isOnline, 3_000, 'online');
    } finally {
      await two.close();
    }
  });

  it('localtunnel 2.0.2 itself still registers with the overridden axios', async () => {
    const tunnel = await localtunnel({ port: corePort(), host: server.host, local_host: '127.0.0.1' });
    tunnel.on('error', () => undefined);
    try {
      expect(tunnel.url).toMatch(/^http:\/\/[a-z]+\.localhost:\d+$/);
      await waitFor(() => server.socketCount() > 0);
      const res = await publicRequest(`${tunnel.url}/.console-probe/library-check`);
      expect(JSON.parse(res.body)).toEqual({ probe: 'library-check' });
    } finally {
      tunnel.close();
      for (const id of server.clientIds()) server.forget(id);
    }
  });
});

describe('registration and probe answers', () => {
  it('accepts a localtunnel registration and rejects malformed ones', () => {
    expect(parseRegistration({ id: 'abc', port: 1234, max_conn_count: 10, url: 'https://abc.loca.lt/' })).toEqual({
      id: 'abc',
      port: 1234,
      maxConn: 10,
      url: 'https://abc.loca.lt',
      ip: null,
    });
    expect(parseRegistration({ id: 'abc', port: 1234, url: 'https://abc.loca.lt', ip: '1.2.3.4' })).toMatchObject({ maxConn: 1, ip: '1.2.3.4' });
    expect(parseRegistration('nope')).toBe('not a JSON object');
    expect(parseRegistration({ id: 'abc', port: 0, url: 'https://abc.loca.lt' })).toBe('no valid port');
    expect(parseRegistration({ id: 'abc', port: 1, url: 'ftp://x' })).toBe('url ftp://x is not http(s)');
  });

  it('passes a probe only when this console echoed the nonce', () => {
    expect(judgeProbe(200, 'application/json', '{"probe":"nonce-123"}', 'nonce-123')).toBeNull();
    expect(judgeProbe(200, 'application/json', '{"probe":"other"}', 'nonce-123')).toMatch(/different console or a stale tunnel/);
    expect(judgeProbe(200, 'text/html', '<html>Friendly Reminder</html>', 'nonce-123')).toMatch(/web page instead of this console/);
    expect(judgeProbe(504, 'text/plain', 'Gateway Timeout', 'nonce-123')).toBe('the public URL answered HTTP 504: Gateway Timeout');
  });

  it('rejects a host that is not an http(s) URL', () => {
    expect(() => new TunnelSupervisor({ localPort: 1, host: 'ftp://example.com' })).toThrow(/http\(s\) URL/);
  });
});
