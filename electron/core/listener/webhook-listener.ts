import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { interpret } from '../../../shared/asleep/interpret';
import type { Interpretation } from '../../../shared/asleep/model';
import { REDACTED_KEY, type ApiKeyVerdict, type CaptureStage } from '../../../shared/capture';
import type { CaptureRecord } from '../store/capture-journal';
import { checkApiKey } from './api-key';
import { readBody } from './read-body';

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

  constructor(
    private readonly config: () => ListenerConfig,
    private readonly sink: IngestSink,
  ) {}

  async start(port: number, host = '127.0.0.1'): Promise<number> {
    const server = createServer({ requestTimeout: 30_000, headersTimeout: 10_000, keepAliveTimeout: 5_000 }, (req, res) => {
      void this.handle(req, res);
    });
    server.on('clientError', (_err, socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    return (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), 2_000).unref();
    });
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
      const response = JSON.stringify({ error: ERROR_NAMES[status] ?? 'error', message: reason });
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
    const read = await readBody(req, MAX_BODY_BYTES, REJECTED_BODY_CAP);
    if (read.kind !== 'ok') {
      draft.size = read.size;
      if (read.kind === 'aborted') {
        Object.assign(draft, { status: 0, stage: 'size', reason: 'The sender closed the connection before the body was complete.' });
        setBody(draft, read.head, read.size > read.head.length);
        draft.response = { status: 0, body: '' };
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
  413: 'payload_too_large',
  503: 'storage_unavailable',
};

function startRecord(req: IncomingMessage, expectedKey: string): CaptureRecord {
  const apiKey: ApiKeyVerdict = checkApiKey(req.headers['x-api-key'], expectedKey);
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) headers[k] = k === 'x-api-key' ? REDACTED_KEY : v;
  }
  const rawHeaders = req.rawHeaders.map((v, i) => (i % 2 === 1 && req.rawHeaders[i - 1]!.toLowerCase() === 'x-api-key' ? REDACTED_KEY : v));
  return {
    id: '',
    seq: 0,
    receivedAt: new Date().toISOString(),
    method: req.method ?? '',
    path: req.url ?? '',
    status: 0,
    stage: 'path',
    reason: null,
    event: null,
    layout: null,
    version: null,
    valid: false,
    issues: [],
    warnings: [],
    duplicate: 'no',
    duplicateOf: null,
    userId: headerValue(req, 'x-user-id'),
    sessionId: null,
    size: 0,
    remoteAddress: req.socket.remoteAddress ?? null,
    apiKey,
    answerMs: null,
    headers,
    rawHeaders,
    bodyTruncated: false,
    response: { status: 0, body: '' },
  };
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
