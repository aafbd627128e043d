import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { CaptureRecord } from '../store/capture-journal';

/** Headers that describe one connection, not the message: never forwarded. `host` and `content-length` are recomputed. */
const DROPPED = new Set(['connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'host', 'content-length', 'x-api-key', 'x-console-forwarded']);
export const FORWARDED_HEADER = 'x-console-forwarded';
const KEPT_ANSWER_HEADERS = ['content-type', 'retry-after', 'location', 'x-request-id', 'date'];
export const ANSWER_BODY_CAP = 2 * 1024;

export interface ForwardAnswer {
  status: number | null;
  error: string | null;
  body: string | null;
  headers: Record<string, string>;
  ms: number;
}

/**
 * The request a backend receives for one capture: the exact body bytes and the original headers
 * (original names and order) minus hop-by-hop ones; the API key is not on disk, so the console's
 * configured key is sent instead; `x-console-forwarded: <capture id>` lets a backend deduplicate.
 */
export function forwardHeaders(record: CaptureRecord, apiKey: string): [string, string][] {
  const out: [string, string][] = [];
  const raw = record.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    const lower = name.toLowerCase();
    if (DROPPED.has(lower) || lower.startsWith('proxy-')) continue;
    out.push([name, raw[i + 1]!]);
  }
  out.push(['x-api-key', apiKey], [FORWARDED_HEADER, record.id]);
  return out;
}

export function forwardBody(record: CaptureRecord): Buffer {
  // Accepted captures are valid UTF-8 decoded with the BOM kept, so this gives back the bytes received.
  if (record.body !== undefined) return Buffer.from(record.body, 'utf8');
  return Buffer.from(record.bodyBase64 ?? '', 'base64');
}

/** One attempt; never throws (a network error or timeout is an answer with `status: null`). */
export function sendOnce(url: string, record: CaptureRecord, apiKey: string, timeoutMs: number, signal?: AbortSignal): Promise<ForwardAnswer> {
  const started = performance.now();
  const body = forwardBody(record);
  const target = new URL(url);
  const headers = forwardHeaders(record, apiKey).flat();
  // Raw (array) headers keep the original names and order, but then Node adds no Host of its own.
  headers.unshift('Host', target.host);
  headers.push('content-length', String(body.length));
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const done = (a: Omit<ForwardAnswer, 'ms'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...a, ms: Math.round(performance.now() - started) });
    };
    const req = send(target, { method: record.method || 'POST', headers, signal, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (d: Buffer) => {
        if (size < ANSWER_BODY_CAP) chunks.push(d);
        size += d.length;
      });
      res.on('end', () => done({ status: res.statusCode ?? null, error: null, body: Buffer.concat(chunks).subarray(0, ANSWER_BODY_CAP).toString('utf8'), headers: keep(res.headers) }));
      res.on('error', (err) => done({ status: res.statusCode ?? null, error: `answer cut off: ${describe(err)}`, body: null, headers: keep(res.headers) }));
    });
    const timer = setTimeout(() => {
      done({ status: null, error: `no answer within ${Math.round(timeoutMs / 1000)} s`, body: null, headers: {} });
      req.destroy();
    }, timeoutMs);
    req.on('error', (err) => done({ status: null, error: describe(err), body: null, headers: {} }));
    req.end(body);
  });
}

function keep(h: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of KEPT_ANSWER_HEADERS) {
    const v = h[k];
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

const describe = (err: unknown) => {
  const e = err as NodeJS.ErrnoException;
  return e?.code ? `${e.code}${e.message && !e.message.includes(e.code) ? ` (${e.message})` : ''}` : err instanceof Error ? err.message : String(err);
};
