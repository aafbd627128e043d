// Sends a planned simulation over HTTP, as Asleep's servers would: POST with keep-alive, on the
// schedule of `t` scaled by the speed (1 = real time, 60 = an hour per minute, 'max' = no waiting).
// Requests of one session go one after the other (the next waits for the answer, so the console sees
// them in the planned order); different sessions are sent side by side.
import { setMaxListeners } from 'node:events';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Speed } from '../../../shared/simulator/options';
import type { PlannedRequest } from '../../../shared/simulator/traffic';

export interface SendOptions {
  url: string;
  speed: Speed;
  /** Stops waiting and sending; requests in flight are cancelled. */
  signal?: AbortSignal;
  /** Called once per request, as soon as it is answered (or failed). */
  onResult?: (result: SendResult) => void;
  /** Sessions sent side by side (default 8). */
  concurrency?: number;
  /** No answer within this time counts as unreachable (default 30 s: Asleep's limit). */
  timeoutMs?: number;
  /**
   * Stop at once when the very first request cannot reach the URL (nothing answered yet): the
   * console is not there, waiting out a whole night would help nobody (default true).
   */
  stopWhenFirstUnreachable?: boolean;
}

export interface SendResult {
  /** Index in the plan. */
  index: number;
  request: PlannedRequest;
  /** HTTP status, or null when no answer came (connection refused, timeout, ...). */
  status: number | null;
  /** The answer body (at most 64 KiB). */
  body: string;
  /** The console's capture id from a `{capture: "c12"}` answer. */
  captureId: string | null;
  /** Round trip in ms. */
  ms: number;
  /** Why there was no answer. */
  error: string | null;
  /** When it was sent, ms after the run started. */
  sentAt: number;
}

export interface SendSummary {
  results: SendResult[];
  /** Requests attempted (answered or not). */
  sent: number;
  ok: number;
  clientErrors: number;
  serverErrors: number;
  /** Answered with another status (1xx/3xx). */
  otherStatus: number;
  unreachable: number;
  /** Planned but never attempted (stopped early). */
  notSent: number;
  elapsedMs: number;
  aborted: boolean;
  /** Why the run stopped early, if it did. */
  stopReason: string | null;
}

const BODY_CAP = 64 * 1024;

class Stop extends Error {}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Stop());
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Stop());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function describeError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const code = typeof e?.code === 'string' ? e.code : null;
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'ECONNREFUSED') return `connection refused (${message.replace(/^connect ECONNREFUSED /, '')})`;
  if (code === 'ENOTFOUND') return `host not found (${message})`;
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

interface Transport {
  post(url: URL, headers: Record<string, string>, body: string, timeoutMs: number, signal: AbortSignal): Promise<{ status: number; body: string }>;
  close(): void;
}

function transport(url: URL, sockets: number): Transport {
  const https = url.protocol === 'https:';
  const agent = https
    ? new HttpsAgent({ keepAlive: true, maxSockets: sockets })
    : new HttpAgent({ keepAlive: true, maxSockets: sockets });
  const send = https ? httpsRequest : httpRequest;
  return {
    post: (target, headers, body, timeoutMs, signal) =>
      new Promise((resolve, reject) => {
        const payload = Buffer.from(body, 'utf8');
        const req = send(
          target,
          { method: 'POST', agent, signal, headers: { ...headers, 'content-length': String(payload.length) } },
          (res: IncomingMessage) => {
            const chunks: Buffer[] = [];
            let size = 0;
            res.on('data', (c: Buffer) => {
              if (size < BODY_CAP) chunks.push(c);
              size += c.length;
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8').slice(0, BODY_CAP) }));
            res.on('error', reject);
          },
        );
        req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
        req.on('error', reject);
        req.end(payload);
      }),
    close: () => agent.destroy(),
  };
}

function captureIdOf(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as unknown;
    const id = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>)['capture'] : undefined;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}

/** Milliseconds after the run's start at which a request at schedule time `t` is due. */
export function dueAt(t: number, speed: Speed): number {
  return speed === 'max' ? 0 : t / speed;
}

/** Sends every planned request (see the file comment). Never throws for network errors: they are results. */
export async function sendPlan(plan: readonly PlannedRequest[], options: SendOptions): Promise<SendSummary> {
  const url = new URL(options.url);
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const stopWhenFirstUnreachable = options.stopWhenFirstUnreachable ?? true;
  const controller = new AbortController();
  const outer = options.signal;
  const onOuterAbort = () => controller.abort();
  if (outer?.aborted) controller.abort();
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  const signal = controller.signal;
  // Every waiting lane and every request in flight listens to it: not a leak.
  setMaxListeners(0, signal);
  const http = transport(url, concurrency);

  const results: SendResult[] = [];
  let answered = 0;
  let stopReason: string | null = null;
  const started = performance.now();
  const now = () => performance.now() - started;

  // One lane per session, in plan order. All lanes wait for their schedule side by side; at most
  // `concurrency` requests are in flight at once.
  const lanes = new Map<number, number[]>();
  plan.forEach((r, i) => {
    const lane = lanes.get(r.session) ?? [];
    lane.push(i);
    lanes.set(r.session, lane);
  });
  let free = concurrency;
  const waiting: (() => void)[] = [];
  const acquire = async (): Promise<void> => {
    if (free > 0) {
      free--;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else free++;
  };

  const sendOne = async (index: number): Promise<void> => {
    const request = plan[index]!;
    const due = dueAt(request.t, options.speed);
    // In steps of at most an hour: setTimeout cannot wait more than 24.8 days (many nights at real time).
    for (let left = due - now(); left > 0; left = due - now()) await wait(Math.min(left, 3_600_000), signal);
    await acquire();
    let result: SendResult;
    try {
      if (signal.aborted) throw new Stop();
      const sentAt = now();
      const t0 = performance.now();
      try {
        const answer = await http.post(url, request.headers, request.body, timeoutMs, signal);
        answered++;
        result = { index, request, status: answer.status, body: answer.body, captureId: captureIdOf(answer.body), ms: performance.now() - t0, error: null, sentAt };
      } catch (err) {
        if (signal.aborted) throw new Stop();
        result = { index, request, status: null, body: '', captureId: null, ms: performance.now() - t0, error: describeError(err), sentAt };
      }
    } finally {
      release();
    }
    results.push(result);
    options.onResult?.(result);
    if (result.status === null && answered === 0 && stopWhenFirstUnreachable) {
      stopReason = `could not reach ${options.url}: ${result.error}`;
      controller.abort();
    }
  };

  const runLane = async (lane: number[]): Promise<void> => {
    try {
      for (const index of lane) await sendOne(index);
    } catch (err) {
      if (!(err instanceof Stop)) throw err;
    }
  };

  try {
    await Promise.all([...lanes.values()].map(runLane));
  } finally {
    outer?.removeEventListener('abort', onOuterAbort);
    http.close();
  }

  results.sort((a, b) => a.index - b.index);
  const count = (test: (s: number) => boolean) => results.filter((r) => r.status !== null && test(r.status)).length;
  return {
    results,
    sent: results.length,
    ok: count((s) => s >= 200 && s < 300),
    clientErrors: count((s) => s >= 400 && s < 500),
    serverErrors: count((s) => s >= 500),
    otherStatus: count((s) => s < 200 || (s >= 300 && s < 400)),
    unreachable: results.filter((r) => r.status === null).length,
    notSent: plan.length - results.length,
    elapsedMs: now(),
    aborted: signal.aborted && stopReason === null,
    stopReason,
  };
}
