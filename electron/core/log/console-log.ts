import { join } from 'node:path';
import type { CaptureSummary } from '../../../shared/capture';
import type { CommandHandlers, ConsoleStatus, EventName, EventPayloads } from '../../../shared/contract';
import { corruptFileKey } from '../../../shared/corrupt-file-key';
import type { SessionSummary } from '../../../shared/session';
import { FloodGuard } from './flood-guard';
import { Logger, rememberSecret } from './logger';
import { RotatingFile, type RotatingFileOptions } from './rotating-file';
import { version as APP_VERSION } from '../../../package.json';

export { APP_VERSION };

/** `<data folder>/logs`: console.log and its rotated predecessors. */
export function logsDir(dataDir: string): string {
  return join(dataDir, 'logs');
}

/** What the log watches; ConsoleCore has all of it. */
export interface LoggedCore {
  on(listener: <E extends EventName>(event: E, payload: EventPayloads[E]) => void): () => void;
  status(): ConsoleStatus;
  readonly handlers: Pick<CommandHandlers, 'listSessions'>;
}

export interface ConsoleLog {
  readonly logger: Logger;
  readonly file: RotatingFile;
  /** Subscribe to a core's events and write the start line. */
  watch(core: LoggedCore): void;
  /** The stop line, then the file is flushed and closed. */
  close(reason?: string): Promise<void>;
}

/**
 * The operator's log for one data folder (`logs/console.log`, rotated at 5 MiB, 5 files kept):
 * start and stop, every refused request (status, reason, address; never a key), storage failures
 * and recoveries, tunnel state and URL changes, forwarding failures, files moved aside, sessions
 * completed or gone stale. Everything is derived from the core's own events and status snapshots,
 * so the core needs no logging calls of its own. A flood of refused requests is logged as its first
 * 100 lines per 10 s plus one summary line (see FloodGuard).
 */
export function openConsoleLog(dataDir: string, options: Partial<RotatingFileOptions> = {}): ConsoleLog {
  const file = new RotatingFile({ ...options, dir: logsDir(dataDir) });
  const logger = new Logger((line) => file.write(line));
  let unsubscribe: (() => void) | null = null;
  return {
    logger,
    file,
    watch(core) {
      unsubscribe?.();
      unsubscribe = watchCore(core, logger);
    },
    async close(reason = 'closed') {
      unsubscribe?.();
      unsubscribe = null;
      logger.info('console.stopped', `Console stopped (${reason}).`, { version: APP_VERSION, pid: process.pid });
      await file.close();
    },
  };
}

function watchCore(core: LoggedCore, log: Logger): () => void {
  let last = core.status();
  rememberSecret(last.apiKey);
  const s = last;
  log.info('console.started', `Asleep webhook console ${APP_VERSION} (${s.shell}) started on ${s.storage.dataDir}; webhooks at ${s.webhookUrl}.`, {
    version: APP_VERSION,
    shell: s.shell,
    dataDir: s.storage.dataDir,
    port: s.port,
    path: s.path,
    webhookUrl: s.webhookUrl,
    listening: s.listening,
    pid: process.pid,
    node: process.version,
    captures: s.storage.captureCount,
    rejected: s.storage.rejectedCount,
  });
  if (s.listenError) log.error('listener.failed', `The webhook listener is not running: ${s.listenError}`, { port: s.port });
  for (const c of s.storage.corruptFiles) logCorrupt(log, c);
  if (s.tunnel.enabled) log.info('tunnel.state', `Tunnel ${s.tunnel.state}.`, tunnelFields(s));

  const sessionStates = new Map<string, SessionSummary['state']>();
  void core.handlers
    .listSessions({})
    .then((r) => {
      if (!r.ok) return;
      for (const x of r.value.items) if (!sessionStates.has(key(x))) remember(sessionStates, key(x), x.state);
    })
    .catch(() => undefined);

  const flood = new FloodGuard((counts, windowMs) => {
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([k, n]) => `${k} ×${n}`).join('; ');
    log.warn(
      'webhook.rejected-summary',
      `${total} more refused requests within ${windowMs / 1000} s were not logged one by one (each is still a rejected capture in the console): ${top}${counts.size > 5 ? '; …' : ''}.`,
      { count: total, windowMs, by: Object.fromEntries(counts) },
    );
  });

  const unsubscribe = core.on((event, payload) => {
    try {
      if (event === 'captureAdded') logCapture(log, payload as CaptureSummary, flood);
      else if (event === 'sessionUpdated') logSession(log, payload as SessionSummary, sessionStates);
      else if (event === 'tunnelUrlChanged') {
        const p = payload as EventPayloads['tunnelUrlChanged'];
        log.warn('tunnel.url-changed', `The public URL changed from ${p.previous ?? '(none)'} to ${p.next}: Asleep's callback URL must be updated to ${p.webhookUrl}.`, p);
      } else if (event === 'statusChanged') {
        const next = payload as ConsoleStatus;
        logStatusChange(log, last, next);
        last = next;
      }
    } catch {
      // The log never breaks the event flow it watches.
    }
  });
  return () => {
    unsubscribe();
    flood.flush();
  };
}

