import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { interpret } from '../../shared/asleep/interpret';
import type { CaptureDetail, CaptureSummary } from '../../shared/capture';
import type { CaptureList, CaptureQuery, CommandHandlers, ConsoleStatus, CorruptFileReport, EventName, EventPayloads } from '../../shared/contract';
import { ExportService } from './export/export-service';
import { fail, ok } from '../../shared/result';
import { generateApiKey } from './listener/api-key';
import { WebhookListener } from './listener/webhook-listener';
import { sendSamples } from './samples/samples';
import { SessionService } from './sessions/session-service';
import { SessionStore } from './sessions/session-store';
import { SettingsStore } from './settings/settings';
import { CaptureJournal, summarize, type CaptureRecord, type IndexEntry } from './store/capture-journal';
import { DataLock } from './store/data-lock';
import { TunnelService } from './tunnel/tunnel-service';
import { resend } from './resend/resend';
import { ResendStore } from './resend/resend-store';
import { SimulatorPanel } from './simulator/panel';
import type { TunnelSupervisorOptions } from './tunnel/tunnel-supervisor';
import { Forwarder, type ForwardTiming } from './forwarder/forwarder';
// inspector: filters, search, exports
import { recordText, summaryFilter, summaryText } from '../../shared/capture-query';
import { harDocument } from '../../shared/har';
import { exportFileName, type ExportFile } from '../../shared/export';

/** A body search (`q`) reads candidates from disk newest first for at most this long, then answers `partial`. */
export const SEARCH_BUDGET_MS = 400;

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
}

export const READ_ONLY_LISTEN_ERROR = 'Read-only review: the listener is off.';
const READ_ONLY = fail('READ_ONLY', 'This folder is open read-only for review.');

type Listener = <E extends EventName>(event: E, payload: EventPayloads[E]) => void;

