import { createHash } from 'node:crypto';
import { mkdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import type { CorruptFileReport } from '../../../shared/contract';
import { staleAfterFor, type SessionSummary } from '../../../shared/session';
import { sessionState, summarizeSession, type SessionData } from '../../../shared/sessions/timeline';
import { CorruptFileError, DurableJSONFile } from '../store/durable-json-file';
import { fsyncDir } from '../store/fsync';
import { moveAside, reportInPlace } from '../store/move-aside';
import { SessionIndex } from './session-index';

/** Session files trail the capture log (the durable record) by about this much. */
const WRITE_BEHIND_MS = 1_000;
/**
 * The index holds every night; written in full, it costs more as nights pile up. Between two
 * write-behind writes of it pass at least this many times as long as the last one took (a 50 ms
 * write: once a second; a 200 ms one: every 4 s). It trails the session files, which trail the
 * capture log: start-up catches up from the log either way. close() and flush() write it at once.
 */
const INDEX_COST_RATIO = 20;

export const sessionKey = (userId: string, sessionId: string) => `${userId}\u0000${sessionId}`;

/**
 * One lowdb file per sleep session plus a small index of summaries, so a capture rewrites only
 * its own night and start-up reads only the index. Both are written behind the capture log
 * (which is the durable record) and can be rebuilt from it.
 */
export class SessionStore {
  private index!: SessionIndex;
  private readonly loaded = new Map<string, Low<SessionData>>();
  private readonly loading = new Map<string, Promise<SessionData | undefined>>();
  private readonly dirty = new Set<string>();
  /** Sessions the write in progress is writing (it looks them up in `loaded`). */
  private writing: ReadonlySet<string> = new Set();
  /** When and how fast the index was last written. */
  private indexWrittenAt = 0;
  private indexWriteMs = 0;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  /** memory: when each session in memory was last used (see evict) */
  private readonly touched = new Map<string, number>();
  readonly reports: CorruptFileReport[] = [];
  /** Called when a night's file found damaged after start-up was set aside (the UI must hear of it). */
  onReport: (report: CorruptFileReport) => void = () => undefined;

  /** `readOnly`: review a copied folder; sessions change in memory only and nothing is written. */
  constructor(
    readonly dir: string,
    private readonly readOnly = false,
    /** Test-only: the least time between two write-behind index writes (default WRITE_BEHIND_MS). */
    private readonly minIndexIntervalMs = WRITE_BEHIND_MS,
  ) {}

  async open(): Promise<void> {
    if (!this.readOnly) await mkdir(this.dir, { recursive: true });
    this.index = new SessionIndex(this.dir, this.readOnly, (key) => {
      const cut = key.indexOf('\u0000');
      return fileName(key.slice(0, cut), key.slice(cut + 1));
    });
    await this.index.open();
    this.reports.push(...this.index.reports);
  }

  /** Highest capture seq each session had applied when its summary was last written. */
  appliedSeq(userId: string, sessionId: string): number {
    return this.index.appliedSeq(sessionKey(userId, sessionId)) ?? 0;
  }

  /**
   * Every night whose state can change with time, as it is now: those in memory, and those known
   * from the index that are not complete. Sync and cheap (every 30 s, and for "anyone recording?").
   */
  activeSummaries(now: number, staleAfterMinutes: number): SessionSummary[] {
    const out = [...this.loaded.values()].map((db) => summarizeSession(db.data, now, staleAfterMinutes));
    for (const [key, s] of this.index.inMemory()) {
      if (this.loaded.has(key)) continue;
      out.push(withState(s, now, staleAfterMinutes));
    }
    return out;
  }

  /** Every night: those in memory as they are now, the rest from the index (read from disk for complete ones). */
  async summaries(now: number, staleAfterMinutes: number): Promise<SessionSummary[]> {
    const out = [...this.loaded.values()].map((db) => summarizeSession(db.data, now, staleAfterMinutes));
    for (const [key, e] of await this.index.entries()) {
      if (this.loaded.has(key)) continue;
      out.push(withState(e.summary, now, staleAfterMinutes));
    }
    return out;
  }

  /** Every night's key (participant and session), without reading anything. */
  keys(): IterableIterator<string> {
    return this.index.keys();
  }

  /** The session, read from its file the first time it is needed. */
  get(userId: string, sessionId: string): Promise<SessionData | undefined> {
    const key = sessionKey(userId, sessionId);
    const db = this.loaded.get(key);
    if (db) {
      this.touched.set(key, Date.now());
      return Promise.resolve(db.data);
    }
    let pending = this.loading.get(key);
    if (!pending) {
      pending = this.load(key, userId, sessionId).finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    return pending;
  }

  /** Start tracking a session that has no file yet. */
  add(session: SessionData): void {
    const key = sessionKey(session.userId, session.sessionId);
    const db = new Low<SessionData>(new DurableJSONFile(join(this.dir, fileName(session.userId, session.sessionId))), session);
    this.loaded.set(key, db);
    this.touched.set(key, Date.now());
  }

  /** Note that a session changed; its file and the index are written a little later, together. */
  markChanged(userId: string, sessionId: string): void {
    if (this.readOnly) return;
    this.dirty.add(sessionKey(userId, sessionId));
    this.touched.set(sessionKey(userId, sessionId), Date.now());
    if (!this.running) this.timer ??= setTimeout(() => void this.flush(false), WRITE_BEHIND_MS);
  }

  /**
   * Write every changed session and then the index. One flush at a time: changes made while one
   * runs are written by the next, so a busy night rewrites each file at most once per interval.
   * `force` (the default, and on close): the index too, now; the write-behind timer passes false
   * and the index follows when its turn comes (INDEX_COST_RATIO).
   */
  async flush(force = true): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.running) await this.running;
    if (this.dirty.size === 0 && !this.index.behind) return;
    this.running = this.writeDirty(force).finally(() => {
      this.running = null;
      if (this.dirty.size > 0 || this.index.behind) this.timer ??= setTimeout(() => void this.flush(false), WRITE_BEHIND_MS);
    });
    await this.running;
  }

  private async writeDirty(force: boolean): Promise<void> {
    const keys = [...this.dirty];
    this.dirty.clear();
    this.writing = new Set(keys);
    const now = Date.now();
    try {
      for (const key of keys) {
        const db = this.loaded.get(key);
        if (!db) continue;
        // Take the index entry from the state being written now: the session keeps changing
        // while the write runs, and the index must never claim more than the file holds.
        const entry = { file: fileName(db.data.userId, db.data.sessionId), appliedSeq: db.data.appliedSeq, summary: summarizeSession(db.data, now, 0) };
        await db.write();
        this.index.set(key, entry);
      }
      if (this.index.behind && (force || Date.now() - this.indexWrittenAt >= Math.max(this.minIndexIntervalMs, INDEX_COST_RATIO * this.indexWriteMs))) {
        await this.writeIndex();
      }
    } catch {
      // A failed write-behind is not lost: the capture log holds it and start-up re-applies it.
      for (const k of keys) this.dirty.add(k);
    } finally {
      this.writing = new Set();
    }
  }

  // retention: sessions whose captures were all pruned
  /** The highest capture seq a session has applied right now (in memory if loaded), -1 if unknown. */
  appliedSeqNow(userId: string, sessionId: string): number {
    const key = sessionKey(userId, sessionId);
    return this.loaded.get(key)?.data.appliedSeq ?? this.index.appliedSeq(key) ?? -1;
  }

  /** Forget sessions for good: the index without them first (atomic), then their files. */
  async remove(refs: readonly { userId: string; sessionId: string }[]): Promise<void> {
    if (this.readOnly || refs.length === 0) return;
    while (this.running) await this.running;
    const files: string[] = [];
    for (const { userId, sessionId } of refs) {
      const key = sessionKey(userId, sessionId);
      files.push(join(this.dir, this.index.file(key) ?? fileName(userId, sessionId)));
      this.loaded.delete(key);
      this.dirty.delete(key);
      this.index.remove(key);
    }
    this.running = (async () => {
      await this.writeIndex();
      for (const file of files) {
        await unlink(file).catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'ENOENT') throw err;
        });
      }
      await fsyncDir(this.dir);
    })().finally(() => {
      this.running = null;
      if (this.dirty.size > 0 || this.index.behind) this.timer ??= setTimeout(() => void this.flush(false), WRITE_BEHIND_MS);
    });
    await this.running;
  }

  /** What changed in the index since its last write (see SessionIndex), timed for the write-behind pace. */
  private async writeIndex(): Promise<void> {
    const started = performance.now();
    await this.index.write();
    this.indexWriteMs = performance.now() - started;
    this.indexWrittenAt = Date.now();
  }

  private async load(key: string, userId: string, sessionId: string): Promise<SessionData | undefined> {
    const file = join(this.dir, this.index.file(key) ?? fileName(userId, sessionId));
    const db = new Low<SessionData | null>(new DurableJSONFile(file), null);
    try {
      await db.read();
    } catch (err) {
      if (!(err instanceof CorruptFileError)) throw err;
      const report = await this.setAside(file, `${err.message}; rebuilt from the capture log`);
      this.reports.push(report);
      this.onReport(report);
      return undefined;
    }
    if (!db.data || db.data.userId !== userId || db.data.sessionId !== sessionId) return undefined;
    this.loaded.set(key, db as Low<SessionData>);
    this.touched.set(key, Date.now());
    return db.data;
  }

  /**
   * memory: drop sessions that are on disk exactly as they are and were not used for
   * `idleLimit(session)` ms; get() reads the file again when one is needed. Without this every
   * night ever received stays in memory (tens of KB each) for as long as the console runs.
   * `busy` keeps sessions with work in flight. Sessions a write in progress is writing stay (the
   * write looks them up here; under constant load some write is always running, so waiting for
   * none would keep every night in memory), and nothing is dropped in read-only review (memory is
   * the only copy there).
   */
  evict(busy: (key: string) => boolean, idleLimit: (session: SessionData) => number, now = Date.now(), maxLoaded = Infinity): number {
    if (this.readOnly) return 0;
    let dropped = 0;
    const clean: [string, number][] = [];
    for (const [key, db] of [...this.loaded]) {
      if (this.dirty.has(key) || this.writing.has(key) || busy(key) || !this.index.has(key)) continue;
      const idle = now - (this.touched.get(key) ?? 0);
      if (idle < idleLimit(db.data)) {
        clean.push([key, idle]);
        continue;
      }
      this.loaded.delete(key);
      dropped++;
    }
    // Above the cap, the least recently used of the rest go too (a flood of nights at once).
    clean.sort((a, b) => b[1] - a[1]);
    for (const [key] of clean) {
      if (this.loaded.size <= maxLoaded) break;
      this.loaded.delete(key);
      dropped++;
    }
    for (const key of [...this.touched.keys()]) if (!this.loaded.has(key)) this.touched.delete(key);
    return dropped;
  }

  /** How many sessions are in memory now (the rest are on disk only). */
  get inMemory(): number {
    return this.loaded.size;
  }

  private async setAside(file: string, reason: string): Promise<CorruptFileReport> {
    return this.readOnly ? reportInPlace(file, reason) : moveAside(file, reason);
  }

  /** Sessions whose state may have changed with time alone (live → stale). */
  liveKeys(now: number, staleAfterMinutes: number): SessionData[] {
    return [...this.loaded.values()].map((d) => d.data).filter((s) => sessionState(s, now, staleAfterMinutes) !== 'complete');
  }
}

/** A file name that is safe on every OS whatever the ids contain, and unique per (user, session). */
export function fileName(userId: string, sessionId: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40);
  const hash = createHash('sha256').update(sessionKey(userId, sessionId)).digest('hex').slice(0, 12);
  return `${safe(userId)}__${safe(sessionId)}__${hash}.json`;
}

/** A stored summary's state now: complete stays complete; otherwise live or stale by the time since its last chunk. */
function withState(s: SessionSummary, now: number, staleAfterMinutes: number): SessionSummary {
  if (s.state === 'complete') return s;
  const idle = now - Date.parse(s.lastChunkAt ?? s.lastEventAt) > staleAfterFor(s.chunkMinutes ?? null, staleAfterMinutes) * 60_000;
  return { ...s, state: idle ? 'stale' : 'live' };
}
