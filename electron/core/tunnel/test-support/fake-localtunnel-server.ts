import { randomBytes } from 'node:crypto';
import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * A localtunnel-compatible server on 127.0.0.1 for the tests, modelled on localtunnel/server:
 *
 * - `GET /?new` and `GET /<subdomain>` register a client and answer `{ id, port, max_conn_count, url }`;
 *   a subdomain already in use gets a random id instead (as the real server does);
 * - each client gets its own TCP port where it opens up to `max_conn_count` sockets;
 * - requests whose Host is `<id>.localhost:<port>` are relayed as HTTP/1.1 over one of the client's
 *   sockets (one request per socket at a time, sockets reused keep-alive), others are the API;
 * - a client with no socket is forgotten after a grace period (1 s, like the real server), and so is
 *   one that never connects.
 *
 * Controls for the tests: forget, dropSockets, stop/start on the same port, refuse or hang
 * registrations, occupy a subdomain, slow or fail public requests.
 */
export interface FakeServerOptions {
  maxConn?: number;
  graceMs?: number;
  /** How long a public request waits for a free client socket before a 504. */
  socketWaitMs?: number;
}

interface Client {
  id: string;
  tcp: TcpServer;
  port: number;
  sockets: Set<Socket>;
  agent: ClientAgent;
  grace: NodeJS.Timeout | null;
  /** Held by `occupy`: never expires, never routes. */
  phantom: boolean;
}

type Waiter = (socket: Socket | null) => void;

/** Hands the client's idle sockets to node's HTTP client, which then reuses them keep-alive. */
class ClientAgent extends Agent {
  readonly idle: Socket[] = [];
  private readonly waiters: Waiter[] = [];

  constructor(private readonly waitMs: number) {
    super({ keepAlive: true, maxFreeSockets: 1_000 });
  }

  offer(socket: Socket): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter(socket);
    else this.idle.push(socket);
  }

  remove(socket: Socket): void {
    const i = this.idle.indexOf(socket);
    if (i >= 0) this.idle.splice(i, 1);
  }

  failWaiters(): void {
    for (const w of this.waiters.splice(0)) w(null);
  }

  override createConnection(_options: unknown, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const give = (socket: Socket | null) => {
      if (socket) callback?.(null, socket);
      else callback?.(new Error('no tunnel socket available'), undefined as unknown as Duplex);
    };
    const socket = this.idle.shift();
    if (socket) {
      // Answer asynchronously: node's Agent expects the callback after createConnection returns.
      queueMicrotask(() => give(socket));
      return undefined;
    }
    const waiter: Waiter = (s) => {
      clearTimeout(timer);
      give(s);
    };
    const timer = setTimeout(() => {
      const i = this.waiters.indexOf(waiter);
      if (i >= 0) this.waiters.splice(i, 1);
      give(null);
    }, this.waitMs);
    timer.unref();
    this.waiters.push(waiter);
    return undefined;
  }
}

export class FakeLocaltunnelServer {
  readonly maxConn: number;
  readonly graceMs: number;
  readonly socketWaitMs: number;
  private server: Server | null = null;
  private portNumber = 0;
  private readonly clients = new Map<string, Client>();
  private readonly orphans = new Set<Client>();
  private readonly httpSockets = new Set<Socket>();
  private readonly tunnelSockets = new Set<Socket>();
  private readonly hung = new Set<ServerResponse>();
  private refuseMessage: string | null = null;
  private hanging = false;
  private publicDelayMs = 0;
  private publicFailures = 0;
  /** Every registration answered, oldest first. */
  readonly registrations: { asked: string | null; id: string; at: number }[] = [];

  constructor(options: FakeServerOptions = {}) {
    this.maxConn = options.maxConn ?? 4;
    this.graceMs = options.graceMs ?? 1_000;
    this.socketWaitMs = options.socketWaitMs ?? 10_000;
  }

