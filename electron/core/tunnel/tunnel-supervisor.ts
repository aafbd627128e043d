import { randomBytes } from 'node:crypto';
import type { TunnelStatus } from '../../../shared/contract';
import { getText, HttpFailure, seconds } from './tunnel-http';
import { TunnelSockets } from './tunnel-sockets';

export const DEFAULT_TUNNEL_HOST = 'https://localtunnel.me';
/** The listener answers this path (plus a nonce) without capturing it; see webhook-listener.ts. */
export const PROBE_PATH = '/.console-probe/';

export interface TunnelSupervisorOptions {
  /** The webhook listener's port (only this port is tunnelled). */
  localPort: number;
  localHost?: string;
  /** Base URL of the localtunnel server; a self-hosted one works the same way. */
  host?: string;
  /** Subdomain to ask for; after the first registration the one the server gave is asked for again. */
  subdomain?: string | null;
  /** Earlier public URLs (kept across restarts), so a different URL after a restart is announced. */
  history?: UrlHistoryEntry[];
  probeIntervalMs?: number;
  probeTimeoutMs?: number;
  registrationTimeoutMs?: number;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  slowProbeMs?: number;
}

export interface TunnelSupervisorStatus extends Omit<TunnelStatus, 'enabled' | 'host'> {
  /** When the next registration attempt is due (only while `offline`). */
  nextRetryAt: string | null;
  /** The subdomain this tunnel asks for; keep it in the settings so the URL survives restarts. */
  subdomain: string | null;
}

export interface UrlHistoryEntry {
  url: string;
  /** When the server first gave this URL. */
  from: string;
  /** When a different URL replaced it (null while it is the latest). */
  to: string | null;
}

/** What a localtunnel server answers to `GET /?new` or `GET /<subdomain>`. */
export interface Registration {
  id: string;
  url: string;
  port: number;
  maxConn: number;
  /** Some servers name the address to connect to; otherwise the server's host name is used. */
  ip: string | null;
}

const HISTORY_LIMIT = 50;
const PROBE_WINDOW = 5;
const MAX_CONNECTIONS = 10;
const GRACE_WAIT_MS = 2_000;
/** After one failed probe, the next one goes out this soon (not a whole interval later). */
const RECHECK_MS = 1_000;

type Settings = Required<Omit<TunnelSupervisorOptions, 'subdomain' | 'history'>>;

interface Session {
  registration: Registration;
  sockets: TunnelSockets;
  abort: AbortController;
  /** Last probe outcomes, newest last (at most PROBE_WINDOW). */
  results: boolean[];
  failuresInRow: number;
  passedOnce: boolean;
  probing: boolean;
  probeAgain: boolean;
  probeTimer: NodeJS.Timeout | null;
  socketOpened: boolean;
}

/**
 * Owns one localtunnel tunnel and tells the truth about it: `online` only after a request went out
 * through the public URL and came back from this console's listener.
 *
 * - registration is our own GET with a deadline (localtunnel's own loop retries forever and never
 *   settles), always asking for the same subdomain;
 * - the connections to the server are ours too (see TunnelSockets), so every failure is seen and
 *   stop() can wait until every socket has closed;
 * - a self-probe goes through the public URL right after registration, every `probeIntervalMs`,
 *   and at once when a connection fails; 2 failures in a row, or the server refusing our
 *   connections, close the tunnel and register again with back-off (1 s doubling to 60 s, reset
 *   when a probe passes).
 */
export class TunnelSupervisor {
  private readonly settings: Settings;
  private requestedSubdomain: string | null;
  private lastGivenId: string | null = null;
  private readonly urls: UrlHistoryEntry[];

