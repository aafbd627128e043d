import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { interpret } from '../../../shared/asleep/interpret';
import type { Interpretation } from '../../../shared/asleep/model';
import { REDACTED_KEY, type ApiKeyVerdict, type CaptureStage } from '../../../shared/capture';
import type { CaptureRecord } from '../store/capture-journal';
import { checkApiKey } from './api-key';
import { readBody } from './read-body';
// abuse hardening: time-outs, connection cap, requests Node refuses, API-key failure limiter
import { AuthFailureLimiter } from './auth-failure-limiter';
import { classifyClientError, errorBody } from './client-errors';
import { answerAndClose, ConnectionGuard, type BodyWatch, type RefusedRequest } from './connection-guard';
import { resolveListenerLimits, seconds, type ListenerLimits, type ListenerLimitsInput } from './listener-limits';
import { newCaptureRecord } from './new-record';
import { rawRefusalRecord } from './raw-request';
import { senderAddress } from './sender-address';

export const MAX_BODY_BYTES = 1024 * 1024;
/** Path the tunnel supervisor probes through the public URL; see electron/core/tunnel. */
export const PROBE_PREFIX = '/.console-probe/';
const PROBE_RE = /^\/\.console-probe\/([A-Za-z0-9_-]{8,64})$/;
export const REJECTED_BODY_CAP = 64 * 1024;

export interface ListenerConfig {
  path: string;
  apiKey: string;
  /** Answer mode (testing a sender's retries): answer this status and/or this late; the capture is stored all the same. */
  answerMode?: { status: number | null; delayMs: number };
}

export interface IngestSink {
  /** Next capture number; called once per request, in arrival order. */
  nextSeq(): number;
  /** Store an accepted capture durably; resolves once it is on disk, throws if it could not be stored. */
  accept(record: CaptureRecord, interpretation: Interpretation): Promise<void>;
  /** Keep a rejected request (best effort; never delays or changes the answer). */
  reject(record: CaptureRecord): void;
  /** Record how long the answer took, once it is sent. */
  answered(id: string, ms: number): void;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The webhook endpoint. Order of checks, each recorded on the capture so the inspector can show
 * where a request stopped: path 404 → method 405 → size 413 → key 401 → body 400 → store (503 on
 * failure) → 200. Nothing else is served on this port.
 */
export class WebhookListener {
  private server: Server | null = null;
  /** Requests being handled, per server: a port change waits for these before closing the old server. */
  private readonly inFlight = new Map<Server, Set<Promise<void>>>();
  /** Old servers finishing their last requests after a port change. */
  private readonly draining = new Set<Promise<void>>();
  /** Data folder move: while set, new requests go to the gate (which holds them) instead of the handler. */
  private gate: ((req: IncomingMessage, res: ServerResponse) => boolean) | null = null;

  private readonly limits: ListenerLimits;
  private readonly authFailures: AuthFailureLimiter;
  /** Bodies being read, per socket: a time-out or broken framing there is the handler's to answer (see ConnectionGuard). */
  private readonly bodyWatch = new WeakMap<Socket, BodyWatch>();

  constructor(
    // not readonly: a data folder move points the running listener at the next core (retarget)
    private config: () => ListenerConfig,
    private sink: IngestSink,
    /** Time-outs, connection cap and API-key failure limiter; the defaults are the product's, tests pass smaller ones. */
    limits: ListenerLimitsInput = {},
  ) {
    this.limits = resolveListenerLimits(limits);
    this.authFailures = new AuthFailureLimiter(this.limits.authFailures, this.limits.now);
  }

  async start(port: number, host = '127.0.0.1'): Promise<number> {
    const server = await this.bind(port, host);
    this.server = server;
    return (server.address() as AddressInfo).port;
  }

  /**
   * Move to another port without dropping a request. The new port is bound first while the old one
   * keeps serving (if it cannot be bound, nothing changes). `commit` then closes the old listening
   * socket (new connections are refused there at once) and lets it finish every request it is
   * handling: each is stored and answered as usual. `drained` resolves when the old server is gone.
   */
  async prepareMove(port: number, host = '127.0.0.1'): Promise<{ port: number; commit(): { drained: Promise<void> }; abort(): Promise<void> }> {
    const next = await this.bind(port, host);
    return {
      port: (next.address() as AddressInfo).port,
      commit: () => {
        const old = this.server;
        this.server = next;
        if (!old) return { drained: Promise.resolve() };
        const drained = this.drain(old);
        this.draining.add(drained);
        void drained.finally(() => this.draining.delete(drained));
        return { drained };
      },
      abort: () => this.drain(next),
    };
  }

