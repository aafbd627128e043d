import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';
import { classifyClientError, errorBody, rawAnswer, type ClientErrorLike } from './client-errors';
import { ConnectionTable } from './connection-table';
import type { ListenerLimits } from './listener-limits';

/**
 * Set by the handler while it reads a request's body: a `clientError` on that socket before the body
 * is complete (the request time-out, broken chunked framing) is the handler's to answer and record.
 */
export type BodyWatch = (err: ClientErrorLike) => void;

export interface RefusedRequest {
  /** What Node's parser last saw, if anything. */
  raw: Buffer | null;
  bytes: number;
  remoteAddress: string | null;
  status: number | null;
  reason: string;
}

/** A refused connection is recorded at most this often (the rest are counted into the next one). */
const REFUSAL_NOTE_MS = 10_000;

/**
 * Guards one server's connections: the connection cap (see ConnectionTable for who makes room) and
 * every request Node stops before the handler sees it (not HTTP, headers too large, too slow, cut
 * off). Those are answered as Node would answer them, with a JSON reason, and handed to `refused`
 * to be kept as rejected captures, except connections that never sent a byte.
 */
export class ConnectionGuard {
  private readonly table: ConnectionTable<Socket>;
  /** socket.bytesRead when its last request was answered: bytes beyond it belong to the next request. */
  private readonly answeredBytes = new WeakMap<Socket, number>();
  /** The request each connection is handling (from its 'request' event until its answer is done). */
  private readonly current = new WeakMap<Socket, IncomingMessage>();
  /** Sockets whose pipelined bytes broke while a request was in flight: closed once it is answered. */
  private readonly closeAfter = new WeakSet<Socket>();
  private refusedUnnoted = 0;
  private lastRefusalNote = -Infinity;

  constructor(
    server: Server,
    private readonly limits: ListenerLimits,
    private readonly bodyWatch: WeakMap<Socket, BodyWatch>,
    private readonly refused: (request: RefusedRequest) => void,
  ) {
    this.table = new ConnectionTable(limits.maxConnections);
    server.on('connection', (socket: Socket) => this.opened(socket));
    server.on('request', (req, res) => {
      const socket = req.socket;
      this.table.requestStarted(socket);
      this.current.set(socket, req);
      res.once('close', () => {
        this.current.delete(socket);
        this.table.requestEnded(socket);
        this.answeredBytes.set(socket, socket.bytesRead);
        if (this.closeAfter.has(socket)) socket.destroy();
      });
    });
    server.on('clientError', (err: ClientErrorLike & { rawPacket?: Buffer }, socket: Socket) => this.clientError(err, socket));
  }

  /** Connections open now. */
  get connections(): number {
    return this.table.size;
  }

  private opened(socket: Socket): void {
    const admission = this.table.open(socket, (s) => this.pendingBytes(s) > 0);
    if (admission.kind === 'refuse') return this.refuse(socket);
    socket.once('close', () => this.table.closed(socket));
    if (admission.kind === 'evict') admission.victim.destroy();
  }

  /** Bytes of a request not yet complete on an idle connection. */
  private pendingBytes(socket: Socket): number {
    return socket.bytesRead - (this.answeredBytes.get(socket) ?? 0);
  }

  /**
   * Every connection is busy with a request still arriving or being answered. The newcomer gets a
   * 503 at once (no request of it is read, so none can be captured); one rejected capture per
   * REFUSAL_NOTE_MS says how many were turned away, so a flood cannot fill the rejected list.
   */
  private refuse(socket: Socket): void {
    const retry = Math.max(1, Math.ceil(this.limits.requestTimeoutMs / 1000));
    const reason = `Refused a connection: all ${this.limits.maxConnections} connections are busy with requests still arriving or being answered (a flood or many slow senders). Answered 503 with Retry-After: ${retry} without reading the request.`;
    answerAndClose(socket, 503, reason, { 'retry-after': String(retry) });
    this.refusedUnnoted++;
    const now = this.limits.now();
    if (now - this.lastRefusalNote < REFUSAL_NOTE_MS) return;
    const others = this.refusedUnnoted - 1;
    const note = others > 0 ? `${reason} ${others} other connection${others === 1 ? ' was' : 's were'} refused since the previous such capture.` : reason;
    this.lastRefusalNote = now;
    this.refusedUnnoted = 0;
    this.refused({ raw: null, bytes: 0, remoteAddress: socket.remoteAddress ?? null, status: 503, reason: note });
  }

  private clientError(err: ClientErrorLike & { rawPacket?: Buffer }, socket: Socket): void {
    const req = this.current.get(socket);
    if (req && !req.complete) return this.bodyError(err, socket);
    if (req) {
      // The request was read and its answer is under way; what broke came after it on the connection.
      const code = err.code ?? 'ERROR';
      if (!code.startsWith('HPE_') || code === 'HPE_INVALID_EOF_STATE') return void socket.destroy();
      this.closeAfter.add(socket);
      // The parser's last packet may hold that request too, so none of its bytes are kept here.
      const reason = `What the sender sent after a request on the same connection is not valid HTTP/1.1 (${err.message}, ${code}); the connection was closed once that request was answered.`;
      this.refused({ raw: null, bytes: 0, remoteAddress: socket.remoteAddress ?? null, status: null, reason });
      return;
    }
    const raw = err.rawPacket ?? null;
    const bytes = this.pendingBytes(socket);
    const verdict = classifyClientError(err, 'head', bytes, this.limits, raw?.[0] ?? null);
    if (verdict?.capture) this.refused({ raw, bytes, remoteAddress: socket.remoteAddress ?? null, status: verdict.status, reason: verdict.reason });
    if (verdict?.status) answerAndClose(socket, verdict.status, verdict.reason);
    else socket.destroy();
  }

  /**
   * A request whose body is still arriving. The handler reading it answers and records (its watch);
   * a request not being read yet (held while the data folder moves) is answered the same way here,
   * and recorded as cut off when the handler gets to it.
   */
  private bodyError(err: ClientErrorLike, socket: Socket): void {
    const watch = this.bodyWatch.get(socket);
    if (watch) return watch(err);
    const verdict = classifyClientError(err, 'body', 0, this.limits);
    if (verdict?.status) answerAndClose(socket, verdict.status, verdict.reason);
    else socket.destroy();
  }
}

/** Node's own way for a request its parser gave up on: write the answer, then close at once. */
export function answerAndClose(socket: Socket, status: number, reason: string, extra: Record<string, string> = {}): void {
  if (socket.writable) socket.write(rawAnswer(status, errorBody(status, reason), extra));
  socket.destroy();
}