  /** Starts on a free port the first time, on the same port afterwards. */
  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => this.handle(req, res));
    server.on('connection', (socket) => {
      this.httpSockets.add(socket);
      socket.once('close', () => this.httpSockets.delete(socket));
    });
    server.on('clientError', (_err, socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.portNumber, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.portNumber = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** The server goes down: every client is forgotten, every connection closed, the port stops answering. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const id of [...this.clients.keys()]) this.forget(id);
    for (const client of this.orphans) {
      client.tcp.close();
      for (const s of client.sockets) s.destroy();
      client.agent.destroy();
    }
    this.orphans.clear();
    for (const res of this.hung) res.destroy();
    this.hung.clear();
    if (server) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
    for (const s of this.httpSockets) s.destroy();
    for (const s of this.tunnelSockets) s.destroy();
    await waitFor(() => this.httpSockets.size === 0 && this.tunnelSockets.size === 0);
  }

  get port(): number {
    return this.portNumber;
  }

  /** The base URL to give the supervisor as `host`. */
  get host(): string {
    return `http://127.0.0.1:${this.portNumber}`;
  }

  urlFor(id: string): string {
    return `http://${id}.localhost:${this.portNumber}`;
  }

  clientIds(): string[] {
    return [...this.clients.values()].filter((c) => !c.phantom).map((c) => c.id);
  }

  /** Tunnel sockets connected to this server right now (for one client, or all, forgotten ones included). */
  socketCount(id?: string): number {
    if (id === undefined) return this.tunnelSockets.size;
    return this.clients.get(id)?.sockets.size ?? 0;
  }

  /** Open connections to the API / public side (registrations and public requests in progress). */
  httpConnectionCount(): number {
    return this.httpSockets.size;
  }

  /**
   * Drop the client and its sockets; its port stops accepting, so reconnects are refused (what
   * localtunnel/server does). `silently`: the server forgets the client but its connections and port
   * stay open, unrouted (new connections are accepted and closed at once) — only a probe can tell.
   */
  forget(id: string, { silently = false } = {}): void {
    const client = this.clients.get(id);
    if (!client) return;
    this.clients.delete(id);
    if (client.grace) clearTimeout(client.grace);
    if (silently) {
      this.orphans.add(client);
      return;
    }
    client.tcp.close();
    for (const s of client.sockets) s.destroy();
    client.agent.failWaiters();
    client.agent.destroy();
  }

  /** Close the client's sockets but keep the client (it is forgotten only if it does not reconnect within the grace period). */
  dropSockets(id: string): void {
    for (const s of this.clients.get(id)?.sockets ?? []) s.destroy();
  }

  /** Answer registrations with 403 and this message (null: accept again). */
  refuseRegistration(message: string | null): void {
    this.refuseMessage = message;
  }

  /** Never answer registrations (false: answer again; the ones already hanging stay unanswered). */
  hangRegistration(on = true): void {
    this.hanging = on;
  }

  /** Someone else holds this subdomain: asking for it gets a random one. */
  occupy(id: string): void {
    this.forget(id);
    const tcp = createTcpServer((s) => s.destroy());
    this.clients.set(id, { id, tcp, port: 0, sockets: new Set(), agent: new ClientAgent(0), grace: null, phantom: true });
  }

  /** Delay every public request by this much (0: no delay). */
  delayPublic(ms: number): void {
    this.publicDelayMs = ms;
  }

  /** Answer the next `n` public requests with 502 without relaying them. */
  failPublic(n: number): void {
    this.publicFailures = n;
  }

  // ── internals ───────────────────────────────────────────────────────────────────────────────

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const host = (req.headers.host ?? '').toLowerCase();
    const match = /^([a-z0-9-]+)\.localhost(?::\d+)?$/.exec(host);
    if (match) return void this.relay(match[1]!, req, res);
    req.resume();
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method !== 'GET') return json(res, 405, { message: 'method not allowed' });
    const asked = url.pathname === '/' && url.searchParams.has('new') ? null : url.pathname.slice(1);
    if (asked === '') return json(res, 200, { message: 'localtunnel-compatible test server' });
    if (this.hanging) {
      this.hung.add(res);
      res.once('close', () => this.hung.delete(res));
      return;
    }
    if (this.refuseMessage !== null) return json(res, 403, { message: this.refuseMessage });
    if (asked !== null && !/^(?:[a-z0-9][a-z0-9-]{4,63}[a-z0-9]|[a-z0-9]{4,63})$/.test(asked)) {
      return json(res, 403, { message: 'Invalid subdomain. Subdomains must be lowercase and between 4 and 63 alphanumeric characters.' });
    }
    const id = asked === null || this.clients.has(asked) ? randomId() : asked;
    void this.newClient(id).then(
      (client) => {
        this.registrations.push({ asked, id, at: Date.now() });
        json(res, 200, { id, port: client.port, max_conn_count: this.maxConn, url: this.urlFor(id) });
      },
      (err: Error) => json(res, 500, { message: err.message }),
    );
  }

  private async newClient(id: string): Promise<Client> {
    const agent = new ClientAgent(this.socketWaitMs);
    const client: Client = { id, tcp: createTcpServer(), port: 0, sockets: new Set(), agent, grace: null, phantom: false };
    client.tcp.on('connection', (socket) => {
      this.tunnelSockets.add(socket);
      socket.once('close', () => this.tunnelSockets.delete(socket));
      socket.on('error', () => undefined);
      if (this.clients.get(id) !== client || client.sockets.size >= this.maxConn) return void socket.destroy();
      client.sockets.add(socket);
      if (client.grace) clearTimeout(client.grace);
      client.grace = null;
      socket.once('close', () => {
        client.sockets.delete(socket);
        agent.remove(socket);
        if (client.sockets.size === 0 && this.clients.get(id) === client) this.startGrace(client);
      });
      agent.offer(socket);
    });
    await new Promise<void>((resolve) => client.tcp.listen(0, '127.0.0.1', resolve));
    client.port = (client.tcp.address() as AddressInfo).port;
    this.clients.set(id, client);
    this.startGrace(client); // a client that never connects is dropped too
    return client;
  }

  private startGrace(client: Client): void {
    if (client.grace) clearTimeout(client.grace);
    client.grace = setTimeout(() => {
      if (this.clients.get(client.id) === client) this.forget(client.id);
    }, this.graceMs);
    client.grace.unref();
  }

  private async relay(id: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const client = this.clients.get(id);
    if (!client || client.phantom) {
      req.resume();
      return text(res, 404, `no active client for '${id}'`);
    }
    if (this.publicDelayMs > 0) await new Promise((r) => setTimeout(r, this.publicDelayMs));
    if (this.publicFailures > 0) {
      this.publicFailures--;
      req.resume();
      return text(res, 502, 'tunnel failure injected by the test');
    }
    const upstream = request({ agent: client.agent, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
      answer.pipe(res);
    });
    upstream.on('error', (err) => {
      if (!res.headersSent) text(res, 502, `tunnel error: ${err.message}`);
      else res.destroy();
    });
    req.pipe(upstream);
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function randomId(): string {
  return randomBytes(8).toString('hex').replace(/[0-9]/g, (d) => 'abcdefghij'[Number(d)]!).slice(0, 12);
}

async function waitFor(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
}
