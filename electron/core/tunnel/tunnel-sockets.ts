import { connect, type Socket } from 'node:net';
import { describeNetworkError, loopbackLookup } from './tunnel-http';

export interface TunnelSocketsOptions {
  /** Where the tunnel server waits for our connections (from the registration). */
  remoteHost: string;
  remotePort: number;
  /** How many connections the server allows (`max_conn_count`). */
  count: number;
  /** Read for every new local connection, so a listener that moved is followed. */
  local: () => { host: string; port: number };
  connectTimeoutMs: number;
  /** Wait before re-opening a connection that failed or closed at once (so a refusing server is not hammered). */
  reopenDelayMs?: number;
}

export interface TunnelSocketsEvents {
  /** A connection to the tunnel server is open (fires for each one). */
  onOpen(): void;
  /** Something went wrong with a connection; worth checking the tunnel end to end now. */
  onTrouble(why: string): void;
  /** No connection is open and the server refuses new ones: it no longer knows this tunnel. Fires once. */
  onLost(why: string): void;
}

/**
 * The client side of the localtunnel socket protocol: keep `count` TCP connections open to the
 * server's port; each carries raw HTTP/1.1 for public requests, which are relayed byte for byte to
 * the local listener (opened when the first bytes arrive, so idle connections stay idle).
 *
 * Written here instead of using localtunnel's `TunnelCluster`, which loses connections silently on
 * most network errors, emits unhandled `error`s, leaves retry timers behind after close, cannot tell
 * us which sockets are still connecting, and re-encodes the first chunk of every request as text
 * when a local host is set (breaking multi-byte characters split across chunks).
 */
export class TunnelSockets {
  private closed = false;
  private lostSignalled = false;
  private connected = 0;
  private readonly sockets = new Map<Socket, Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private lastErrorText: string | null = null;

  constructor(
    private readonly options: TunnelSocketsOptions,
    private readonly events: TunnelSocketsEvents,
  ) {}

  start(): void {
    for (let i = 0; i < this.options.count; i++) this.open();
  }

  get openCount(): number {
    return this.connected;
  }

  /** The last connection problem, in plain words (null if none yet). */
  get lastError(): string | null {
    return this.lastErrorText;
  }

  /** Closes every connection and timer; resolves once every socket has closed. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const pending = [...this.sockets.values()];
    for (const socket of this.sockets.keys()) socket.destroy();
    await Promise.all(pending);
  }

  private track(socket: Socket): void {
    this.sockets.set(
      socket,
      new Promise<void>((resolve) =>
        socket.once('close', () => {
          this.sockets.delete(socket);
          resolve();
        }),
      ),
    );
  }

  private later(fn: () => void, ms: number): void {
    if (ms <= 0) return fn();
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.closed) fn();
    }, ms);
    this.timers.add(t);
  }

  private open(): void {
    if (this.closed) return;
    const { remoteHost, remotePort, connectTimeoutMs } = this.options;
    const where = `${remoteHost}:${remotePort}`;
    const remote = connect({ host: remoteHost, port: remotePort, lookup: loopbackLookup });
    this.track(remote);
    let wasConnected = false;
    let carried = false;
    let openedAt = 0;
    let errorCode: string | null = null;
    let errorText: string | null = null;

    remote.setTimeout(connectTimeoutMs);
    remote.once('timeout', () => {
      if (wasConnected) return;
      const err: NodeJS.ErrnoException = new Error('the connection timed out');
      err.code = 'ETIMEDOUT';
      remote.destroy(err);
    });
    remote.on('error', (err: NodeJS.ErrnoException) => {
      errorCode ??= err.code ?? 'ERROR';
      errorText ??= describeNetworkError(err);
    });
    remote.once('connect', () => {
      wasConnected = true;
      openedAt = performance.now();
      this.connected++;
      remote.setTimeout(0);
      remote.setKeepAlive(true, 30_000);
      remote.setNoDelay(true);
      this.events.onOpen();
    });

    const onFirstData = (chunk: Buffer) => {
      carried = true;
      remote.pause();
      this.bridge(remote, chunk);
    };
    remote.once('data', onFirstData);

    remote.once('close', () => {
      if (wasConnected) this.connected--;
      if (this.closed) return;
      if (errorText) this.lastErrorText = `connection to the tunnel server at ${where}: ${errorText}`;
      if (!wasConnected) {
        if (errorCode === 'ECONNREFUSED' && this.connected === 0) {
          if (!this.lostSignalled) {
            this.lostSignalled = true;
            this.events.onLost(`its connection port ${where} refuses connections`);
          }
          return;
        }
        this.events.onTrouble(this.lastErrorText ?? `could not connect to ${where}`);
        return this.later(() => this.open(), this.options.reopenDelayMs ?? 1_000);
      }
      // A connection that lived and carried traffic is replaced at once (the server or the local
      // listener closing it after a response is normal); one that died straight away waits a little.
      const quick = !carried && performance.now() - openedAt < 1_000;
      if (errorText || this.connected === 0) {
        this.events.onTrouble(errorText ? (this.lastErrorText ?? errorText) : `every connection to ${where} closed`);
      }
      this.later(() => this.open(), quick ? (this.options.reopenDelayMs ?? 1_000) : 0);
    });
  }

  /** Relay one tunnel connection to a fresh local connection, starting with the bytes already read. */
  private bridge(remote: Socket, first: Buffer): void {
    const { host, port } = this.options.local();
    const local = connect({ host, port });
    this.track(local);
    let localConnected = false;
    local.on('error', (err: NodeJS.ErrnoException) => {
      if (localConnected || remote.destroyed) return;
      // The request already arrived; answer it so the sender (and our probe) learns why.
      const text = `The console's listener at ${host}:${port} did not accept the connection: ${describeNetworkError(err)}.`;
      remote.end(
        `HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
      ); // the probe reads this answer; no extra alarm here
    });
    local.once('connect', () => {
      localConnected = true;
      if (remote.destroyed) return void local.destroy(); // the sender is gone; do not act on its request
      local.setNoDelay(true);
      local.write(first);
      remote.pipe(local);
      local.pipe(remote);
    });
    // Either side closing ends the pair; the server then gets a fresh connection from us.
    local.once('close', () => {
      if (!remote.destroyed) remote.end();
    });
    remote.once('close', () => {
      if (!local.destroyed) local.end();
    });
  }
}
