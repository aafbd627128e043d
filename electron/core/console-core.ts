import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { interpret } from '../../shared/asleep/interpret';
import type { CaptureDetail, CaptureSummary } from '../../shared/capture';
import type { CaptureList, CaptureQuery, CommandHandlers, ConsoleStatus, CorruptFileReport, EventName, EventPayloads } from '../../shared/contract';
import { ExportService } from './export/export-service';
import { fail, ok } from '../../shared/result';
import { generateApiKey } from './listener/api-key';
import { WebhookListener, type IngestSink } from './listener/webhook-listener';
import type { ListenerLimitsInput } from './listener/listener-limits';
import { sendSamples } from './samples/samples';
import { SessionService } from './sessions/session-service';
import { SessionStore } from './sessions/session-store';
import { SettingsStore } from './settings/settings';
import { CaptureJournal, summarize, type CaptureRecord, type IndexEntry } from './store/capture-journal';
import { DataLock } from './store/data-lock';
import { removeStaleTempFiles } from './store/stale-temp-files';
import { describeStorageError } from './store/storage-error';
import { TunnelService } from './tunnel/tunnel-service';
import { resend } from './resend/resend';
import { ResendStore } from './resend/resend-store';
import { SimulatorPanel } from './simulator/panel';
import { ResumeService, type ResumeReason, type ResumeReport } from './power/resume-service';
import type { TunnelSupervisorOptions } from './tunnel/tunnel-supervisor';
import { Forwarder, type ForwardTiming } from './forwarder/forwarder';
// inspector: filters, search, exports
import { CaptureReader } from './inspector/capture-reader';
import type { ExportFile } from '../../shared/export';
// webhook metrics and JSON Schema export
import { schemaBundle } from '../../shared/schema-export';
import { MetricsService } from './metrics/metrics-service';
// settings page: listener moves, retention, data folder size
import { DAY_MS, type PruneReport } from '../../shared/settings';
import { SettingsService } from './settings/settings-service';
import { dataUsage } from './settings/data-usage';
import { RetentionService, type RetentionTiming } from './retention/retention-service';
import { finishInterruptedPrune, resumePrune } from './retention/prune-intent';
// settings and data: operator log; data folder move (the webhook socket and the tunnel go to the next core)
import { logsDir, openConsoleLog, type ConsoleLog } from './log/console-log';
import type { Logger } from './log/logger';
import type { TunnelSupervisor } from './tunnel/tunnel-supervisor';

export { SEARCH_BUDGET_MS } from './inspector/capture-reader';

export interface CoreOptions {
  dataDir: string;
  shell: 'desktop' | 'headless';
  /** Overrides the stored port for this run (0 = any free port). */
  port?: number;
  /** Replaces the stored API key (and is stored). */
  apiKey?: string;
  /**
   * Review a (copied) data folder: no lock, nothing written (settings, indexes, session files,
   * corrupt files stay where they are), no webhook listener. Sessions are recomputed in memory.
   */
  readOnly?: boolean;
  /** Command-line tunnel settings (stored, like every other setting). */
  tunnel?: { enabled?: boolean; host?: string; subdomain?: string | null };
  /** Test-only: faster tunnel timings. */
  tunnelTiming?: Partial<TunnelSupervisorOptions>;
  /** Test-only: faster forwarding back-off and time-outs. */
  forwardingTiming?: Partial<ForwardTiming>;
  /** Test-only: smaller listener limits (time-outs, connection cap, API-key failure limiter and its clock). */
  listenerLimits?: ListenerLimitsInput;
  /** Test-only: when the automatic retention prune checks, and a hook after each prune step. */
  retentionTiming?: Partial<RetentionTiming>;
  // settings and data: operator log, data folder move
  /** A data folder move: the listening webhook port and the tunnel, taken over from the core being replaced. */
  handover?: CoreHandover;
  /** Test-only: log rotation limits (default 5 MiB per file, 5 files). */
  logLimits?: { maxBytes?: number; keep?: number };
  /** Test-only: capture segment size and how many accepted summaries stay in memory (see CaptureJournal). */
  captureLimits?: { maxSegmentRecords?: number; memoryRecords?: number };
}