  private running = false;
  private generation = 0;
  private session: Session | null = null;
  private registering: AbortController | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private backoffMs: number;
  /** Everything asynchronous of ours that stop() must wait for. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private stopping: Promise<void> | null = null;

  private current: TunnelSupervisorStatus;
  private readonly changeListeners = new Set<(status: TunnelSupervisorStatus) => void>();
  private readonly urlListeners = new Set<(previous: string | null, next: string) => void>();

  constructor(options: TunnelSupervisorOptions) {
    this.settings = {
      localPort: options.localPort,
      localHost: options.localHost ?? '127.0.0.1',
      host: (options.host ?? DEFAULT_TUNNEL_HOST).replace(/\/+$/, ''),
      probeIntervalMs: options.probeIntervalMs ?? 10_000,
      probeTimeoutMs: options.probeTimeoutMs ?? 5_000,
      registrationTimeoutMs: options.registrationTimeoutMs ?? 10_000,
      backoffInitialMs: options.backoffInitialMs ?? 1_000,
      backoffMaxMs: options.backoffMaxMs ?? 60_000,
      slowProbeMs: options.slowProbeMs ?? 2_000,
    };
    const base = new URL(this.settings.host); // throws early on a malformed host
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Error(`The tunnel server must be an http(s) URL, not ${this.settings.host}`);
    this.requestedSubdomain = options.subdomain?.trim() || null;
    this.urls = (options.history ?? []).slice(-HISTORY_LIMIT).map((e) => ({ ...e }));
    this.backoffMs = this.settings.backoffInitialMs;
    this.current = { state: 'off', publicUrl: null, since: null, reason: null, nextRetryAt: null, subdomain: this.requestedSubdomain };
  }

  // ── public API ────────────────────────────────────────────────────────────────────────────

  start(): void {
    if (this.running) return;
    this.running = true;
    this.generation++;
    this.backoffMs = this.settings.backoffInitialMs;
    this.register();
  }

  /** Closes the tunnel, clears every timer, aborts registration and probes; resolves once nothing of ours is left. */
  stop(): Promise<void> {
    if (this.running || this.session || this.registering || this.retryTimer) {
      this.running = false;
      this.generation++;
      this.clearRetry();
      this.registering?.abort();
      this.registering = null;
      this.endSession();
      this.update({ state: 'off', publicUrl: null, reason: null, nextRetryAt: null });
    }
    this.stopping ??= this.drain().finally(() => {
      this.stopping = null;
    });
    return this.stopping;
  }

  /** The listener moved: new public requests go to the new port (no new registration needed). */
  setLocalPort(port: number): void {
    if (port === this.settings.localPort) return;
    this.settings.localPort = port;
    if (this.session) this.probeSoon(this.session);
  }

  /**
   * Check the tunnel now rather than at the next interval (the computer woke from sleep; see
   * electron/core/power): a probe at once when a tunnel is open, so a server that forgot it during
   * the sleep is noticed in seconds and the tunnel registers again; a registration at once, with
   * the back-off reset, when waiting to retry. A registration in flight has its own deadline.
   */
  probeNow(): 'probing' | 'registering' | 'idle' {
    if (!this.running) return 'idle';
    if (this.session) {
      this.probeSoon(this.session);
      return 'probing';
    }
    if (this.registering) return 'registering';
    if (this.retryTimer) {
      this.clearRetry();
      this.backoffMs = this.settings.backoffInitialMs;
      this.register();
      return 'registering';
    }
    return 'idle';
  }

  status(): TunnelSupervisorStatus {
    return { ...this.current };
  }

