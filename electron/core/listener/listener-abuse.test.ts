// The webhook listener against abusive clients, over real sockets on loopback, with a real console
// core in a temporary folder. Limits are made small (test-only option) so nothing waits for long;
// every wait is for an event (a close, an answer, a capture), never a fixed sleep.
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import v3Inference from '../../../shared/asleep/examples/v3-inference-complete.json';
import type { CaptureSummary } from '../../../shared/capture';
import { ConsoleCore } from '../console-core';
import { tempDir } from '../test-support/temp-dir';
import type { ListenerLimitsInput } from './listener-limits';

const KEY = 'test-key-0123456789';
let dir: Awaited<ReturnType<typeof tempDir>> | null = null;
let core: ConsoleCore | null = null;
const sockets: Socket[] = [];

async function open(limits: ListenerLimitsInput): Promise<{ core: ConsoleCore; port: number }> {
  dir = await tempDir();
  core = await ConsoleCore.open({ dataDir: dir.path, shell: 'headless', port: 0, apiKey: KEY, listenerLimits: limits });
  return { core, port: core.status().port };
}

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await core?.close();
  await dir?.remove();
  core = null;
  dir = null;
});

/** A raw TCP client: everything it receives, and a promise for its close. */
interface Raw {
  socket: Socket;
  received: () => string;
  closed: Promise<void>;
}

function raw(port: number): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    sockets.push(socket);
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => undefined); // a reset is one of the outcomes under test
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    socket.once('connect', () => resolve({ socket, received: () => Buffer.concat(chunks).toString('latin1'), closed }));
    socket.once('error', reject);
  });
}