/** What a core being replaced hands to its successor so senders and the public URL see no gap. */
export interface CoreHandover {
  listener: WebhookListener | null;
  tunnel: TunnelSupervisor | null;
}

export const READ_ONLY_LISTEN_ERROR = 'Read-only review: the listener is off.';
const READ_ONLY = fail('READ_ONLY', 'This folder is open read-only for review.');

type Listener = <E extends EventName>(event: E, payload: EventPayloads[E]) => void;
export type CoreListener = Listener;

/** Process-wide, so a core that replaces another (data folder move) keeps numbering upwards and the UI keeps its snapshots. */
let statusRevisions = 0;

const MAX_REJECTED = 10_000;
/** memory: accepted summaries kept in memory (about 1 KB each); older sealed segments are read from disk when needed. */
const MEMORY_RECORDS = 20_000;
const SEGMENT_RECORDS = 10_000;
const STALE_CHECK_MS = 30_000;

/**
 * The Electron-free heart of the console: listener, store and sessions for one data folder.
 * Both shells create one and bind `handlers` to their transport.
 */
export class ConsoleCore {
  readonly handlers: CommandHandlers;
  private readonly tunnel: TunnelService;
  private readonly exports: ExportService;
  // re-send, replay and simulator
  private readonly resends: ResendStore;
  private readonly simulator: SimulatorPanel;
  /** sleep and resume: probe the tunnel and recompute session states on waking */
  private readonly resume: ResumeService;
  private readonly metrics: MetricsService;
  private readonly reader: CaptureReader;
  private readonly listeners = new Set<Listener>();
  /** forwarding to the user's backend (null in read-only review) */
  private forwarder: Forwarder | null = null;
  private readonly memoryOnly: CaptureRecord[] = [];
  private storageError: string | null = null;
  private listenError: string | null = null;
  private port = 0;
  private seq = 0;
  private staleTimer: NodeJS.Timeout | null = null;
  private statusTimer: NodeJS.Timeout | null = null;
  private readonly staleStates = new Map<string, string>();
  // settings page: listener moves, retention
  private readonly settingsService: SettingsService;
  private readonly retention: RetentionService;
  // settings and data: operator log (none in read-only review); once closing, no capture is stored
  private log: ConsoleLog | null = null;
  private closing = false;
  private networkReleased = false;

