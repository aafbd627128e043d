import type { IncomingMessage, ServerResponse } from 'node:http';
import { PROBE_PREFIX, type WebhookListener } from '../listener/webhook-listener';

export interface HoldLimits {
  /** Requests kept waiting at most; more are answered 503 at once. */
  maxHeld: number;
  /** After this long, every held request (and every new one) is answered 503 with Retry-After. */
  maxMs: number;
}

const DEFAULT_LIMITS: HoldLimits = { maxHeld: 1_000, maxMs: 20_000 };
const PROBE_RE = new RegExp(`^${PROBE_PREFIX.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}([A-Za-z0-9_-]{8,64})$`);

/**
 * While the data folder switches (old store closed, new one opening) the webhook port stays open
 * and each request waits here, unanswered and unread, instead of being refused: once the listener
 * serves the new core, the waiting requests are handed to it and answered as usual (stored first,
 * then 2xx). Nothing is acknowledged by anyone in between, so nothing can be acknowledged and lost.
 * If the switch takes too long, the waiting senders get 503 with Retry-After (Asleep retries) and
 * are not captured: they were never read. The tunnel's self-probe is answered at once, so the
 * public URL does not look broken during the switch.
 */
export class RequestHold {
  private held: { req: IncomingMessage; res: ServerResponse }[] = [];
  private readonly timer: NodeJS.Timeout;
  private expired = false;
  private released = false;
  private taken = 0;

  constructor(
    private readonly listener: WebhookListener,
    private readonly limits: HoldLimits = DEFAULT_LIMITS,
  ) {
    listener.setGate((req, res) => this.take(req, res));
    this.timer = setTimeout(() => this.expire(), limits.maxMs);
    this.timer.unref();
  }

  /** Requests that waited here in all (answered by the new core, or 503 after the time limit). */
  get total(): number {
    return this.taken;
  }

  /** The listener serves the new core now: let every waiting request in, in arrival order, and open the door. */
  release(): void {
    if (this.released) return;
    this.released = true;
    clearTimeout(this.timer);
    this.listener.setGate(null);
    const waiting = this.held;
    this.held = [];
    for (const { req, res } of waiting) {
      // A sender that gave up meanwhile has nothing left to answer.
      if (res.destroyed || req.socket.destroyed) continue;
      this.listener.dispatch(req, res);
    }
  }

  private take(req: IncomingMessage, res: ServerResponse): true {
    const probe = PROBE_RE.exec((req.url ?? '').split('?')[0] ?? '');
    if (probe && req.method === 'GET') {
      req.resume();
      send(res, 200, { probe: probe[1] }, { 'cache-control': 'no-store' });
    } else if (this.expired || this.held.length >= this.limits.maxHeld) refuse(req, res);
    else {
      this.held.push({ req, res });
      this.taken++;
    }
    return true;
  }

  private expire(): void {
    this.expired = true;
    const waiting = this.held;
    this.held = [];
    for (const { req, res } of waiting) refuse(req, res);
  }
}

function refuse(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  send(
    res,
    503,
    { error: 'storage_unavailable', message: 'The console is moving its data folder; try again in a few seconds.' },
    { 'retry-after': '5', connection: 'close' },
  );
}

function send(res: ServerResponse, status: number, body: unknown, extra: Record<string, string>): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...extra });
  res.end(text);
}