  private async bind(port: number, host: string): Promise<Server> {
    const l = this.limits;
    const timing = { requestTimeout: l.requestTimeoutMs, headersTimeout: l.headersTimeoutMs, keepAliveTimeout: l.keepAliveTimeoutMs, connectionsCheckingInterval: l.checkIntervalMs };
    const server = createServer({ ...timing, maxHeaderSize: l.maxHeaderBytes }, (req, res) => {
      if (this.gate?.(req, res)) return;
      this.run(server, req, res);
    });
    new ConnectionGuard(server, this.limits, this.bodyWatch, (refused) => this.refusedBeforeHandler(refused));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return server;
  }

  /** Stop accepting, wait for the requests being handled (kept-alive connections may bring more), then close. */
  private async drain(server: Server, limitMs = 60_000): Promise<void> {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const deadline = Date.now() + limitMs;
    for (;;) {
      const running = [...(this.inFlight.get(server) ?? [])];
      if (running.length === 0 || Date.now() > deadline) break;
      await Promise.race([Promise.allSettled(running), new Promise((r) => setTimeout(r, 1_000).unref())]);
      server.closeIdleConnections();
    }
    server.closeAllConnections();
    await closed;
    this.inFlight.delete(server);
  }

  /** Handle one request on `server`, counted as in flight until it is answered (a port change or a move waits for it). */
  private run(server: Server, req: IncomingMessage, res: ServerResponse): void {
    const running = this.handle(req, res);
    let set = this.inFlight.get(server);
    if (!set) this.inFlight.set(server, (set = new Set()));
    set.add(running);
    void running.finally(() => set.delete(running));
  }

  // data folder move (see electron/core/data-move): the listener outlives the core that created it
  /** The port being listened on, or null when not listening. */
  get port(): number | null {
    const address = this.server?.address();
    return address && typeof address === 'object' ? (address as AddressInfo).port : null;
  }

  /** Serve another core from now on: its store (and its settings, if given). The socket, guard and failure counts stay. */
  retarget(sink: IngestSink, config?: () => ListenerConfig): this {
    this.sink = sink;
    if (config) this.config = config;
    return this;
  }

  /** Keep a refused request as a rejected capture of the current core, numbered by it (one refused while no core was attached). */
  recordRefused(record: CaptureRecord): void {
    record.seq = this.sink.nextSeq();
    record.id = `c${record.seq}`;
    this.sink.reject(record);
  }

  /** `gate` takes every new request (returning true) until it is cleared; it hands them back with `dispatch`. */
  setGate(gate: ((req: IncomingMessage, res: ServerResponse) => boolean) | null): void {
    this.gate = gate;
  }

  /** Handle a request the gate held, as if it had just arrived. */
  dispatch(req: IncomingMessage, res: ServerResponse): void {
    if (this.server) this.run(this.server, req, res);
  }

