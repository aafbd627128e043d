// Baseline for the ingest benchmark: node:http on 127.0.0.1 that only reads the body and answers
// 200 with a small JSON. Prints `READY <port> {json}`; answers "stats" on stdin; exits when stdin
// closes or on SIGTERM.
// Usage: bare-server.ts [PORT]   (default 0 = any free port)
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveParentCommands } from './child-io';

function main(): void {
  const port = Number(process.argv[2] ?? 0);
  let requests = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const size = Buffer.concat(chunks).length;
      requests++;
      const body = JSON.stringify({ status: 'received', capture: `c${requests}`, valid: size > 0 });
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  server.listen(port, '127.0.0.1', () => {
    const actual = (server.address() as AddressInfo).port;
    process.stdout.write(`READY ${actual} ${JSON.stringify({ path: '/webhook', startMs: performance.now() })}\n`);
  });
  const stop = () => process.exit(0);
  process.on('SIGTERM', stop);
  serveParentCommands(() => ({ requests }), stop);
}

main();