/** Writes `text` one byte every `everyMs` until the socket closes. */
function dribble(socket: Socket, text: string, everyMs: number): void {
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || i >= text.length) return clearInterval(timer);
    socket.write(text[i++]!);
  }, everyMs);
  socket.once('close', () => clearInterval(timer));
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function post(port: number, body: string, headers: Record<string, string> = { 'x-api-key': KEY }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/webhook', method: 'POST', agent: false, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A normal webhook: answered 200 and stored. */
async function expectWebhookStored(c: ConsoleCore, port: number): Promise<void> {
  const res = await post(port, JSON.stringify(v3Inference));
  expect(res.status, res.body).toBe(200);
  const { capture } = JSON.parse(res.body) as { capture: string };
  expect((await c.getCapture(capture))?.stage).toBe('done');
}

async function waitFor<T>(get: () => T | undefined | null | false | Promise<T | undefined | null | false>, ms = 5_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await get();
    if (value) return value;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const rejected = async (c: ConsoleCore) => (await c.listCaptures({ limit: 1_000 })).filter((s) => s.status !== 200);
const statusLine = (text: string) => text.split('\r\n')[0];
const answerBody = (text: string) => JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as { error: string; message: string };

// Short time-outs for the timing cases; the connection-cap cases use long ones so only the cap acts.
const FAST: ListenerLimitsInput = { headersTimeoutMs: 300, requestTimeoutMs: 600, keepAliveTimeoutMs: 200, checkIntervalMs: 50 };
const SLOW: ListenerLimitsInput = { headersTimeoutMs: 20_000, requestTimeoutMs: 20_000, keepAliveTimeoutMs: 20_000, checkIntervalMs: 1_000 };

describe('bytes that are not HTTP', () => {
  it('answers 400 with the reason, records the bytes, and keeps serving', async () => {
    const { core, port } = await open(FAST);
    const client = await raw(port);
    const garbage = Buffer.from([0x01, 0x02, 0xff, 0xfe, 0x0d, 0x0a, 0x0d, 0x0a, 0x80]);
    client.socket.write(garbage);
    await client.closed;
    expect(statusLine(client.received())).toBe('HTTP/1.1 400 Bad Request');
    expect(answerBody(client.received())).toMatchObject({ error: 'bad_request', message: expect.stringContaining('not valid HTTP/1.1') });

    const [summary] = await waitFor(async () => {
      const list = await rejected(core);
      return list.length === 1 && list;
    });
    expect(summary).toMatchObject({ status: 400, stage: 'http', method: '', path: '', size: garbage.length, remoteAddress: '127.0.0.1' });
    const detail = await core.getCapture(summary!.id);
    expect(Buffer.from(detail!.bodyBase64!, 'base64')).toEqual(garbage);
    expect(detail!.response.status).toBe(400);
    await expectWebhookStored(core, port);
  });

  it('says plainly when HTTPS was sent to the plain-HTTP port', async () => {
    const { core, port } = await open(FAST);
    const client = await raw(port);
    client.socket.write(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]));
    await client.closed;
    expect(statusLine(client.received())).toBe('HTTP/1.1 400 Bad Request');
    const [summary] = await waitFor(async () => {
      const list = await rejected(core);
      return list.length === 1 && list;
    });
    expect(summary?.reason).toMatch(/looks like HTTPS .* use http:\/\//);
  });

  it('never stores an x-api-key value found in unparsable bytes', async () => {
    const { core, port } = await open(FAST);
    const client = await raw(port);
    client.socket.write(`\x00garbage\r\nx-api-key: ${KEY}\r\n\r\n`);
    await client.closed;
    const [summary] = await waitFor(async () => {
      const list = await rejected(core);
      return list.length === 1 && list;
    });
    const detail = await core.getCapture(summary!.id);
    expect(detail?.body).toContain('x-api-key: [redacted]');
    expect(JSON.stringify(detail)).not.toContain(KEY);
  });
});

describe('slow and idle clients', () => {
  it('answers 408 to clients that send headers a byte at a time, while a normal webhook still gets 200', async () => {
    const { core, port } = await open(FAST);
    const slow = await Promise.all(Array.from({ length: 5 }, () => raw(port)));
    for (const c of slow) dribble(c.socket, 'POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ' + 'a'.repeat(500), 20);
    await expectWebhookStored(core, port);
    await Promise.all(slow.map((c) => c.closed));
    for (const c of slow) {
      expect(statusLine(c.received())).toBe('HTTP/1.1 408 Request Timeout');
      expect(answerBody(c.received()).message).toContain('did not arrive within 0.3 s');
    }
    const refused = await waitFor(async () => {
      const list = await rejected(core);
      return list.length === 5 && list;
    });
    for (const s of refused) {
      expect(s).toMatchObject({ status: 408, stage: 'http' });
      expect(s.size).toBeGreaterThan(0);
      expect(s.reason).toMatch(/^The request headers did not arrive within 0\.3 s: \d+ bytes came/);
    }
    await expectWebhookStored(core, port);
  });

  it('answers 408 to a body that trickles in, records what came, and keeps serving', async () => {
    const { core, port } = await open(FAST);
    const client = await raw(port);
    client.socket.write(`POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: ${KEY}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"a`);
    dribble(client.socket, 'b'.repeat(1000), 40);
    await expectWebhookStored(core, port);
    await client.closed;
    expect(statusLine(client.received())).toBe('HTTP/1.1 408 Request Timeout');
    const [summary] = await waitFor(async () => {
      const list = await rejected(core);
      return list.length === 1 && list;
    });
    expect(summary).toMatchObject({ status: 408, stage: 'size', method: 'POST', path: '/webhook' });
    expect(summary?.reason).toContain('The body did not arrive within 0.6 s');
    expect(summary!.size).toBeGreaterThanOrEqual(3);
    expect(summary!.size).toBeLessThan(1000);
    const detail = await core.getCapture(summary!.id);
    expect(detail?.body).toMatch(/^\{"ab*$/);
    expect(detail?.body).toHaveLength(summary!.size);
    const received = client.received();
    expect(detail?.response).toEqual({ status: 408, body: received.slice(received.indexOf('\r\n\r\n') + 4) });
  });

  it('closes a connection that never sends anything, without an answer or a capture', async () => {
    const { core, port } = await open(FAST);
    const client = await raw(port);
    await client.closed;
    expect(client.received()).toBe('');
    await expectWebhookStored(core, port);
    expect(await rejected(core)).toEqual([]);
  });

  it('closes an idle kept-alive connection silently after the keep-alive time-out', async () => {
    const { core, port } = await open(FAST);
    const client = await raw(port);
    const body = JSON.stringify(v3Inference);
    client.socket.write(`POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: ${KEY}\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    await client.closed;
    expect(statusLine(client.received())).toBe('HTTP/1.1 200 OK');
    expect(client.received()).not.toContain('408');
    expect(await rejected(core)).toEqual([]);
  });

  it('captures a request whose headers were cut off by the sender', async () => {
    const { core, port } = await open(FAST);
    const client = await raw(port);
    client.socket.end('POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    await client.closed;
    const [summary] = await waitFor(async () => {
      const list = await rejected(core);
      return list.length === 1 && list;
    });
    expect(summary).toMatchObject({ status: 0, stage: 'http', size: 41 });
    expect(summary?.reason).toContain('closed the connection in the middle of the request headers, after 41 bytes');
  });
});

describe('huge headers', () => {
  it('answers 431 and records the request line and headers, key redacted', async () => {
    const { core, port } = await open(FAST);
    const client = await raw(port);
    client.socket.write(`POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: ${KEY}\r\nx-user-id: u-1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n{}`);
    await client.closed;
    expect(statusLine(client.received())).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(answerBody(client.received())).toMatchObject({ error: 'request_header_fields_too_large' });

    const [summary] = await waitFor(async () => {
      const list = await rejected(core);
      return list.length === 1 && list;
    });
    expect(summary).toMatchObject({ status: 431, stage: 'http', method: 'POST', path: '/webhook', userId: 'u-1', apiKey: { present: true, matched: true, last4: '6789' } });
    expect(summary?.reason).toContain('larger than 16 KiB (16384 bytes)');
    const detail = await core.getCapture(summary!.id);
    expect(detail?.headers).toMatchObject({ host: '127.0.0.1', 'x-api-key': '[redacted]', 'x-user-id': 'u-1' });
    expect(JSON.stringify(detail)).not.toContain(KEY);
    await expectWebhookStored(core, port);
  });

  it('answers 431 to an ordinary HTTP client too', async () => {
    const { core, port } = await open(FAST);
    const res = await post(port, '{}', { 'x-api-key': KEY, 'x-big': 'b'.repeat(17_000) });
    expect(res.status).toBe(431);
    await expectWebhookStored(core, port);
  });
});

describe('connection cap', () => {
  it('survives a flood of idle connections: each newcomer closes the oldest idle one, webhooks get through', async () => {
    const { core, port } = await open({ ...SLOW, maxConnections: 4 });
    const idle: Raw[] = [];
    for (let i = 0; i < 12; i++) idle.push(await raw(port));
    await Promise.all(idle.slice(0, 8).map((c) => c.closed));
    await expectWebhookStored(core, port);
    await idle[8]!.closed;
    // At the cap again: the next request closes the next oldest.
    idle.push(await raw(port));
    await expectWebhookStored(core, port);
    await idle[9]!.closed;
    expect(idle.slice(10).map((c) => c.socket.destroyed)).toEqual([false, false, false]);
    expect(idle[0]!.received()).toBe('');
    expect(await rejected(core)).toEqual([]); // nothing was sent on them, so there is nothing to capture
  });

  it('closes an idle kept-alive connection before one still waiting for its first request', async () => {
    const { core, port } = await open({ ...SLOW, maxConnections: 3 });
    const fresh = [await raw(port), await raw(port)];
    const kept = await raw(port);
    kept.socket.write(`POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: ${KEY}\r\nContent-Length: ${JSON.stringify(v3Inference).length}\r\n\r\n${JSON.stringify(v3Inference)}`);
    await waitFor(() => kept.received().includes('"status":"received"'));
    await expectWebhookStored(core, port);
    await kept.closed;
    expect(fresh.map((c) => c.socket.destroyed)).toEqual([false, false]);
  });

  it('refuses with 503 and Retry-After when every connection is busy with a request, records that once, and recovers', async () => {
    const { core, port } = await open({ headersTimeoutMs: 500, requestTimeoutMs: 1_000, keepAliveTimeoutMs: 200, checkIntervalMs: 50, maxConnections: 3 });
    const busy = await Promise.all([raw(port), raw(port), raw(port)]);
    // Expect: 100-continue makes the server say when it has taken each request in hand.
    for (const c of busy) c.socket.write(`POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: ${KEY}\r\nExpect: 100-continue\r\nContent-Length: 100\r\n\r\n{`);
    await waitFor(() => busy.every((c) => c.received().startsWith('HTTP/1.1 100 Continue')));
    const turnedAway = [await raw(port), await raw(port)];
    await Promise.all(turnedAway.map((c) => c.closed));
    for (const c of turnedAway) {
      expect(statusLine(c.received())).toBe('HTTP/1.1 503 Service Unavailable');
      expect(c.received()).toContain('retry-after: 1\r\n');
    }
    const notes = await waitFor(async () => {
      const http = (await rejected(core)).filter((s) => s.stage === 'http');
      return http.length === 1 && http;
    });
    expect(notes[0]).toMatchObject({ status: 503 });
    expect(notes[0]?.reason).toContain('all 3 connections are busy');
    // The busy ones run out of time (408), then webhooks flow again.
    await Promise.all(busy.map((c) => c.closed));
    for (const c of busy) expect(c.received()).toContain('HTTP/1.1 408 Request Timeout');
    await expectWebhookStored(core, port);
  });
});

describe('failed API-key attempts', () => {
  const bad = (port: number, headers: Record<string, string> = { 'x-api-key': 'wrong-key-abcd' }) => post(port, JSON.stringify(v3Inference), headers);

  it('answers 429 with Retry-After past 20 failures a minute, still accepts the right key, and captures every attempt', async () => {
    let now = 1_000_000;
    const { core, port } = await open({ ...FAST, now: () => now });
    for (let i = 0; i < 19; i++) expect((await bad(port)).status).toBe(401);
    expect((await bad(port, {})).status).toBe(401); // a missing key is a failure too: the 20th
    const limited = await bad(port);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('60');
    expect(JSON.parse(limited.body)).toMatchObject({ error: 'too_many_requests', message: expect.stringContaining('Rate-limited') });

    await expectWebhookStored(core, port); // the right key during the cool-down

    now += 30_000;
    const later = await bad(port);
    expect(later.status).toBe(429);
    expect(later.headers['retry-after']).toBe('30');

    now += 30_001; // cool-down over; only 1 failure in the last minute
    expect((await bad(port)).status).toBe(401);

    const attempts = await waitFor(async () => {
      const list = await rejected(core);
      return list.length === 23 && list;
    });
    const byStatus = (s: number) => attempts.filter((c: CaptureSummary) => c.status === s);
    expect(byStatus(401)).toHaveLength(21);
    expect(byStatus(429)).toHaveLength(2);
    for (const c of byStatus(429)) {
      expect(c.stage).toBe('auth');
      expect(c.reason).toMatch(/^Rate-limited: more than 20 failed API-key attempts from 127\.0\.0\.1 within 60 s/);
      expect(c.reason).toContain('Requests with the right key are still accepted');
      expect(c.reason).toContain('it ended in …abcd');
    }
  });

  it('counts senders behind the tunnel by the address its proxy appended to X-Forwarded-For', async () => {
    const now = 5_000;
    const { port } = await open({ ...FAST, now: () => now, authFailures: { maxFailures: 2 } });
    const via = (xff: string) => ({ 'x-api-key': 'wrong-key-abcd', 'x-forwarded-for': xff });
    for (let i = 0; i < 2; i++) expect((await bad(port, via('198.51.100.1, 203.0.113.7'))).status).toBe(401);
    expect((await bad(port, via('10.0.0.1, 203.0.113.7'))).status).toBe(429); // the client's own claim is ignored
    expect((await bad(port, via('203.0.113.8'))).status).toBe(401);
    expect((await bad(port)).status).toBe(401); // the loopback sender itself is another address
  });
});

describe('pipelined bytes after a request', () => {
  it('answers the request, records the broken rest, and closes the connection', async () => {
    const { core, port } = await open(FAST);
    const client = await raw(port);
    const body = JSON.stringify(v3Inference);
    client.socket.write(`POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: ${KEY}\r\nContent-Length: ${body.length}\r\n\r\n${body}\x01\x02\x03 nonsense\r\n\r\n`);
    await client.closed;
    expect(statusLine(client.received())).toBe('HTTP/1.1 200 OK');
    const [note] = await waitFor(async () => {
      const list = await rejected(core);
      return list.length === 1 && list;
    });
    expect(note).toMatchObject({ stage: 'http', status: 0 });
    expect(note?.reason).toContain('after a request on the same connection');
    expect((await core.listCaptures({ limit: 10 })).filter((c) => c.status === 200)).toHaveLength(1);
  });
});