function key(s: { userId: string; sessionId: string }): string {
  return `${s.userId}/${s.sessionId}`;
}

function logCapture(log: Logger, c: CaptureSummary, flood: FloodGuard): void {
  if (c.status === 200 && c.stage === 'done') return;
  if (!flood.admit(`${c.status} from ${c.remoteAddress ?? 'unknown'}`)) return;
  const fields = { capture: c.id, status: c.status, stage: c.stage, reason: c.reason, remoteAddress: c.remoteAddress, method: c.method, path: c.path, via: c.via ?? null, size: c.size };
  const who = c.remoteAddress ?? 'an unknown address';
  const msg = c.status === 0 ? `Request from ${who} broke off: ${c.reason ?? ''}` : `Refused ${c.method} ${c.path} from ${who} with ${c.status}: ${c.reason ?? ''}`;
  if (c.status >= 500) log.error('webhook.rejected', msg, fields);
  else log.warn('webhook.rejected', msg, fields);
}

/**
 * memory: the log keeps the last state of at most MAX_TRACKED_NIGHTS nights, the least recently
 * updated going first, so a console that has seen a million nights keeps no more than after 5,000.
 * A night forgotten here and updated again is logged as a transition once more (rare and harmless).
 */
const MAX_TRACKED_NIGHTS = 5_000;

function remember(states: Map<string, SessionSummary['state']>, k: string, state: SessionSummary['state']): void {
  states.delete(k); // re-inserted last: the Map's order is least recently updated first
  states.set(k, state);
  if (states.size > MAX_TRACKED_NIGHTS) states.delete(states.keys().next().value!);
}

function logSession(log: Logger, s: SessionSummary, states: Map<string, SessionSummary['state']>): void {
  const previous = states.get(key(s));
  remember(states, key(s), s.state);
  if (previous === s.state) return;
  const fields = { userId: s.userId, sessionId: s.sessionId, previous: previous ?? null, state: s.state, lastChunkAt: s.lastChunkAt, epochs: s.epochCount };
  if (s.state === 'complete') log.info('session.completed', `Session ${key(s)} completed (${s.epochCount} epochs, ${s.chunkCount} chunks).`, fields);
  else if (s.state === 'stale') log.warn('session.stale', `Session ${key(s)} is stale: no chunk since ${s.lastChunkAt ?? s.lastEventAt}.`, fields);
  else if (previous === undefined) log.info('session.started', `Session ${key(s)} started.`, fields);
  else log.info('session.resumed', `Session ${key(s)} is receiving chunks again.`, fields);
}

function tunnelFields(s: ConsoleStatus): Record<string, unknown> {
  const t = s.tunnel;
  return { state: t.state, reason: t.reason, publicUrl: t.publicUrl, host: t.host, subdomain: t.subdomain, nextRetryAt: t.nextRetryAt };
}