const MAX_REJECTED = 10_000;
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
  private statusRevision = 0;
  private readonly staleStates = new Map<string, string>();

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
    for (const journal of [accepted, rejected]) for (const e of journal.entries()) this.tunnel.count(e.summary.via);
    this.resends = new ResendStore(join(options.dataDir, 'resends'), options.readOnly === true);
    this.simulator = new SimulatorPanel({
      defaultUrl: () => this.webhookUrl,
      apiKey: () => this.settings.current.apiKey,
      progress: (p) => this.emit('simulationProgress', p),
    });
    this.handlers = this.bindHandlers();
  }

  static async open(options: CoreOptions): Promise<ConsoleCore> {
    const readOnly = options.readOnly === true;
    if (readOnly) await assertFolder(options.dataDir);
    else await mkdir(options.dataDir, { recursive: true });
    const lock = new DataLock(options.dataDir);
    if (!readOnly) await lock.acquire();
    try {
      const settings = new SettingsStore(options.dataDir);
      await settings.open(readOnly);
      if (options.apiKey && !readOnly) await settings.update({ apiKey: options.apiKey });
      const accepted = new CaptureJournal(join(options.dataDir, 'captures'), { maxSegmentBytes: 64 * 1024 * 1024, maxSegmentRecords: 50_000, readOnly });
      const rejected = new CaptureJournal(join(options.dataDir, 'rejected'), {
        maxSegmentBytes: 16 * 1024 * 1024,
        maxSegmentRecords: 1_000,
        maxRecords: MAX_REJECTED,
        readOnly,
      });
      const corrupt = [...settings.reports, ...(await accepted.open()), ...(await rejected.open())];
      const sessionStore = new SessionStore(join(options.dataDir, 'sessions'), readOnly);
      await sessionStore.open();
      let core: ConsoleCore | null = null;
      const sessions = new SessionService(sessionStore, accepted, {
        staleAfterMinutes: () => settings.current.staleAfterMinutes,
        onUpdated: (summary) => core?.emit('sessionUpdated', summary),
      });
      await sessions.recover();
      const listener = new WebhookListener(
        () => ({ path: settings.current.path, apiKey: settings.current.apiKey, answerMode: settings.current.answerMode }),
        {
          nextSeq: () => ++core!.seq,
          accept: (record, interpretation) => core!.accept(record, interpretation.normalized),
          reject: (record) => core!.reject(record),
          answered: (id, ms) => accepted.amend(id, { answerMs: ms }),
        },
      );
      core = new ConsoleCore(options, lock, settings, accepted, rejected, sessionStore, sessions, listener, corrupt);
      core.seq = Math.max(accepted.maxSeq, rejected.maxSeq);
      if (!readOnly) {
        const forwarder = new Forwarder({
          dir: join(options.dataDir, 'forwarding'),
          config: () => ({ ...settings.current.forwarding, apiKey: settings.current.apiKey }),
          readCapture: (id) => accepted.read(id),
          changed: () => core!.statusSoon(),
          timing: options.forwardingTiming,
        });
        await forwarder.open(accepted.entries().map((e) => e.summary));
        core.forwarder = forwarder;
      }
      if (readOnly) core.stayDeaf();
      else {
        await core.startListener();
        if (options.tunnel) await settings.update({ tunnel: { ...settings.current.tunnel, ...options.tunnel } });
        await core.tunnel.apply();
      }
      core.staleTimer = setInterval(() => sessions.tick(core!.staleStates), STALE_CHECK_MS);
      core.staleTimer.unref();
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
      revision: ++this.statusRevision,
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

  hasLiveSessions(): boolean {
    return this.sessions.hasLiveSessions();
  }

  listCaptures(query: CaptureQuery): CaptureSummary[] {
    const match = summaryFilter(query);
    const pending = this.memoryOnly.filter((r) => !this.rejected.get(r.id)).map(summarize);
    const sources = [this.accepted.entries().map((e) => e.summary), this.rejected.entries().map((e) => e.summary), pending];
    const cursors = sources.map((s) => s.length - 1);
    const out: CaptureSummary[] = [];
    while (out.length < query.limit) {
      let best = -1;
      for (let i = 0; i < sources.length; i++) {
        const c = sources[i]![cursors[i]!];
        if (c && (best < 0 || c.seq > sources[best]![cursors[best]!]!.seq)) best = i;
      }
      if (best < 0) break;
      const item = sources[best]![cursors[best]!]!;
      cursors[best]!--;
      if (match(item)) out.push(item);
    }
    return out;
  }

  // inspector: filters, search, exports
  /** Newest first, matching every summary filter, in seq order (no copies, no sort). */
  private *newestFirst(query: Omit<CaptureQuery, 'limit'>): Generator<CaptureSummary> {
    const match = summaryFilter(query);
    const pending = this.memoryOnly.filter((r) => !this.rejected.get(r.id)).map(summarize);
    const sources = [this.accepted.entries(), this.rejected.entries()].map((l) => (i: number) => l[i]?.summary);
    const lengths = [this.accepted.entries().length, this.rejected.entries().length];
    sources.push((i) => pending[i]);
    lengths.push(pending.length);
    const cursors = lengths.map((n) => n - 1);
    for (;;) {
      let best = -1;
      let bestSeq = -1;
      for (let i = 0; i < sources.length; i++) {
        const c = sources[i]!(cursors[i]!);
        if (c && c.seq > bestSeq) {
          best = i;
          bestSeq = c.seq;
        }
      }
      if (best < 0) return;
      const item = sources[best]!(cursors[best]!)!;
      cursors[best]!--;
      if (match(item)) yield item;
    }
  }

  /** The raw record (body and headers) of one capture, wherever it is. */
  private async record(id: string): Promise<CaptureRecord | null> {
    return (await this.accepted.read(id)) ?? (await this.rejected.read(id)) ?? this.memoryOnly.find((r) => r.id === id) ?? null;
  }

  /**
   * Every filter, `q` included. Summaries are filtered in memory; for `q` a summary's own text is
   * checked first and only the rest are read from disk, newest first, until `limit` matches or the
   * time budget is spent (then `partial: true`: older captures were not all searched; narrow the filter).
   */
  async queryCaptures(query: CaptureQuery, budgetMs = SEARCH_BUDGET_MS): Promise<CaptureList> {
    if (query.q === undefined) return { items: this.listCaptures(query) };
    const needle = query.q.toLowerCase();
    const deadline = performance.now() + budgetMs;
    const items: CaptureSummary[] = [];
    for (const c of this.newestFirst(query)) {
      if (items.length >= query.limit) break;
      if (summaryText(c).includes(needle)) {
        items.push(c);
        continue;
      }
      if (performance.now() > deadline) return { items, partial: true };
      const r = await this.record(c.id).catch(() => null);
      if (r && recordText(r).includes(needle)) items.push(c);
    }
    return { items };
  }

  async exportCaptures(query: Omit<CaptureQuery, 'limit'> & { limit: number }, format: 'ndjson' | 'har'): Promise<ExportFile> {
    const { items } = await this.queryCaptures(query, SEARCH_BUDGET_MS * 5);
    const details: CaptureDetail[] = [];
    for (const s of items) {
      const d = await this.getCapture(s.id).catch(() => null);
      if (d) details.push(d);
    }
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    if (format === 'ndjson') {
      return { fileName: exportFileName(['captures', stamp], 'ndjson'), mimeType: 'application/x-ndjson', content: details.map((d) => JSON.stringify(d) + '\n').join('') };
    }
    const har = harDocument(details, `http://127.0.0.1:${this.port}`);
    return { fileName: exportFileName(['captures', stamp], 'har'), mimeType: 'application/json', content: JSON.stringify(har, null, 2) };
  }

  async getCapture(id: string): Promise<CaptureDetail | null> {
    const record = (await this.accepted.read(id)) ?? (await this.rejected.read(id)) ?? this.memoryOnly.find((r) => r.id === id) ?? null;
    if (!record) return null;
    const { rawHeaders: _raw, ...rest } = record;
    const normalized = record.status === 200 && record.body !== undefined ? interpret(JSON.parse(record.body)).normalized : null;
    const forwarded = this.forwarder?.summaryFor(id);
    return { ...rest, normalized, ...(forwarded ? { forwarded } : {}) };
  }

  async close(timeoutMs = 5_000): Promise<void> {
    if (this.staleTimer) clearInterval(this.staleTimer);
    if (this.statusTimer) clearTimeout(this.statusTimer);
    const work = (async () => {
      await this.simulator.stopAll();
      await this.resends.close();
      await this.tunnel.stop();
      await this.listener.stop();
      await this.sessions.flush();
      await this.forwarder?.close();
      await this.accepted.close();
      await this.rejected.close();
    })();
    await Promise.race([work, new Promise((r) => setTimeout(r, timeoutMs).unref())]);
    await this.lock.release();
    this.listeners.clear();
  }

  /** Which public URL a request came through (participants' phones may still use an old one). */
  private noteVia(record: CaptureRecord): void {
    record.via = this.tunnel.via(record.headers.host);
    this.tunnel.count(record.via);
  }

  /** Read-only review: no listener, and the status says why. */
  private stayDeaf(): void {
    this.port = this.options.port ?? this.settings.current.port;
    this.listenError = READ_ONLY_LISTEN_ERROR;
  }

  /** Every capture (accepted or refused) that names this session, oldest first, for the JSON export. */
  private async sessionCaptures(userId: string, sessionId: string): Promise<CaptureDetail[]> {
    const ids = [...this.accepted.entries(), ...this.rejected.entries()]
      .map((e) => e.summary)
      .filter((s) => s.userId === userId && s.sessionId === sessionId)
      .sort((a, b) => a.seq - b.seq)
      .map((s) => s.id);
    const out: CaptureDetail[] = [];
    for (const id of ids) {
      const c = await this.getCapture(id).catch(() => null);
      if (c) out.push(c);
    }
    return out;
  }

  private async startListener(): Promise<void> {
    const wanted = this.options.port ?? this.settings.current.port;
    try {
      this.port = await this.listener.start(wanted);
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
      await this.accepted.append(r);
      this.setStorageError(null);
    };
    try {
      if (normalized) await this.sessions.ingest(record, normalized, persist);
      else await persist(record);
    } catch (err) {
      this.setStorageError(`Writing to ${this.options.dataDir} failed: ${err instanceof Error ? err.message : String(err)}`);
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
      listSessions: async () => ok({ items: this.sessions.list() }),
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
          record: async (id) => (await this.accepted.read(id)) ?? (await this.rejected.read(id)) ?? this.memoryOnly.find((r) => r.id === id) ?? null,
          sessionCaptureIds: (userId, sessionId) =>
            [...this.accepted.entries(), ...this.rejected.entries()]
              .map((e) => e.summary)
              .filter((s) => s.userId === userId && s.sessionId === sessionId)
              .sort((a, b) => a.seq - b.seq)
              .map((s) => s.id),
          defaultUrl: () => this.webhookUrl,
          apiKey: () => this.settings.current.apiKey,
          store: this.resends,
          signal: this.resends.signal,
        });
      },
      resendResults: async ({ captureId }) => ok({ items: await this.resends.list(captureId) }),
      sessionCaptures: async ({ userId, sessionId }) => {
        const items = [];
        for (const e of this.accepted.entries()) {
          const s = e.summary;
          if (s.userId !== userId || s.sessionId !== sessionId) continue;
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
    };
  }
}

async function assertFolder(dir: string): Promise<void> {
  const s = await stat(dir).catch(() => null);
  if (!s?.isDirectory()) throw new Error(`There is no data folder at ${dir} to review.`);
}

export type { IndexEntry };