  /** Resolves once every request being handled now has been answered (requests arriving later are not waited for). */
  idle(): Promise<void> {
    const running = [...this.inFlight.values()].flatMap((set) => [...set]);
    return Promise.allSettled(running).then(() => undefined);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.draining]);
    const server = this.server;
    this.server = null;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), 2_000).unref();
    });
  }

  /** A request Node stopped before the handler (see ConnectionGuard), kept as a rejected capture. */
  private refusedBeforeHandler(refused: RefusedRequest): void {
    const record = rawRefusalRecord({ ...refused, expectedKey: this.config().apiKey });
    record.seq = this.sink.nextSeq();
    record.id = `c${record.seq}`;
    this.sink.reject(record);
  }

  /**
   * While the body is read, a request time-out or broken chunked framing on this socket is answered
   * here (408 / 400, then the connection is closed); the handler records it once readBody gives up.
   */
  private watchBody(req: IncomingMessage): { answer: { status: number; reason: string } | null } {
    const socket = req.socket;
    const cut: { answer: { status: number; reason: string } | null } = { answer: null };
    this.bodyWatch.set(socket, (err) => {
      const verdict = classifyClientError(err, 'body', 0, this.limits);
      if (verdict?.status) {
        cut.answer = { status: verdict.status, reason: verdict.reason };
        answerAndClose(socket, verdict.status, verdict.reason);
      } else socket.destroy();
    });
    return cut;
  }

  /**
   * Count a failed API-key attempt; past the limit it is answered 429 instead of 401. Only failures
   * are throttled: a request with the right key is accepted even from a sender in a cool-down.
   */
  private limitFailure(req: IncomingMessage, key: ApiKeyVerdict): { retryAfterSec: number; reason: string } | null {
    const who = senderAddress(req.socket.remoteAddress, req.headers['x-forwarded-for']);
    const verdict = this.authFailures.failed(who);
    if (!verdict.limited) return null;
    const { maxFailures, windowMs } = this.limits.authFailures;
    const sent = key.present ? `its x-api-key did not match this console's key (it ended in …${key.last4})` : 'it had no x-api-key header';
    return {
      retryAfterSec: verdict.retryAfterSec,
      reason:
        `Rate-limited: more than ${maxFailures} failed API-key attempts from ${who} within ${seconds(windowMs)}, so its failed attempts are answered 429 ` +
        `for another ${verdict.retryAfterSec} s (Retry-After). This attempt failed too: ${sent}. Requests with the right key are still accepted; ` +
        "if this is your own sender, give it this console's API key.",
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const { path, apiKey } = this.config();
    const draft = startRecord(req, apiKey);
    // Numbered when the request is decided, not when it starts, so that within one session the
    // numbers follow the order in which captures are applied.
    const number = () => {
      draft.seq = this.sink.nextSeq();
      draft.id = `c${draft.seq}`;
    };
    const url = (req.url ?? '/').split('?')[0] ?? '/';

    const rejectWith = (status: number, stage: CaptureStage, reason: string, body: Buffer | null, extra: Record<string, string> = {}) => {
      const response = errorBody(status, reason, ERROR_NAMES);
      if (draft.seq === 0) number();
      if (body) {
        const kept = body.subarray(0, REJECTED_BODY_CAP);
        setBody(draft, kept, Math.max(draft.size, body.length) > kept.length);
      }
      send(res, status, response, extra);
      Object.assign(draft, { status, stage, reason, response: { status, body: response }, answerMs: ms(started) });
      this.sink.reject(draft);
    };

    const probe = PROBE_RE.exec(url);
    if (probe && req.method === 'GET') {
      // The tunnel's end-to-end self-check: answered, never captured (it is not an Asleep event).
      req.resume();
      return send(res, 200, JSON.stringify({ probe: probe[1] }), { 'cache-control': 'no-store' });
    }
    if (url !== path) {
      req.resume();
      return rejectWith(404, 'path', `Nothing is served at ${url}; webhooks go to POST ${path}.`, null);
    }
    if (req.method !== 'POST') {
      req.resume();
      return rejectWith(405, 'method', `${req.method ?? '?'} is not accepted; use POST.`, null, { allow: 'POST' });
    }
    const cut = this.watchBody(req);
    const read = await readBody(req, MAX_BODY_BYTES, REJECTED_BODY_CAP);
    this.bodyWatch.delete(req.socket);
    if (read.kind !== 'ok') {
      draft.size = read.size;
      if (read.kind === 'aborted') {
        // Cut off by the sender, or by us (request time-out, broken framing: already answered).
        const status = cut.answer?.status ?? 0;
        Object.assign(draft, { status, stage: 'size', reason: cut.answer?.reason ?? 'The sender closed the connection before the body was complete.' });
        setBody(draft, read.head, read.size > read.head.length);
        draft.response = { status, body: cut.answer ? errorBody(status, cut.answer.reason) : '' };
        number();
        return this.sink.reject(draft);
      }
      return rejectWith(413, 'size', `The body is ${read.size} bytes; the limit is 1 MiB (${MAX_BODY_BYTES} bytes).`, read.head, {
        connection: 'close',
      });
    }
    const body = read.body;
    draft.size = body.length;
    if (!draft.apiKey.matched) {
      const limited = this.limitFailure(req, draft.apiKey);
      if (limited) return rejectWith(429, 'auth', limited.reason, body, { 'retry-after': String(limited.retryAfterSec) });
      const reason = draft.apiKey.present
        ? `The x-api-key header does not match this console's key (it ended in …${draft.apiKey.last4}).`
        : 'The x-api-key header is missing.';
      return rejectWith(401, 'auth', reason, body);
    }
    if (body.length === 0) return rejectWith(400, 'parse', 'The body is empty; a JSON webhook payload was expected.', body);
    let text: string;
    try {
      text = utf8.decode(body);
    } catch {
      return rejectWith(400, 'parse', 'The body is not valid UTF-8 text.', body);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      const hint = text.charCodeAt(0) === 0xfeff ? ' (it starts with a byte-order mark)' : '';
      return rejectWith(400, 'parse', `The body is not JSON${hint}: ${err instanceof Error ? err.message : String(err)}`, body);
    }

    const interpretation = interpret(json);
    number();
    Object.assign(draft, {
      body: text,
      event: interpretation.detection.event,
      layout: interpretation.detection.layout,
      version: interpretation.detection.version,
      valid: interpretation.valid,
      issues: interpretation.issues,
      warnings: interpretation.warnings,
      userId: interpretation.userId ?? headerValue(req, 'x-user-id'),
      sessionId: interpretation.sessionId,
      status: 200,
      stage: 'done',
      reason: null,
    });
    const test = this.config().answerMode;
    const testing = test && (test.status !== null || test.delayMs > 0) ? { status: test.status ?? 200, delayMs: test.delayMs } : null;
    const response = testing
      ? JSON.stringify({ status: 'test-answer', capture: draft.id, answered: testing.status, delayMs: testing.delayMs, message: 'Answer mode is on in the console: this answer is a test; the webhook was stored.' })
      : JSON.stringify({ status: 'received', capture: draft.id, valid: interpretation.valid });
    draft.response = { status: testing?.status ?? 200, body: response };
    if (testing) draft.testAnswer = testing;
    try {
      await this.sink.accept(draft, interpretation);
    } catch (err) {
      const reason = `Could not store the webhook (${describe(err)}); answered 503 so the sender retries.`;
      return rejectWith(503, 'store', reason, body, { 'retry-after': '30' });
    }
    if (testing && testing.delayMs > 0) await new Promise((r) => setTimeout(r, testing.delayMs));
    send(res, testing?.status ?? 200, response);
    this.sink.answered(draft.id, ms(started));
  }
}