  private constructor(
    private readonly options: CoreOptions,
    private readonly lock: DataLock,
    private readonly settings: SettingsStore,
    private readonly accepted: CaptureJournal,
    private readonly rejected: CaptureJournal,
    private readonly sessionStore: SessionStore,
    private readonly sessions: SessionService,
    private readonly listener: WebhookListener,
    private readonly corrupt: CorruptFileReport[],
  ) {
    this.reader = new CaptureReader({
      accepted,
      rejected,
      pending: () => this.memoryOnly,
      forwarded: (id) => this.forwarder?.summaryFor(id),
      origin: () => `http://127.0.0.1:${this.port}`,
    });
    this.exports = new ExportService({
      sessions: () => this.sessions.list(),
      detail: (userId, sessionId) => this.sessions.detail(userId, sessionId),
      captures: (userId, sessionId) => this.sessionCaptures(userId, sessionId),
    });
    this.tunnel = new TunnelService(
      settings,
      () => this.port,
      {
        changed: () => this.emit('statusChanged', this.status()),
        urlChanged: (previous, next) => this.emit('tunnelUrlChanged', { previous, next, webhookUrl: `${next}${settings.current.path}` }),
      },
      options.tunnelTiming,
    );
    this.recountTunnelCaptures();
    this.resends = new ResendStore(join(options.dataDir, 'resends'), options.readOnly === true);
    this.simulator = new SimulatorPanel({
      defaultUrl: () => this.webhookUrl,
      apiKey: () => this.settings.current.apiKey,
      progress: (p) => this.emit('simulationProgress', p),
    });
    this.metrics = new MetricsService({
      accepted: (fromMs) => this.accepted.receivedSince(fromMs),
      refused: () => this.rejected.inMemory(),
      pending: () => this.reader.pendingSummaries(),
      staleAfterMinutes: () => this.settings.current.staleAfterMinutes,
      refusedLimit: MAX_REJECTED,
    });
    // settings page: listener moves, retention
    this.settingsService = new SettingsService(settings, {
      dataDir: () => this.dataDir,
      readOnly: options.readOnly === true,
      portFromCommandLine: options.port,
      retention: () => this.retention.status(),
      listener: {
        state: () => ({ port: this.port, listening: this.listenError === null, error: this.listenError, webhookUrl: this.webhookUrl }),
        prepareMove: async (port) => {
          const move = await this.listener.prepareMove(port);
          const commit = () => {
            move.commit();
            this.port = move.port;
            this.listenError = null;
            this.tunnel.setLocalPort(move.port);
          };
          return { port: move.port, abort: move.abort, commit };
        },
      },
      changed: (what) => this.settingsChanged(what),
    });
    this.retention = new RetentionService({
      dataDir: options.dataDir,
      accepted,
      rejected,
      sessions,
      retentionDays: () => settings.current.retentionDays,
      pruned: (report) => this.pruned(report),
      timing: options.retentionTiming,
    });
    this.resume = new ResumeService({
      probeTunnel: () => this.tunnel.probeNow(),
      recomputeSessions: () => this.sessions.recomputeStates(this.staleStates).length,
      statusChanged: () => this.emit('statusChanged', this.status()),
    });
    this.handlers = this.bindHandlers();
  }

