import { interpret } from '../../../shared/asleep/interpret';
import type { Normalized } from '../../../shared/asleep/model';
import type { SessionDetail, SessionSummary } from '../../../shared/session';
import {
  applyCapture,
  classify,
  newSession,
  summarizeSession,
  type SessionData,
} from '../../../shared/sessions/timeline';
import { sessionDetail } from '../../../shared/sessions/session-detail';
import type { CaptureJournal, CaptureRecord, IndexEntry } from '../store/capture-journal';
import { SessionStore, sessionKey } from './session-store';

/** memory: how long a session stays in memory after its last use (see evictIdle). */
const COMPLETE_IDLE_MS = 60_000;
const IDLE_MS = 15 * 60_000;
/** memory: at most about this many nights stay in memory (tens of KB each), however many arrive at once. */
const MAX_NIGHTS_IN_MEMORY = 300;

export interface SessionServiceOptions {
  staleAfterMinutes: () => number;
  onUpdated: (summary: SessionSummary) => void;
}

/**
 * Sessions built from accepted captures. Captures of one session are taken one at a time (a
 * promise chain per session) so "same / conflict" is decided against everything before them;
 * captures of different sessions still share one group-commit write.
 */
export class SessionService {
  private readonly chains = new Map<string, Promise<unknown>>();
  private lastFloodEviction = 0;
  private readonly toAnnounce = new Map<string, SessionData>();
  private announceTimer: NodeJS.Timeout | null = null;
  /** While `recover` runs, nights missing from the index are rebuilt from the capture log. */
  private recovering = false;

  constructor(
    private readonly store: SessionStore,
    private readonly journal: CaptureJournal,
    private readonly options: SessionServiceOptions,
  ) {}

  /**
   * Decide duplicate status, make the capture durable with `persist`, then apply it.
   * If `persist` throws (disk full), the session is left exactly as it was.
   */
  ingest<T>(record: CaptureRecord, n: Normalized, persist: (record: CaptureRecord) => Promise<T>): Promise<T> {
    const key = sessionKey(n.userId, n.sessionId);
    const run = (this.chains.get(key) ?? Promise.resolve()).then(async () => {
      let session = await this.load(n.userId, n.sessionId);
      const verdict = classify(session, n);
      record.duplicate = verdict.duplicate;
      record.duplicateOf = verdict.duplicateOf;
      const result = await persist(record);
      if (!session) {
        session = newSession(n.userId, n.sessionId, record.receivedAt);
        this.store.add(session);
      }
      applyCapture(session, record, n);
      this.store.markChanged(n.userId, n.sessionId);
      this.announce(key, session);
      // A flood of nights (hundreds a minute) would outgrow the cap between two 30-s ticks.
      if (this.store.inMemory > 2 * MAX_NIGHTS_IN_MEMORY && Date.now() - this.lastFloodEviction >= 1_000) {
        this.lastFloodEviction = Date.now();
        this.evictIdle();
      }
      return result;
    });
    const tail = run.catch(() => undefined);
    this.chains.set(key, tail);
    void tail.then(() => {
      if (this.chains.get(key) === tail) this.chains.delete(key);
    });
    return run;
  }

  /**
   * Tell the UI a session changed, at most every 200 ms per session: a burst of chunks becomes
   * one update, and the summary is not computed on the path before the answer.
   */
  private announce(key: string, session: SessionData): void {
    this.toAnnounce.set(key, session);
    this.announceTimer ??= setTimeout(() => {
      this.announceTimer = null;
      const now = Date.now();
      const sessions = [...this.toAnnounce.values()];
      this.toAnnounce.clear();
      for (const s of sessions) this.options.onUpdated(summarizeSession(s, now, this.options.staleAfterMinutes()));
    }, 200);
  }

  /** Every night (complete ones read from the index on disk). */
  list(): Promise<SessionSummary[]> {
    return this.store.summaries(Date.now(), this.options.staleAfterMinutes());
  }

  /** Nights whose state can still change (in memory, or not complete): cheap, for timers. */
  activeList(): SessionSummary[] {
    return this.store.activeSummaries(Date.now(), this.options.staleAfterMinutes());
  }

  /** Every night's key (`userId \0 sessionId`), from memory. */
  keys(): IterableIterator<string> {
    return this.store.keys();
  }

  async detail(userId: string, sessionId: string): Promise<SessionDetail | null> {
    const s = await this.load(userId, sessionId);
    return s ? sessionDetail(s, Date.now(), this.options.staleAfterMinutes()) : null;
  }

  /**
   * After a crash the session files may lag behind the capture log: re-apply, in arrival order,
   * every accepted capture that a session had not yet applied. (Read-only review: the store writes
   * nothing, so this recomputes in memory only.)
   */
  async recover(): Promise<number> {
    this.recovering = true;
    try {
      return await this.recoverBehind();
    } finally {
      this.recovering = false;
    }
  }

  private async recoverBehind(): Promise<number> {
    const behind = new Map<string, { userId: string; sessionId: string }>();
    // Per segment and session, from memory and the cold headers: no summary file is read here.
    for (const { userId, sessionId, maxApplied } of await this.journal.sessionsBySegment()) {
      if (maxApplied > 0 && maxApplied > this.store.appliedSeq(userId, sessionId)) behind.set(sessionKey(userId, sessionId), { userId, sessionId });
    }
    let applied = 0;
    for (const { userId, sessionId } of behind.values()) {
      const session = await this.load(userId, sessionId);
      if (!session) continue;
      applied += await this.replayInto(session, session.appliedSeq);
      // Even with nothing to re-apply, the index lagged behind this session: write it again.
      this.store.markChanged(userId, sessionId);
    }
    await this.store.flush();
    return applied;
  }

