import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  id: string;
  headers: IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer;
  at: number;
}

/** A test backend on loopback: records every request; `answer` decides each reply (or never replies). */
export async function startBackend(answer: (r: Received, n: number) => number | 'hang', port = 0) {
  const received: Received[] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const r: Received = { id: String(req.headers['x-console-forwarded'] ?? ''), headers: req.headers, rawHeaders: req.rawHeaders, body: Buffer.concat(chunks), at: Date.now() };
      received.push(r);
      const status = answer(r, received.length);
      if (status === 'hang') return void hanging.add(res);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ got: r.id, status }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actualPort}/hook`,
    port: actualPort,
    received,
    countById: () => {
      const m = new Map<string, number>();
      for (const r of received) m.set(r.id, (m.get(r.id) ?? 0) + 1);
      return m;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port that nothing listens on right now (taken and released). */
export async function freePort(): Promise<number> {
  const b = await startBackend(() => 200);
  await b.close();
  return b.port;
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