  /** Fires on every change of state, URL, reason or retry time. Returns an unsubscribe function. */
  onChange(listener: (status: TunnelSupervisorStatus) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Fires when the server gives a public URL different from the previous one: the Asleep callback URL must be updated. */
  onUrlChange(listener: (previous: string | null, next: string) => void): () => void {
    this.urlListeners.add(listener);
    return () => this.urlListeners.delete(listener);
  }

  /** Every public URL this tunnel had, oldest first. */
  history(): UrlHistoryEntry[] {
    return this.urls.map((e) => ({ ...e }));
  }

  // ── registration ──────────────────────────────────────────────────────────────────────────

  private register(): void {
    const generation = this.generation;
    const abort = new AbortController();
    this.registering = abort;
    // The last failure's reason stays visible while we try again.
    this.update({ state: 'connecting', nextRetryAt: null });
    const subdomain = this.requestedSubdomain ?? this.lastGivenId;
    const url = `${this.settings.host}/${subdomain ? encodeURIComponent(subdomain) : '?new'}`;
    const work = requestRegistration(url, this.settings.registrationTimeoutMs, abort.signal, this.serverLabel).then(
      (registration) => {
        if (generation !== this.generation) return;
        this.registering = null;
        this.beginSession(registration);
      },
      (err: unknown) => {
        if (generation !== this.generation) return;
        this.registering = null;
        this.goOffline(err instanceof Error ? err.message : String(err));
      },
    );
    this.hold(work);
  }

  private beginSession(registration: Registration): void {
    this.lastGivenId = registration.id;
    const remoteHost = registration.ip ?? new URL(this.settings.host).hostname;
    const sockets = new TunnelSockets(
      {
        remoteHost,
        remotePort: registration.port,
        count: Math.max(1, Math.min(MAX_CONNECTIONS, registration.maxConn)),
        local: () => ({ host: this.settings.localHost, port: this.settings.localPort }),
        connectTimeoutMs: this.settings.registrationTimeoutMs,
      },
      {
        onOpen: () => {
          if (this.session !== session || session.socketOpened) return;
          session.socketOpened = true;
          this.probeSoon(session); // the first probe goes out as soon as the tunnel can carry it
        },
        onTrouble: () => {
          if (this.session === session) this.probeSoon(session);
        },
        onLost: (why) => {
          if (this.session !== session) return;
          this.goOffline(`The tunnel server at ${this.serverLabel} dropped this tunnel: ${why} (it restarted or forgot the tunnel).`);
        },
      },
    );
    const session: Session = {
      registration,
      sockets,
      abort: new AbortController(),
      results: [],
      failuresInRow: 0,
      passedOnce: false,
      probing: false,
      probeAgain: false,
      probeTimer: null,
      socketOpened: false,
    };
    this.session = session;
    const previousUrl = this.recordUrl(registration.url);
    this.update({
      state: 'connecting',
      publicUrl: registration.url,
      reason: null,
      nextRetryAt: null,
      subdomain: this.requestedSubdomain ?? registration.id,
    });
    if (previousUrl !== null) {
      for (const listener of [...this.urlListeners]) safely(() => listener(previousUrl, registration.url));
    }
    if (this.session !== session) return; // a listener stopped us
    sockets.start();
    // If no connection opens at all, the probe still runs (and says why) after a short wait.
    this.scheduleProbe(session, Math.min(this.settings.probeTimeoutMs, this.settings.probeIntervalMs));
  }

  /** Adds the URL to the history; returns the URL it replaced (null if unchanged or the first one). */
  private recordUrl(url: string): string | null {
    const last = this.urls.at(-1);
    if (last?.url === url) return null;
    const now = new Date().toISOString();
    if (last) last.to = now;
    this.urls.push({ url, from: now, to: null });
    if (this.urls.length > HISTORY_LIMIT) this.urls.splice(0, this.urls.length - HISTORY_LIMIT);
    return last?.url ?? null;
  }

  // ── probing ───────────────────────────────────────────────────────────────────────────────

  private scheduleProbe(session: Session, delayMs: number): void {
    if (session.probeTimer) clearTimeout(session.probeTimer);
    session.probeTimer = setTimeout(() => {
      session.probeTimer = null;
      this.probe(session);
    }, delayMs);
  }

  private probeSoon(session: Session): void {
    if (session.probing) {
      session.probeAgain = true;
      return;
    }
    this.scheduleProbe(session, 0);
  }

  private probe(session: Session): void {
    if (this.session !== session || session.probing) return;
    session.probing = true;
    session.probeAgain = false;
    const publicUrl = session.registration.url.replace(/\/+$/, '');
    const nonce = randomBytes(12).toString('base64url');
    const work = getText(`${publicUrl}${PROBE_PATH}${nonce}`, {
      timeoutMs: this.settings.probeTimeoutMs,
      signal: session.abort.signal,
      headers: { 'bypass-tunnel-reminder': '1', connection: 'keep-alive', 'cache-control': 'no-store' },
    }).then(
      (answer) => {
        const why = judgeProbe(answer.status, answer.headers['content-type'], answer.body, nonce);
        // A 404 on the probe path comes from the tunnel server (the listener always answers it): the server no longer knows this tunnel.
        return why === null ? { ok: true as const, ms: answer.ms } : { ok: false as const, why, unknownToServer: answer.status === 404 };
      },
      (err: unknown) => {
        if (err instanceof HttpFailure) {
          if (err.kind === 'aborted') return null;
          return { ok: false as const, why: err.message, unknownToServer: false };
        }
        return { ok: false as const, why: err instanceof Error ? err.message : String(err), unknownToServer: false };
      },
    );
    this.hold(
      work.then((result) => {
        session.probing = false;
        if (this.session !== session || result === null) return;
        if (result.ok) this.probePassed(session, publicUrl, result.ms);
        else {
          const socketsDown = session.sockets.openCount === 0 && session.sockets.lastError ? ` (${session.sockets.lastError})` : '';
          this.probeFailed(session, `Probe through ${publicUrl} failed: ${result.why}${socketsDown}.`, result.unknownToServer);
        }
      }),
    );
  }

  private probePassed(session: Session, publicUrl: string, ms: number): void {
    session.passedOnce = true;
    session.failuresInRow = 0;
    pushResult(session.results, true);
    this.backoffMs = this.settings.backoffInitialMs;
    const failures = session.results.filter((r) => !r).length;
    if (ms > this.settings.slowProbeMs) {
      this.update({ state: 'degraded', reason: `The tunnel is slow: a probe through ${publicUrl} took ${seconds(ms)}.`, nextRetryAt: null });
    } else if (failures > 0) {
      const lastFailure = this.current.reason?.startsWith('Probe through') ? ` Last failure: ${this.current.reason}` : '';
      this.update({
        state: 'degraded',
        reason: `The tunnel is unreliable: ${failures} of the last ${session.results.length} probes through ${publicUrl} failed.${lastFailure}`,
        nextRetryAt: null,
      });
    } else {
      this.update({ state: 'online', reason: null, nextRetryAt: null });
    }
    this.afterProbe(session, this.settings.probeIntervalMs);
  }

  private probeFailed(session: Session, reason: string, unknownToServer: boolean): void {
    session.failuresInRow++;
    pushResult(session.results, false);
    if (session.failuresInRow >= 2) {
      this.goOffline(reason, { serverMayHoldSubdomain: !unknownToServer });
      return;
    }
    // One failure: say so, and check again soon rather than after a full interval.
    this.update({ state: session.passedOnce ? 'degraded' : 'connecting', reason, nextRetryAt: null });
    this.afterProbe(session, Math.min(this.settings.probeIntervalMs, RECHECK_MS));
  }

  private afterProbe(session: Session, delayMs: number): void {
    if (this.session !== session) return;
    // Something happened during the probe: look again shortly (leaving reconnects a moment).
    this.scheduleProbe(session, session.probeAgain ? Math.min(delayMs, 500) : delayMs);
  }

  // ── failure and back-off ──────────────────────────────────────────────────────────────────

  private goOffline(reason: string, { serverMayHoldSubdomain = true } = {}): void {
    const hadConnections = (this.session?.sockets.openCount ?? 0) > 0;
    this.endSession();
    if (!this.running) return;
    // A server that still held our connections keeps the subdomain ~1 s after they close (localtunnel's
    // grace period); asking again sooner would get a different, random subdomain.
    const delay = hadConnections && serverMayHoldSubdomain ? Math.max(this.backoffMs, GRACE_WAIT_MS) : this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, this.settings.backoffMaxMs);
    const generation = this.generation;
    this.clearRetry();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (generation === this.generation && this.running) this.register();
    }, delay);
    this.update({ state: 'offline', reason, nextRetryAt: new Date(Date.now() + delay).toISOString() });
  }

  private endSession(): void {
    const session = this.session;
    if (!session) return;
    this.session = null;
    if (session.probeTimer) clearTimeout(session.probeTimer);
    session.probeTimer = null;
    session.abort.abort();
    this.hold(session.sockets.close());
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  // ── bookkeeping ───────────────────────────────────────────────────────────────────────────

  private get serverLabel(): string {
    return new URL(this.settings.host).host;
  }

  private hold(work: Promise<unknown>): void {
    const tracked = work.catch(() => undefined);
    this.inFlight.add(tracked);
    void tracked.then(() => this.inFlight.delete(tracked));
  }

  private async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private update(patch: Partial<TunnelSupervisorStatus>): void {
    const next: TunnelSupervisorStatus = { ...this.current, ...patch };
    if (next.state !== this.current.state) next.since = new Date().toISOString();
    const changed = (Object.keys(next) as (keyof TunnelSupervisorStatus)[]).some((k) => next[k] !== this.current[k]);
    if (!changed) return;
    this.current = next;
    for (const listener of [...this.changeListeners]) safely(() => listener({ ...next }));
  }
}