function logCorrupt(log: Logger, c: ConsoleStatus['storage']['corruptFiles'][number]): void {
  const msg = c.movedTo ? `Unreadable file ${c.file} moved aside to ${c.movedTo}: ${c.reason}` : `Unreadable file ${c.file} left in place: ${c.reason}`;
  log.warn('storage.corrupt-file', msg, { ...c });
}

function logStatusChange(log: Logger, a: ConsoleStatus, b: ConsoleStatus): void {
  if (b.apiKey !== a.apiKey) {
    rememberSecret(b.apiKey);
    log.info('settings.api-key-changed', 'The API key was changed; senders must use the new key.');
  }
  if (b.port !== a.port || b.path !== a.path) log.info('listener.address', `Webhooks now at ${b.webhookUrl}.`, { port: b.port, path: b.path });
  if (b.listenError !== a.listenError) {
    if (b.listenError) log.error('listener.failed', `The webhook listener is not running: ${b.listenError}`, { port: b.port });
    else log.info('listener.started', `The webhook listener is running at ${b.webhookUrl}.`, { port: b.port });
  }
  if (b.storage.error !== a.storage.error) {
    if (b.storage.error) log.error('storage.failed', `${b.storage.error} Webhooks are answered 503 until the folder is writable again.`, { dataDir: b.storage.dataDir });
    else log.info('storage.recovered', `Writing to ${b.storage.dataDir} works again; webhooks are accepted.`, { dataDir: b.storage.dataDir, after: a.storage.error });
  }
  const seen = new Set(a.storage.corruptFiles.map(corruptFileKey));
  for (const c of b.storage.corruptFiles) if (!seen.has(corruptFileKey(c))) logCorrupt(log, c);
  const ta = a.tunnel;
  const tb = b.tunnel;
  if (tb.state !== ta.state || tb.reason !== ta.reason || tb.publicUrl !== ta.publicUrl || tb.enabled !== ta.enabled) {
    const msg = `Tunnel ${tb.state}${tb.publicUrl ? ` at ${tb.publicUrl}` : ''}${tb.reason ? `: ${tb.reason}` : ''}${tb.nextRetryAt ? ` (next try ${tb.nextRetryAt})` : ''}.`;
    const level = tb.state === 'offline' || tb.state === 'degraded' ? 'warn' : 'info';
    log.write(level, 'tunnel.state', msg, { ...tunnelFields(b), previous: ta.state });
  }
  const fa = a.forwarding;
  const fb = b.forwarding;
  if (fb) {
    if (fb.enabled !== fa?.enabled || fb.url !== fa?.url) log.info('forwarding.config', fb.enabled ? `Forwarding to ${fb.url}.` : 'Forwarding is off.', { enabled: fb.enabled, url: fb.url });
    const le = fb.lastError;
    if (le && (le.at !== fa?.lastError?.at || le.captureId !== fa?.lastError?.captureId)) {
      log.warn('forwarding.failed', `Forwarding ${le.captureId} to ${fb.url ?? 'the backend'} failed: ${le.message}`, { capture: le.captureId, url: fb.url, at: le.at, queue: fb.queueLength });
    }
    const before = new Set((fa?.dead ?? []).map((d) => d.captureId));
    for (const d of fb.dead) {
      if (!before.has(d.captureId)) {
        log.error('forwarding.dead-letter', `Gave up forwarding ${d.captureId} after ${d.attempts} attempts: ${d.lastError ?? 'no answer'}. Retry it from Setup → Forwarding.`, { capture: d.captureId, attempts: d.attempts });
      }
    }
  }
  const ma = a.answerMode;
  const mb = b.answerMode;
  if (mb && (mb.status !== ma?.status || mb.delayMs !== ma?.delayMs)) {
    log.warn('answer-mode', mb.status === null && mb.delayMs === 0 ? 'Answer mode is off: webhooks get normal answers.' : `Answer mode is on: webhooks are answered ${mb.status ?? 200} after ${mb.delayMs} ms.`, { ...mb });
  }
}