const ERROR_NAMES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  404: 'not_found',
  405: 'method_not_allowed',
  408: 'request_timeout',
  413: 'payload_too_large',
  429: 'too_many_requests',
  503: 'storage_unavailable',
};

function startRecord(req: IncomingMessage, expectedKey: string): CaptureRecord {
  const apiKey: ApiKeyVerdict = checkApiKey(req.headers['x-api-key'], expectedKey);
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) headers[k] = k === 'x-api-key' ? REDACTED_KEY : v;
  }
  const rawHeaders = req.rawHeaders.map((v, i) => (i % 2 === 1 && req.rawHeaders[i - 1]!.toLowerCase() === 'x-api-key' ? REDACTED_KEY : v));
  return newCaptureRecord({
    method: req.method ?? '',
    path: req.url ?? '',
    status: 0,
    stage: 'path',
    reason: null,
    userId: headerValue(req, 'x-user-id'),
    size: 0,
    remoteAddress: req.socket.remoteAddress ?? null,
    apiKey,
    headers,
    rawHeaders,
    response: { status: 0, body: '' },
  });
}

function setBody(record: CaptureRecord, bytes: Buffer, truncated: boolean): void {
  record.bodyTruncated = truncated;
  try {
    record.body = utf8.decode(bytes);
    delete record.bodyBase64;
  } catch {
    record.bodyBase64 = bytes.toString('base64');
    delete record.body;
  }
}

function headerValue(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s ? s.slice(0, 200) : null;
}

function send(res: ServerResponse, status: number, body: string, extra: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), ...extra });
  res.end(body);
}

const ms = (start: number) => Math.round((performance.now() - start) * 100) / 100;
const describe = (err: unknown) => ((err as NodeJS.ErrnoException)?.code ?? (err instanceof Error ? err.message : String(err)));