  static async open(options: CoreOptions): Promise<ConsoleCore> {
    const readOnly = options.readOnly === true;
    if (readOnly) await assertFolder(options.dataDir);
    else await mkdir(options.dataDir, { recursive: true });
    const lock = new DataLock(options.dataDir);
    if (!readOnly) await lock.acquire();
    // crash safety: temp files of a killed console (written, never renamed) are debris
    if (!readOnly) await removeStaleTempFiles(options.dataDir);
    try {
      const settings = new SettingsStore(options.dataDir);
      await settings.open(readOnly);
      if (options.apiKey && !readOnly) await settings.update({ apiKey: options.apiKey });
      // retention: a prune cut short by a crash is finished before anything reads the store; segments
      // span at most a day so that retention can prune them whole
      const interrupted = readOnly ? { intent: null, reports: [] } : await resumePrune(options.dataDir);
      const accepted = new CaptureJournal(join(options.dataDir, 'captures'), {
        maxSegmentBytes: 64 * 1024 * 1024,
        maxSegmentRecords: options.captureLimits?.maxSegmentRecords ?? SEGMENT_RECORDS,
        memoryRecords: options.captureLimits?.memoryRecords ?? MEMORY_RECORDS,
        maxSegmentAgeMs: DAY_MS,
        readOnly,
      });
      const rejected = new CaptureJournal(join(options.dataDir, 'rejected'), {
        maxSegmentBytes: 16 * 1024 * 1024,
        maxSegmentRecords: 1_000,
        maxRecords: MAX_REJECTED,
        maxSegmentAgeMs: DAY_MS,
        readOnly,
      });
      const corrupt = [...settings.reports, ...interrupted.reports, ...(await accepted.open()), ...(await rejected.open())];
      const sessionStore = new SessionStore(join(options.dataDir, 'sessions'), readOnly);
      await sessionStore.open();
      if (interrupted.intent) await finishInterruptedPrune(options.dataDir, interrupted.intent, await accepted.sessionsBySegment(), sessionStore);
      let core: ConsoleCore | null = null;
      const sessions = new SessionService(sessionStore, accepted, {
        staleAfterMinutes: () => settings.current.staleAfterMinutes,
        onUpdated: (summary) => core?.emit('sessionUpdated', summary),
      });
      await sessions.recover();
      const listenerConfig = () => ({ path: settings.current.path, apiKey: settings.current.apiKey, answerMode: settings.current.answerMode });
      const sink: IngestSink = {
        nextSeq: () => ++core!.seq,
        accept: (record, interpretation) => core!.accept(record, interpretation.normalized),
        reject: (record) => core!.reject(record),
        answered: (id, ms) => accepted.amend(id, { answerMs: ms }),
      };
      // data folder move: the running listener (socket, connection guard, failure counts) serves this core from now on
      const listener = options.handover?.listener?.retarget(sink, listenerConfig) ?? new WebhookListener(listenerConfig, sink, options.listenerLimits);
      core = new ConsoleCore(options, lock, settings, accepted, rejected, sessionStore, sessions, listener, corrupt);
      core.seq = Math.max(accepted.maxSeq, rejected.maxSeq);
      sessionStore.onReport = () => core!.statusSoon(); // a night's file found damaged when it is read
      if (!readOnly) {
        const forwarder = new Forwarder({
          dir: join(options.dataDir, 'forwarding'),
          config: () => ({ ...settings.current.forwarding, apiKey: settings.current.apiKey }),
          readCapture: (id) => accepted.read(id),
          changed: () => core!.statusSoon(),
          timing: options.forwardingTiming,
        });
        await forwarder.open((afterSeq) => accepted.summariesAfter(afterSeq));
        core.forwarder = forwarder;
      }
      if (readOnly) core.stayDeaf();
      else {
        await core.startListener();
        if (options.tunnel) await settings.update({ tunnel: { ...settings.current.tunnel, ...options.tunnel } });
        await core.tunnel.apply(options.handover?.tunnel ?? null);
      }
      core.staleTimer = setInterval(() => sessions.tick(core!.staleStates), STALE_CHECK_MS);
      core.staleTimer.unref();
      core.resume.watchClock();
      if (!readOnly) core.retention.start();
      if (!readOnly) (core.log = openConsoleLog(options.dataDir, options.logLimits)).watch(core);
      return core;
    } catch (err) {
      await lock.release();
      throw err;
    }
  }

  get webhookUrl(): string {
    return `http://127.0.0.1:${this.port}${this.settings.current.path}`;
  }

  get dataDir(): string {
    return this.options.dataDir;
  }

