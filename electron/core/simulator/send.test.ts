import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlannedRequest } from '../../../shared/simulator/traffic';
import { dueAt, sendPlan, type SendResult } from './send';

interface Seen {
  at: number;
  session: string;
  body: string;
  socket: number;
}

let server: Server | null = null;

async function serve(answer: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<{ url: string; seen: Seen[]; sockets: () => number }> {
  const seen: Seen[] = [];
  const sockets = new Map<object, number>();
  const t0 = performance.now();
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (!sockets.has(req.socket)) sockets.set(req.socket, sockets.size + 1);
      seen.push({ at: performance.now() - t0, session: String(req.headers['x-session']), body, socket: sockets.get(req.socket)! });
      answer(req, res, body);
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`, seen, sockets: () => sockets.size };
}

afterEach(async () => {
  const s = server;
  server = null;
  if (s) {
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
});

const ok = (_req: IncomingMessage, res: ServerResponse, body: string) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ status: 'received', capture: `c${JSON.parse(body).n}`, valid: true }));
};

function request(session: number, n: number, t: number): PlannedRequest {
  return {
    session,
    participant: session + 1,
    night: 1,
    userId: `u${session}`,
    sessionId: `s${session}`,
    event: 'INFERENCE_COMPLETE',
    seq: n,
    at: t,
    t,
    headers: { 'content-type': 'application/json', 'x-session': String(session) },
    body: JSON.stringify({ n: session * 1000 + n }),
    fault: null,
  };
}

describe('sendPlan', () => {
  it('max speed: no waiting, keep-alive, answers and capture ids collected, progress per request', async () => {
    const { url, seen, sockets } = await serve(ok);
    const plan = Array.from({ length: 60 }, (_, i) => request(i % 3, Math.floor(i / 3), i * 60_000));
    const progress: SendResult[] = [];
    const summary = await sendPlan(plan, { url, speed: 'max', concurrency: 3, onResult: (r) => progress.push(r) });
    expect(summary).toMatchObject({ sent: 60, ok: 60, clientErrors: 0, serverErrors: 0, unreachable: 0, notSent: 0, aborted: false, stopReason: null });
    expect(summary.elapsedMs).toBeLessThan(5_000); // an hour of schedule, no waiting
    expect(progress).toHaveLength(60);
    expect(summary.results.map((r) => r.captureId)).toEqual(plan.map((p) => `c${JSON.parse(p.body).n}`));
    expect(sockets()).toBeLessThanOrEqual(3);
    // Each session's requests arrive in plan order.
    for (const s of ['0', '1', '2']) {
      const ns = seen.filter((x) => x.session === s).map((x) => JSON.parse(x.body).n as number);
      expect(ns).toEqual([...ns].sort((a, b) => a - b));
    }
  });

  it('scales the schedule by the speed', async () => {
    const { url, seen } = await serve(ok);
    expect(dueAt(60_000, 60)).toBe(1_000);
    expect(dueAt(60_000, 'max')).toBe(0);
    const plan = [request(0, 0, 0), request(0, 1, 12_000), request(1, 0, 24_000)];
    const summary = await sendPlan(plan, { url, speed: 60 });
    expect(summary.ok).toBe(3);
    const byN = (n: number) => summary.results.find((r) => JSON.parse(r.request.body).n === n)!;
    expect(byN(1).sentAt).toBeGreaterThanOrEqual(195);
    expect(byN(1000).sentAt).toBeGreaterThanOrEqual(395);
    expect(seen.at(-1)!.at).toBeGreaterThanOrEqual(390);
  });

  it('counts 4xx and 5xx as answered; stops at once when the first request finds nobody', async () => {
    const { url } = await serve((_req, res, body) => {
      const n = JSON.parse(body).n as number;
      res.writeHead(n === 1 ? 401 : n === 2 ? 503 : 200).end('{}');
    });
    const summary = await sendPlan([request(0, 0, 0), request(0, 1, 1), request(0, 2, 2)], { url, speed: 'max' });
    expect(summary).toMatchObject({ sent: 3, ok: 1, clientErrors: 1, serverErrors: 1, unreachable: 0 });

    const closed = url.replace(/:\d+\//, ':1/');
    const none = await sendPlan([request(0, 0, 0), request(0, 1, 1), request(1, 0, 2)], { url: closed, speed: 'max', concurrency: 1 });
    expect(none.unreachable).toBe(1);
    expect(none.notSent).toBe(2);
    expect(none.stopReason).toMatch(/could not reach .*connection refused/);
    expect(none.results[0]!.error).toMatch(/connection refused/);
  });

  it('an answer that never comes counts as unreachable after the timeout', async () => {
    const { url } = await serve(() => undefined);
    const summary = await sendPlan([request(0, 0, 0)], { url, speed: 'max', timeoutMs: 200, stopWhenFirstUnreachable: false });
    expect(summary.unreachable).toBe(1);
    expect(summary.results[0]!.error).toMatch(/no answer within 200 ms/);
  });

  it('stops when its signal aborts, sending nothing more', async () => {
    const { url } = await serve(ok);
    const controller = new AbortController();
    const plan = [request(0, 0, 0), request(0, 1, 60_000), request(1, 0, 120_000)];
    const running = sendPlan(plan, { url, speed: 1, signal: controller.signal });
    setTimeout(() => controller.abort(), 150);
    const summary = await running;
    expect(summary).toMatchObject({ sent: 1, ok: 1, notSent: 2, aborted: true });
    expect(summary.elapsedMs).toBeLessThan(2_000);
  });
});