  // retention: sessions whose captures were all pruned
  /**
   * Remove sessions whose captures were all pruned. New captures of these sessions wait until this
   * is done; a session that applied a capture newer than `lastSeq` (its newest pruned one) has one
   * left, so it is kept. Returns the sessions removed.
   */
  async remove(sessions: readonly { userId: string; sessionId: string; lastSeq: number }[]): Promise<{ userId: string; sessionId: string }[]> {
    const keys = sessions.map((s) => sessionKey(s.userId, s.sessionId));
    const before = keys.map((k) => this.chains.get(k) ?? Promise.resolve());
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    for (const k of keys) this.chains.set(k, gate);
    try {
      await Promise.all(before.map((p) => p.catch(() => undefined)));
      const removable = sessions.filter((s) => this.store.appliedSeqNow(s.userId, s.sessionId) <= s.lastSeq).map(({ userId, sessionId }) => ({ userId, sessionId }));
      await this.store.remove(removable);
      for (const s of removable) this.toAnnounce.delete(sessionKey(s.userId, s.sessionId));
      return removable;
    } finally {
      release();
      for (const k of keys) if (this.chains.get(k) === gate) this.chains.delete(k);
    }
  }

  /** Emit fresh summaries for sessions whose state changed with time alone (live → stale); free memory. */
  tick(previous: Map<string, string>): void {
    this.recomputeStates(previous);
    this.evictIdle();
  }

  /**
   * memory: a night that is complete leaves memory a minute after it was last used, any other
   * after 15 minutes (a live night on the 5-minute plan stays), and beyond MAX_NIGHTS_IN_MEMORY
   * the least recently used go at once; a night is read from its file again when needed. Keeps a
   * console that runs for months, or takes a flood of nights, at a bounded size.
   */
  evictIdle(now = Date.now()): number {
    return this.store.evict(
      (key) => this.chains.has(key) || this.toAnnounce.has(key),
      (s) => (s.complete ? COMPLETE_IDLE_MS : IDLE_MS),
      now,
      MAX_NIGHTS_IN_MEMORY,
    );
  }

  /**
   * Recompute every session's state now (live / stale by the time since its last chunk) and emit
   * the summaries whose state differs from `previous`, which is updated (complete nights leave it).
   * Sessions known only from the index count too: after a restart or a sleep a participant may never send again, and the
   * UI must still see that night go stale. Runs every 30 s, and at once after a sleep.
   */
  recomputeStates(previous: Map<string, string>): SessionSummary[] {
    const changed: SessionSummary[] = [];
    const active = this.activeList();
    // A night that left the active ones is complete (announced when its report came): forget it here.
    const keys = new Set(active.map((s) => sessionKey(s.userId, s.sessionId)));
    for (const key of [...previous.keys()]) if (!keys.has(key)) previous.delete(key);
    for (const summary of active) {
      const key = sessionKey(summary.userId, summary.sessionId);
      const before = previous.get(key);
      if (before === summary.state) continue;
      previous.set(key, summary.state);
      // Completion is announced when the report arrives; a night already complete is no news.
      if (summary.state === 'complete' && before === undefined) continue;
      this.options.onUpdated(summary);
      changed.push(summary);
    }
    return changed;
  }

  hasLiveSessions(): boolean {
    return this.activeList().some((s) => s.state === 'live');
  }

  flush(): Promise<void> {
    if (this.announceTimer) clearTimeout(this.announceTimer);
    this.announceTimer = null;
    return this.store.flush();
  }

  /** The session from its file, or rebuilt from the capture log when the file is missing or corrupt. */
  private async load(userId: string, sessionId: string): Promise<SessionData | undefined> {
    const existing = await this.store.get(userId, sessionId);
    if (existing) return existing;
    // Outside recovery, a night neither in memory nor in the index is new: recovery put every night
    // with captures in the index, so there is nothing to rebuild and no reason to scan the whole log
    // (on the path before the answer) for it.
    if (!this.recovering && this.store.appliedSeqNow(userId, sessionId) < 0) return undefined;
    const captures = await this.journal.sessionEntries(userId, sessionId);
    const first = captures.find((e) => e.summary.status === 200);
    if (!first) return undefined;
    const session = newSession(userId, sessionId, first.summary.receivedAt);
    this.store.add(session);
    await this.replayInto(session, 0, captures);
    this.store.markChanged(userId, sessionId);
    return session;
  }

  private async replayInto(session: SessionData, afterSeq: number, captures?: readonly IndexEntry[]): Promise<number> {
    let applied = 0;
    for (const { summary } of captures ?? (await this.journal.sessionEntries(session.userId, session.sessionId))) {
      if (summary.seq <= afterSeq || summary.status !== 200 || !summary.valid) continue;
      const record = await this.journal.read(summary.id);
      if (!record?.body) continue;
      const n = interpret(JSON.parse(record.body)).normalized;
      if (!n) continue;
      applyCapture(session, summary, n);
      applied++;
    }
    if (applied > 0) this.store.markChanged(session.userId, session.sessionId);
    return applied;
  }
}