  on(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(): ConsoleStatus {
    return {
      revision: ++statusRevisions,
      shell: this.options.shell,
      webhookUrl: this.webhookUrl,
      listening: this.listenError === null,
      listenError: this.listenError,
      port: this.port,
      path: this.settings.current.path,
      apiKey: this.settings.current.apiKey,
      staleAfterMinutes: this.settings.current.staleAfterMinutes,
      tunnel: this.tunnel.status(),
      tunnelHistory: this.tunnel.history(),
      storage: {
        dataDir: this.options.dataDir,
        ok: this.storageError === null,
        error: this.storageError,
        readOnly: this.readOnly,
        corruptFiles: [...this.corrupt, ...this.sessionStore.reports],
        captureCount: this.accepted.size,
        rejectedCount: this.rejected.size + this.memoryOnly.length,
      },
      ...(this.forwarder ? { forwarding: this.forwarder.state() } : {}),
      answerMode: this.settings.current.answerMode,
    };
  }

  get readOnly(): boolean {
    return this.options.readOnly === true;
  }

  /**
   * The computer woke from sleep (desktop: powerMonitor `resume` / `unlock-screen`; both shells
   * also notice a jump of the wall clock): probe the tunnel at once and recompute session states.
   */
  resumed(reason: ResumeReason = 'resume'): ResumeReport {
    return this.resume.resumed(reason);
  }

  /** memory: what the core keeps in memory now (the soak report prints it; see CaptureJournal and SessionStore). */
  memoryFootprint(): { capturesInMemory: number; capturesCold: number; sessionsInMemory: number } {
    return { capturesInMemory: this.accepted.inMemory().length, capturesCold: this.accepted.coldSize, sessionsInMemory: this.sessionStore.inMemory };
  }

  hasLiveSessions(): boolean {
    return this.sessions.hasLiveSessions();
  }

  // inspector: filters, search, exports (see CaptureReader)
  listCaptures(query: CaptureQuery): Promise<CaptureSummary[]> {
    return this.reader.list(query);
  }

  queryCaptures(query: CaptureQuery, budgetMs?: number): Promise<CaptureList> {
    return this.reader.query(query, budgetMs);
  }

  exportCaptures(query: Omit<CaptureQuery, 'limit'> & { limit: number }, format: 'ndjson' | 'har'): Promise<ExportFile> {
    return this.reader.export(query, format);
  }

  getCapture(id: string): Promise<CaptureDetail | null> {
    return this.reader.detail(id);
  }

  async close(timeoutMs = 5_000): Promise<void> {
    if (this.staleTimer) clearInterval(this.staleTimer);
    this.resume.stop();
    if (this.statusTimer) clearTimeout(this.statusTimer);
    const work = (async () => {
      await this.retention.stop();
      await this.simulator.stopAll();
      await this.resends.close();
      await this.tunnel.stop();
      if (!this.networkReleased) await this.listener.stop();
      // From here a capture would land in files that are being closed (or, in a data folder move, already copied): refuse it with 503.
      this.closing = true;
      await this.sessions.flush();
      await this.forwarder?.close();
      await this.accepted.close();
      await this.rejected.close();
    })();
    await Promise.race([work, new Promise((r) => setTimeout(r, timeoutMs).unref())]);
    await this.log?.close().catch(() => undefined);
    await this.lock.release();
    this.listeners.clear();
  }

  // settings and data: data folder move
  /** Give the listening webhook port and the running tunnel to the next core (CoreHost) instead of closing them. */
  releaseNetwork(): CoreHandover {
    this.networkReleased = true;
    return { listener: this.listener.port === null ? null : this.listener, tunnel: this.tunnel.detach() };
  }

  /** The operator log (`logs/console.log`; null in read-only review). */
  get logger(): Logger | null {
    return this.log?.logger ?? null;
  }

  /** Which public URL a request came through (participants' phones may still use an old one). */
  private noteVia(record: CaptureRecord): void {
    record.via = this.tunnel.via(record.headers.host);
    this.tunnel.count(record.via);
  }

  /** Read-only review: no listener, and the status says why. */
  private stayDeaf(): void {
    this.port = this.settingsService.startPort;
    this.listenError = READ_ONLY_LISTEN_ERROR;
  }

  /** Every capture (accepted or refused) that names this session, oldest first, for the JSON export. */
  private async sessionCaptures(userId: string, sessionId: string): Promise<CaptureDetail[]> {
    const ids = await this.sessionCaptureIds(userId, sessionId);
    const out: CaptureDetail[] = [];
    for (const id of ids) {
      const c = await this.getCapture(id).catch(() => null);
      if (c) out.push(c);
    }
    return out;
  }

  /** Ids of every capture naming this session (accepted, cold ones too, and refused), oldest first. */
  private async sessionCaptureIds(userId: string, sessionId: string): Promise<string[]> {
    const refused = this.rejected.inMemory().filter((e) => e.summary.userId === userId && e.summary.sessionId === sessionId);
    return [...(await this.accepted.sessionEntries(userId, sessionId)), ...refused]
      .map((e) => e.summary)
      .sort((a, b) => a.seq - b.seq)
      .map((s) => s.id);
  }

  private async startListener(): Promise<void> {
    const wanted = this.settingsService.startPort;
    try {
      const adopted = this.options.handover?.listener?.port;
      this.port = adopted ?? (await this.listener.start(wanted));
      this.listenError = null;
    } catch (err) {
      this.port = wanted;
      const code = (err as NodeJS.ErrnoException).code;
      this.listenError =
        code === 'EADDRINUSE'
          ? `Port ${wanted} is already in use by another program; choose another port.`
          : `Could not listen on 127.0.0.1:${wanted}: ${err instanceof Error ? err.message : String(err)}`;
    }
  }

  private async accept(record: CaptureRecord, normalized: ReturnType<typeof interpret>['normalized']): Promise<void> {
    this.noteVia(record);
    const persist = async (r: CaptureRecord) => {
      if (this.closing) throw new Error('the console is closing its data folder');
      await this.accepted.append(r);
      this.setStorageError(null);
    };
    try {
      if (normalized) await this.sessions.ingest(record, normalized, persist);
      else await persist(record);
    } catch (err) {
      if (!this.closing) this.setStorageError(describeStorageError(this.options.dataDir, err));
      throw err;
    }
    this.emit('captureAdded', summarize(record));
    this.forwarder?.enqueue(record);
  }

  /** Visible at once (the answer is already sent), on disk a moment later; kept in memory if the disk refuses. */
  private reject(record: CaptureRecord): void {
    this.noteVia(record);
    this.memoryOnly.push(record);
    if (this.memoryOnly.length > 1_000) this.memoryOnly.shift();
    this.emit('captureAdded', summarize(record));
    this.rejected.append(record).then(
      () => {
        const i = this.memoryOnly.indexOf(record);
        if (i >= 0) this.memoryOnly.splice(i, 1);
      },
      () => undefined,
    );
  }

  // forwarding and answer mode
  private async configureForwarding(patch: { enabled?: boolean; url?: string | null }): ReturnType<CommandHandlers['configureForwarding']> {
    const forwarder = this.forwarder;
    if (!forwarder) return READ_ONLY;
    const before = this.settings.current.forwarding;
    const next = { enabled: patch.enabled ?? before.enabled, url: patch.url === undefined ? before.url : patch.url };
    if (next.enabled && !next.url) return fail('BAD_ARGS', 'Set the backend URL before turning forwarding on.');
    try {
      if (next.enabled && !before.enabled) await forwarder.switchedOn(this.accepted.maxSeq);
      await this.settings.update({ forwarding: next });
    } catch (err) {
      return fail('STORAGE_FAILED', `The forwarding settings could not be saved: ${err instanceof Error ? err.message : String(err)}`);
    }
    forwarder.poke();
    this.emit('statusChanged', this.status());
    return ok(forwarder.state());
  }

  private async changeDead(action: 'retry' | 'discard', captureId?: string): ReturnType<CommandHandlers['retryDead']> {
    const forwarder = this.forwarder;
    if (!forwarder) return READ_ONLY;
    if (captureId !== undefined && !forwarder.hasDead(captureId)) return fail('NOT_FOUND', `${captureId} is not in the dead-letter list.`);
    if (action === 'retry') await forwarder.retryDead(captureId);
    else await forwarder.discardDead(captureId);
    return ok(forwarder.state());
  }

  private async setAnswerMode(patch: { status?: number | null; delayMs?: number }): ReturnType<CommandHandlers['setAnswerMode']> {
    if (this.readOnly) return READ_ONLY;
    try {
      await this.settings.update({ answerMode: { ...this.settings.current.answerMode, ...patch } });
    } catch (err) {
      return fail('STORAGE_FAILED', `Answer mode could not be saved: ${err instanceof Error ? err.message : String(err)}`);
    }
    const status = this.status();
    this.emit('statusChanged', status);
    return ok(status);
  }

  // settings page: what a settings change or a prune means for the open UIs
  private settingsChanged(what: { listener: boolean; stale: boolean }): void {
    if (what.stale) {
      // Summaries carry a state decided with the old threshold: send them again with the new one.
      for (const s of this.sessions.activeList()) {
        if (s.state === 'complete') continue;
        this.staleStates.set(`${s.userId}\u0000${s.sessionId}`, s.state);
        this.emit('sessionUpdated', s);
      }
    }
    this.emit('statusChanged', this.status());
  }

  /** Captures per tunnel URL, from the journals (memory and cold headers). */
  private recountTunnelCaptures(): void {
    this.tunnel.recount([...this.accepted.viaCounts(), ...this.rejected.viaCounts()]);
  }

  private pruned(report: PruneReport): void {
    this.recountTunnelCaptures(); // the pruned captures no longer count for their URL
    this.emit('dataPruned', report);
    this.emit('statusChanged', this.status());
  }

  private setStorageError(error: string | null): void {
    if (this.storageError === error) return;
    this.storageError = error;
    this.emit('statusChanged', this.status());
  }

  /** Counts in the status change with every capture: tell the UI, at most twice a second. */
  private statusSoon(): void {
    if (this.statusTimer) return;
    this.statusTimer = setTimeout(() => {
      this.statusTimer = null;
      this.emit('statusChanged', this.status());
    }, 500);
    this.statusTimer.unref();
  }

  private emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    if (event === 'captureAdded') this.statusSoon();
    for (const l of this.listeners) {
      try {
        l(event, payload);
      } catch {
        // A broken UI connection must never break ingestion.
      }
    }
  }

