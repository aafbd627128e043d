import { DAY_MS, type PrunePreview, type PruneReport, type RetentionStatus } from '../../../shared/settings';
import type { SessionService } from '../sessions/session-service';
import type { CaptureJournal } from '../store/capture-journal';
import { clearIntent, writeIntent, type PruneIntent } from './prune-intent';
import { doomedSessions, planJournal } from './prune-plan';

/** The steps of a prune, in order (a test can stop the process after any of them). */
export type PruneStep = 'intent' | 'index' | 'segments' | 'sessions';

export interface RetentionTiming {
  /** First automatic check after start-up. */
  firstCheckMs: number;
  /** Checks after that (an automatic prune runs at most once a day). */
  everyMs: number;
  /** Test-only: called after each step of a prune (e.g. to kill the process there). */
  afterStep?: (step: PruneStep) => void | Promise<void>;
}

const DEFAULT_TIMING: RetentionTiming = { firstCheckMs: 60_000, everyMs: 60 * 60_000 };

export interface RetentionDeps {
  dataDir: string;
  accepted: CaptureJournal;
  rejected: CaptureJournal;
  sessions: SessionService;
  retentionDays: () => number | null;
  /** After a prune that removed something: the UI reloads its lists, counts change. */
  pruned: (report: PruneReport) => void;
  timing?: Partial<RetentionTiming>;
}

/**
 * Retention: captures older than N days are pruned (never, by default). Manual prunes run exactly
 * what a preview showed (its `before`); the automatic one runs at most once a day. Prunes never
 * overlap, and each one is crash-consistent (see prune-intent.ts).
 */
export class RetentionService {
  private readonly timing: RetentionTiming;
  private running: Promise<unknown> = Promise.resolve();
  private lastPrune: PruneReport | null = null;
  private lastAutoAt: number | null = null;
  private lastError: string | null = null;
  private nextCheckAt: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** A prune that failed part-way (e.g. a file could not be deleted): the next one finishes it too. */
  private unfinished: PruneIntent | null = null;

  constructor(private readonly deps: RetentionDeps) {
    this.timing = { ...DEFAULT_TIMING, ...deps.timing };
  }

  /** Start the automatic checks (not in read-only review). */
  start(): void {
    this.schedule(this.timing.firstCheckMs);
  }

  stop(): Promise<unknown> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.nextCheckAt = null;
    return this.running.catch(() => undefined);
  }

  status(): RetentionStatus {
    const on = this.deps.retentionDays() !== null && this.timer !== null;
    return {
      lastPrune: this.lastPrune,
      nextCheckAt: on && this.nextCheckAt !== null ? new Date(this.nextCheckAt).toISOString() : null,
      lastError: this.lastError,
    };
  }

  async preview(days: number, now = Date.now()): Promise<PrunePreview> {
    return this.plan(now - days * DAY_MS, now).then((p) => p.preview);
  }

  /** Prune everything received before `before`, in whole segments; one prune at a time. */
  prune(before: string, auto = false): Promise<PruneReport> {
    const run = this.running.catch(() => undefined).then(() => this.pruneNow(Date.parse(before), auto));
    this.running = run;
    return run;
  }

  private async plan(cutoffMs: number, now: number) {
    const { accepted, rejected } = this.deps;
    const captures = await planJournal(accepted, cutoffMs);
    const refused = await planJournal(rejected, cutoffMs);
    const known = new Set(this.deps.sessions.keys());
    const sessions = doomedSessions(await accepted.sessionsBySegment(), captures.segments).filter((s) => known.has(`${s.userId}\u0000${s.sessionId}`));
    const preview: PrunePreview = {
      before: new Date(cutoffMs).toISOString(),
      days: Math.round(((now - cutoffMs) / DAY_MS) * 100) / 100,
      captures: captures.counts,
      rejected: refused.counts,
      sessions: sessions.length,
      olderKept: captures.olderKept + refused.olderKept,
    };
    return { preview, captures, refused, sessions };
  }

  private async pruneNow(cutoffMs: number, auto: boolean): Promise<PruneReport> {
    const { accepted, rejected, dataDir } = this.deps;
    const step = async (s: PruneStep) => this.timing.afterStep?.(s);
    // A segment still being appended to is closed first, so nothing new can land in it once planned.
    for (const journal of [accepted, rejected]) {
      const { segments } = await planJournal(journal, cutoffMs);
      if (segments.includes(journal.currentSegment)) await journal.sealCurrentSegment();
    }
    const { preview, captures, refused, sessions } = await this.plan(cutoffMs, Date.now());
    const report: PruneReport = { ...preview, at: new Date().toISOString(), auto };
    if (captures.segments.length + refused.segments.length === 0 && !this.unfinished) {
      this.lastPrune = report;
      return report;
    }
    const intent = merge(this.unfinished, { format: 1, at: report.at, before: report.before, captures: captures.segments, rejected: refused.segments, sessions });
    this.unfinished = intent;
    await writeIntent(dataDir, intent);
    await step('intent');
    await accepted.forgetSegments(intent.captures);
    await rejected.forgetSegments(intent.rejected);
    await step('index');
    await accepted.deleteSegmentFiles(intent.captures);
    await rejected.deleteSegmentFiles(intent.rejected);
    await step('segments');
    const removed = await this.deps.sessions.remove(intent.sessions);
    await step('sessions');
    await clearIntent(dataDir);
    this.unfinished = null;
    report.sessions = removed.length;
    this.lastPrune = report;
    this.deps.pruned(report);
    return report;
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.nextCheckAt = Date.now() + ms;
    this.timer = setTimeout(() => void this.check(), ms);
    this.timer.unref();
  }

  /** The automatic prune: when retention is set, at most once a day (checked often: a laptop sleeps through timers). */
  private async check(): Promise<void> {
    const days = this.deps.retentionDays();
    const now = Date.now();
    if (days !== null && (this.lastAutoAt === null || now - this.lastAutoAt >= DAY_MS)) {
      this.lastAutoAt = now;
      try {
        await this.prune(new Date(now - days * DAY_MS).toISOString(), true);
        this.lastError = null;
      } catch (err) {
        this.lastError = `The automatic prune failed: ${err instanceof Error ? err.message : String(err)}. It is tried again in an hour.`;
        this.lastAutoAt = null;
      }
    }
    if (this.timer) this.schedule(this.timing.everyMs);
  }
}

function merge(previous: PruneIntent | null, next: PruneIntent): PruneIntent {
  if (!previous) return next;
  const union = (a: number[], b: number[]) => [...new Set([...a, ...b])].sort((x, y) => x - y);
  const sessions = new Map([...previous.sessions, ...next.sessions].map((s) => [`${s.userId}\u0000${s.sessionId}`, s]));
  return { ...next, captures: union(previous.captures, next.captures), rejected: union(previous.rejected, next.rejected), sessions: [...sessions.values()] };
}