/** `GET <host>/?new` or `GET <host>/<subdomain>`, with a deadline; rejects with a sentence a researcher can act on. */
export async function requestRegistration(url: string, timeoutMs: number, signal: AbortSignal, serverLabel: string): Promise<Registration> {
  let answer;
  try {
    answer = await getText(url, { timeoutMs, signal });
  } catch (err) {
    if (err instanceof HttpFailure && err.kind === 'timeout') throw new Error(`The tunnel server at ${serverLabel} did not answer within ${seconds(timeoutMs)}.`);
    if (err instanceof HttpFailure && err.kind === 'aborted') throw err;
    throw new Error(`Could not reach the tunnel server at ${serverLabel}: ${err instanceof Error ? err.message : String(err)}.`);
  }
  let body: unknown = null;
  try {
    body = JSON.parse(answer.body);
  } catch {
    // handled below
  }
  const message = isRecord(body) && typeof body.message === 'string' ? body.message : null;
  if (answer.status !== 200) {
    const said = message ?? (answer.body.trim().slice(0, 200) || 'no explanation');
    throw new Error(`The tunnel server refused to register: ${said} (HTTP ${answer.status}).`);
  }
  const registration = parseRegistration(body);
  if (typeof registration === 'string') {
    throw new Error(`The tunnel server at ${serverLabel} answered with something that is not a localtunnel registration (${registration}).`);
  }
  return registration;
}