  private bindHandlers(): CommandHandlers {
    return {
      getStatus: async () => ok(this.status()),
      listCaptures: async (q) => ok(await this.queryCaptures(q)),
      getCapture: async ({ id }) => {
        const c = await this.getCapture(id);
        return c ? ok(c) : fail('NOT_FOUND', `No capture ${id} in this data folder.`);
      },
      listSessions: async () => ok({ items: await this.sessions.list() }),
      getSession: async ({ userId, sessionId }) => {
        const s = await this.sessions.detail(userId, sessionId);
        return s ? ok(s) : fail('NOT_FOUND', `No session ${sessionId} for participant ${userId}.`);
      },
      sendSamples: async () => {
        if (this.readOnly) return READ_ONLY;
        if (this.listenError) return fail('INTERNAL', `The listener is not running: ${this.listenError}`);
        return ok({ results: await sendSamples(this.webhookUrl, this.settings.current.apiKey) });
      },
      setApiKey: async ({ apiKey }) => {
        if (this.readOnly) return READ_ONLY;
        try {
          await this.settings.update({ apiKey: apiKey ?? generateApiKey() });
        } catch (err) {
          return fail('STORAGE_FAILED', `The new key could not be saved: ${err instanceof Error ? err.message : String(err)}`);
        }
        const status = this.status();
        this.emit('statusChanged', status);
        return ok(status);
      },
      // Only the desktop shell has a window to print; it replaces this handler.
      saveReportPdf: async () => fail('UNKNOWN_COMMAND', 'Saving a PDF is done by the desktop app; in a browser use Print → Save as PDF.'),
      configureTunnel: async (patch) => {
        if (this.readOnly) return READ_ONLY;
        try {
          await this.tunnel.configure(patch);
        } catch (err) {
          return fail('STORAGE_FAILED', `The tunnel settings could not be saved: ${err instanceof Error ? err.message : String(err)}`);
        }
        return ok(this.status());
      },
      // history and export
      listNights: (args) => this.exports.listNights(args),
      exportSession: (args) => this.exports.exportSession(args),
      exportNights: (args) => this.exports.exportNights(args),
      openExport: async (args) => this.exports.openExport(args),
      // forwarding and answer mode
      getForwarding: async () => (this.forwarder ? ok(this.forwarder.state()) : READ_ONLY),
      configureForwarding: (args) => this.configureForwarding(args),
      retryDead: (args) => this.changeDead('retry', args.captureId),
      discardDead: (args) => this.changeDead('discard', args.captureId),
      forwardingAttempts: async ({ captureId }) => ok({ items: this.forwarder?.attempts(captureId) ?? [] }),
      setAnswerMode: (args) => this.setAnswerMode(args),
      // re-send, replay and simulator
      resend: async (args) => {
        if (this.readOnly) return READ_ONLY;
        return resend(args, {
          record: async (id) => (await this.reader.records([id]))[0] ?? null,
          sessionCaptureIds: (userId, sessionId) => this.sessionCaptureIds(userId, sessionId),
          defaultUrl: () => this.webhookUrl,
          apiKey: () => this.settings.current.apiKey,
          store: this.resends,
          signal: this.resends.signal,
        });
      },
      resendResults: async ({ captureId }) => ok({ items: await this.resends.list(captureId) }),
      sessionCaptures: async ({ userId, sessionId }) => {
        const items = [];
        for (const { summary: s } of await this.accepted.sessionEntries(userId, sessionId)) {
          const c = await this.getCapture(s.id).catch(() => null);
          if (!c) continue;
          const { id, seq, receivedAt, event, layout, version, valid, duplicate, duplicateOf, warnings, normalized } = c;
          items.push({ id, seq, receivedAt, event, layout, version, valid, duplicate, duplicateOf, warnings: warnings.length, normalized });
        }
        items.sort((a, b) => a.seq - b.seq);
        return ok({ items });
      },
      startSimulation: async (args) => {
        if (this.readOnly && args.url === undefined) return READ_ONLY;
        return this.simulator.start(args);
      },
      stopSimulation: ({ runId }) => this.simulator.stop(runId),
      // inspector: filters, search, exports
      exportCaptures: async ({ query, format }) => ok(await this.exportCaptures(query, format)),
      // settings and data: the desktop shell opens the folder itself (electron/main); CoreHost runs moves
      openLogsFolder: async () =>
        this.readOnly ? fail('READ_ONLY', 'Read-only review writes no logs into the reviewed folder.') : ok({ path: logsDir(this.dataDir), opened: false }),
      moveDataFolder: async () => fail('UNKNOWN_COMMAND', 'Moving the data folder is run by the shell (CoreHost), not by a bare core.'),
      // webhook metrics and JSON Schema export
      getMetrics: async (args) => ok(await this.metrics.compute(args)),
      exportSchemas: async () => ok(schemaBundle()),
      // settings page: listener, retention, data folder size
      getSettings: async () => ok(this.settingsService.view()),
      updateSettings: (patch) => this.settingsService.update(patch),
      getDataUsage: async () => ok(await dataUsage(this.dataDir)),
      previewPrune: async ({ days }) => ok(await this.retention.preview(days)),
      pruneCaptures: ({ before }) => this.pruneCaptures(before),
    };
  }

  // settings page: a prune by hand (or a script), of exactly what a preview showed
  private async pruneCaptures(before: string): ReturnType<CommandHandlers['pruneCaptures']> {
    if (this.readOnly) return READ_ONLY;
    if (Date.parse(before) > Date.now() - DAY_MS) {
      return fail('BAD_ARGS', 'Captures from the last 24 hours are never pruned: choose a cut-off at least one day ago (retention of 1 day or more).');
    }
    try {
      return ok(await this.retention.prune(before));
    } catch (err) {
      return fail('STORAGE_FAILED', `The prune stopped part-way (${err instanceof Error ? err.message : String(err)}). Nothing acknowledged was damaged; it finishes at the next prune or the next start. Check that the data folder is writable.`);
    }
  }
}

async function assertFolder(dir: string): Promise<void> {
  const s = await stat(dir).catch(() => null);
  if (!s?.isDirectory()) throw new Error(`There is no data folder at ${dir} to review.`);
}

export type { IndexEntry };
