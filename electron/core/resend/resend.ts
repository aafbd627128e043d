// Re-send stored captures: the exact bytes received, the original headers (hop-by-hop, Host and
// Content-Length aside; the API key, never stored, is the console's own), marked with
// `x-console-replay: <original capture id>`, one after the other in arrival order, optionally with the
// original spacing scaled by a speed. Every answer is kept with the original capture.
//
// The command awaits the whole run (no run id, no progress events): a night is ~100 captures, sent in
// well under a second without spacing. With the original spacing a run is refused when it would take
// longer than MAX_RUN_MS: pick a higher speed (a night at x100 is about 5 minutes).
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { REDACTED_KEY } from '../../../shared/capture';
import type { ParsedArgs, ResendResult } from '../../../shared/contract';
import { fail, ok, type Result } from '../../../shared/result';
import type { CaptureRecord } from '../store/capture-journal';
import type { ResendStore } from './resend-store';

export const REPLAY_HEADER = 'x-console-replay';
export const MAX_RUN_MS = 10 * 60_000;
const ANSWER_CAP = 64 * 1024;
const TIMEOUT_MS = 30_000;

/** Never forwarded: they describe the original connection, not the request. */
const DROPPED = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'proxy-authenticate',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'host',
  'content-length',
  'expect',
  REPLAY_HEADER,
]);

export interface ResendDeps {
  record(id: string): Promise<CaptureRecord | null>;
  /** Accepted and refused capture ids of a session, in arrival order. */
  sessionCaptureIds(userId: string, sessionId: string): string[] | Promise<string[]>;
  defaultUrl(): string;
  apiKey(): string;
  store: ResendStore;
  signal?: AbortSignal;
}

type Headers = Record<string, string | string[]>;

/**
 * The headers to send for a stored capture: original names, order and repeats, minus the dropped ones.
 * The key was redacted on disk: when it matched, the console's key goes out; a wrong one stays wrong
 * (the redaction marker), so a refused request is refused again.
 */
export function resendHeaders(record: Pick<CaptureRecord, 'rawHeaders' | 'id' | 'apiKey'>, apiKey: string): Headers {
  const out: Headers = {};
  const raw = record.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    const lower = name.toLowerCase();
    if (DROPPED.has(lower)) continue;
    const value = lower === 'x-api-key' && raw[i + 1] === REDACTED_KEY && record.apiKey.matched ? apiKey : raw[i + 1]!;
    const prev = out[name];
    out[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  out[REPLAY_HEADER] = record.id;
  return out;
}

/** Headers from the editor: as given, minus the dropped ones; the console's key when none is given. */
export function editedHeaders(edited: Record<string, string>, id: string, apiKey: string): Headers {
  const out: Headers = {};
  for (const [name, value] of Object.entries(edited)) {
    if (DROPPED.has(name.toLowerCase())) continue;
    out[name] = value;
  }
  if (!Object.keys(out).some((k) => k.toLowerCase() === 'x-api-key')) out['x-api-key'] = apiKey;
  out[REPLAY_HEADER] = id;
  return out;
}

export function bodyBytes(record: Pick<CaptureRecord, 'body' | 'bodyBase64'>): Buffer {
  if (record.bodyBase64 !== undefined) return Buffer.from(record.bodyBase64, 'base64');
  return Buffer.from(record.body ?? '', 'utf8');
}

function post(url: URL, method: string, headers: Headers, body: Buffer, signal?: AbortSignal): Promise<Omit<ResendResult, 'captureId' | 'at' | 'url' | 'edited' | 'newCaptureId'>> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const t0 = performance.now();
  return new Promise((resolve) => {
    const done = (r: Omit<ResendResult, 'captureId' | 'at' | 'url' | 'edited' | 'newCaptureId' | 'ms'>) => resolve({ ...r, ms: performance.now() - t0 });
    const failed = (err: unknown) => done({ status: null, headers: {}, body: '', bodyTruncated: false, error: err instanceof Error ? err.message : String(err) });
    let req;
    try {
      req = send(url, { method, headers: { ...headers, 'content-length': String(body.length) }, signal, agent: false }, (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          if (size < ANSWER_CAP) chunks.push(c);
          size += c.length;
        });
        res.on('end', () => {
          const answer: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) answer[k] = Array.isArray(v) ? v.join(', ') : v;
          done({
            status: res.statusCode ?? 0,
            headers: answer,
            body: Buffer.concat(chunks).subarray(0, ANSWER_CAP).toString('utf8'),
            bodyTruncated: size > ANSWER_CAP,
            error: null,
          });
        });
        res.on('error', failed);
      });
    } catch (err) {
      failed(err); // e.g. an invalid header value from the editor
      return;
    }
    req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
    req.on('error', failed);
    req.end(body);
  });
}

function captureIdOf(body: string): string | null {
  try {
    const v = JSON.parse(body) as unknown;
    const id = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)['capture'] : undefined;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });

export async function resend(args: ParsedArgs<'resend'>, deps: ResendDeps): Promise<Result<{ results: ResendResult[] }>> {
  const ids = [...(args.captureIds ?? [])];
  if (args.session) ids.push(...(await deps.sessionCaptureIds(args.session.userId, args.session.sessionId)));
  const records: CaptureRecord[] = [];
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) continue;
    seen.add(id);
    const r = await deps.record(id);
    if (!r) return fail('NOT_FOUND', `No capture ${id} in this data folder.`);
    records.push(r);
  }
  if (records.length === 0) return fail('NOT_FOUND', 'That session has no captures to re-send.');
  records.sort((a, b) => a.seq - b.seq);
  const times = records.map((r) => Date.parse(r.receivedAt));
  const gaps = times.map((t, i) => (args.spacing === 'original' && i > 0 ? Math.max(0, (t - times[i - 1]!) / args.speed) : 0));
  const total = gaps.reduce((a, b) => a + b, 0);
  if (total > MAX_RUN_MS) {
    return fail('BAD_ARGS', `With the original spacing at ×${args.speed} this would take ${Math.ceil(total / 60_000)} minutes; choose a speed of at least ×${Math.ceil((args.speed * total) / MAX_RUN_MS)} (or no spacing).`);
  }
  const url = new URL(args.url ?? deps.defaultUrl());
  const results: ResendResult[] = [];
  for (let i = 0; i < records.length; i++) {
    if (deps.signal?.aborted) break;
    await sleep(gaps[i]!, deps.signal);
    if (deps.signal?.aborted) break;
    const record = records[i]!;
    const at = new Date().toISOString();
    let answer: Awaited<ReturnType<typeof post>>;
    if (args.edit) {
      answer = await post(url, 'POST', editedHeaders(args.edit.headers, record.id, deps.apiKey()), Buffer.from(args.edit.body, 'utf8'), deps.signal);
    } else if (record.bodyTruncated) {
      answer = { status: null, headers: {}, body: '', bodyTruncated: false, ms: 0, error: 'Only the first 64 KiB of this body were kept: it cannot be re-sent byte for byte.' };
    } else {
      answer = await post(url, record.method || 'POST', resendHeaders(record, deps.apiKey()), bodyBytes(record), deps.signal);
    }
    const result: ResendResult = { captureId: record.id, at, url: url.toString(), edited: args.edit !== undefined, ...answer, newCaptureId: captureIdOf(answer.body) };
    results.push(result);
    try {
      await deps.store.add(result);
    } catch {
      // The answer is still returned; only keeping it failed (read-only folder, full disk).
    }
  }
  return ok({ results });
}