/** Validates a registration answer; returns what is wrong with it as a string. */
export function parseRegistration(body: unknown): Registration | string {
  if (!isRecord(body)) return 'not a JSON object';
  const { id, url, port, max_conn_count: maxConn, ip } = body;
  if (typeof id !== 'string' || id.length === 0) return 'no id';
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65_535) return 'no valid port';
  if (typeof url !== 'string') return 'no url';
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return `url ${url} is not http(s)`;
  } catch {
    return `url ${JSON.stringify(url).slice(0, 100)} is not a URL`;
  }
  return {
    id,
    url: url.replace(/\/+$/, ''),
    port,
    maxConn: typeof maxConn === 'number' && Number.isInteger(maxConn) && maxConn > 0 ? maxConn : 1,
    ip: typeof ip === 'string' && ip.length > 0 ? ip : null,
  };
}

/** Why a probe answer does not prove the tunnel reaches THIS console (null if it does). */
export function judgeProbe(status: number, contentType: string | undefined, body: string, nonce: string): string | null {
  const snippet = body.replace(/\s+/g, ' ').trim().slice(0, 160);
  if (status !== 200) return `the public URL answered HTTP ${status}${snippet ? `: ${snippet}` : ''}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return contentType?.includes('html')
      ? 'the public URL answered with a web page instead of this console (the tunnel reminder page or another service)'
      : `the public URL answered something other than this console${snippet ? `: ${snippet}` : ''}`;
  }
  if (!isRecord(parsed) || typeof parsed.probe !== 'string') return 'the public URL answered JSON that is not from this console';
  if (parsed.probe !== nonce) return 'the answer came from a different console or a stale tunnel (wrong probe token)';
  return null;
}

function pushResult(results: boolean[], ok: boolean): void {
  results.push(ok);
  if (results.length > PROBE_WINDOW) results.shift();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A listener that throws must not take the tunnel down with it. */
function safely(fn: () => void): void {
  try {
    fn();
  } catch {
    // ignored on purpose: the supervisor's own state stays consistent either way
  }
}

