import { interpret } from '../../../shared/asleep/interpret';
import type { CaptureDetail, CaptureSummary } from '../../../shared/capture';
import { recordText, summaryFilter, summaryText } from '../../../shared/capture-query';
import type { CaptureList, CaptureQuery } from '../../../shared/contract';
import { exportFileName, type ExportFile } from '../../../shared/export';
import { harDocument } from '../../../shared/har';
import { summarize, type CaptureJournal, type CaptureRecord, type ColdInfo } from '../store/capture-journal';

/** A body search (`q`) reads candidates from disk newest first for at most this long, then answers `partial`. */
export const SEARCH_BUDGET_MS = 400;
/** Records read from disk per batch during a body search (the budget is checked between batches). */
const SEARCH_BATCH = 256;

export interface CaptureReaderDeps {
  accepted: CaptureJournal;
  rejected: CaptureJournal;
  /** Refused requests kept in memory until their write lands in the rejected journal (or if it never can). */
  pending: () => readonly CaptureRecord[];
  /** What forwarding did with a capture, if anything. */
  forwarded: (id: string) => CaptureDetail['forwarded'] | undefined;
  /** The origin HAR exports name (the local webhook listener). */
  origin: () => string;
}

/**
 * The inspector's reads: the captures list (accepted, refused and pending merged newest first, in
 * seq order), every filter and the body search with its time budget, a capture's detail, raw
 * records, NDJSON and HAR exports. Cold segments are read only as a walk reaches them.
 */
export class CaptureReader {
  constructor(private readonly deps: CaptureReaderDeps) {}

  /** Refused requests whose write has not landed in the rejected journal yet. */
  pendingSummaries(): CaptureSummary[] {
    return this.deps.pending().filter((r) => !this.deps.rejected.get(r.id)).map(summarize);
  }

  async list(query: CaptureQuery): Promise<CaptureSummary[]> {
    // captures list: one walk from the newest (or from beforeSeq), never a copy of the whole index
    const out: CaptureSummary[] = [];
    for await (const batch of this.newestFirst(query)) {
      for (const c of batch) {
        out.push(c);
        if (out.length >= query.limit) return out;
      }
    }
    return out;
  }

  /**
   * Newest first, matching every summary filter, in seq order, in batches: accepted summaries (in
   * memory, then cold segments as the walk reaches them) merged with refused and pending ones.
   */
  private async *newestFirst(query: Omit<CaptureQuery, 'limit'>): AsyncGenerator<CaptureSummary[]> {
    const match = summaryFilter(query);
    const below = query.beforeSeq ?? Number.POSITIVE_INFINITY;
    const pending = this.pendingSummaries();
    // A copy of the references: the walk awaits cold reads while refused requests keep arriving.
    const refused = this.deps.rejected.inMemory().slice();
    // Paging back starts below beforeSeq (each source is in seq order), not at the newest capture.
    const others = [(i: number) => refused[i]?.summary, (i: number) => pending[i]];
    const cursors = [lastBelow(others[0]!, refused.length, below), lastBelow(others[1]!, pending.length, below)];
    const nextOther = (): number => {
      let best = -1;
      for (let i = 0; i < others.length; i++) {
        const c = others[i]!(cursors[i]!);
        if (c && (best < 0 || c.seq > others[best]!(cursors[best]!)!.seq)) best = i;
      }
      return best;
    };
    const takeOthersAbove = (seq: number, out: CaptureSummary[]): void => {
      for (let i = nextOther(); i >= 0; i = nextOther()) {
        const c = others[i]!(cursors[i]!)!;
        if (c.seq <= seq) return;
        cursors[i]!--;
        if (match(c)) out.push(c);
      }
    };
    for await (const batch of this.deps.accepted.newestFirst(below, 512, coldMayMatch(query))) {
      const out: CaptureSummary[] = [];
      for (const { summary } of batch) {
        takeOthersAbove(summary.seq, out);
        if (match(summary)) out.push(summary);
      }
      if (out.length > 0) yield out;
    }
    const rest: CaptureSummary[] = [];
    takeOthersAbove(-1, rest);
    if (rest.length > 0) yield rest;
  }

  /**
   * Every filter, `q` included. Summaries are filtered in memory; for `q` a summary's own text is
   * checked first and only the rest are read from disk, newest first, until `limit` matches or the
   * time budget is spent (then `partial: true`: older captures were not all searched; narrow the filter).
   */
  async query(query: CaptureQuery, budgetMs = SEARCH_BUDGET_MS): Promise<CaptureList> {
    if (query.q === undefined) return { items: await this.list(query) };
    const needle = query.q.toLowerCase();
    const deadline = performance.now() + budgetMs;
    const items: CaptureSummary[] = [];
    // Candidates whose summary does not match are read from disk in batches (one read per span of
    // neighbouring records), newest first; matches keep their newest-first order.
    const batch: CaptureSummary[] = [];
    const flush = async (): Promise<void> => {
      const records = await this.records(batch.map((c) => c.id));
      batch.forEach((c, i) => {
        const r = records[i];
        if (items.length < query.limit && r && recordText(r).includes(needle)) items.push(c);
      });
      batch.length = 0;
    };
    walk: for await (const summaries of this.newestFirst(query)) {
      for (const c of summaries) {
        if (items.length >= query.limit) break walk;
        if (summaryText(c).includes(needle)) {
          if (batch.length > 0) await flush();
          if (items.length < query.limit) items.push(c);
          continue;
        }
        batch.push(c);
        if (batch.length >= SEARCH_BATCH) {
          if (performance.now() > deadline) return { items, partial: true };
          await flush();
        }
      }
    }
    if (batch.length > 0) {
      if (performance.now() > deadline) return { items, partial: true };
      await flush();
    }
    return { items };
  }

  /** Raw records of many captures (accepted, rejected or not yet on disk), in the order asked. */
  async records(ids: string[]): Promise<(CaptureRecord | null)[]> {
    // A rejected record leaves memory once its write has landed in the journal, perhaps while we read:
    // look in memory as it was before reading (whatever had left it then was already in the journal).
    const wanted = new Set(ids);
    const inMemory = new Map(this.deps.pending().filter((r) => wanted.has(r.id)).map((r) => [r.id, r]));
    const [accepted, rejected] = await Promise.all([
      this.deps.accepted.readMany(ids).catch(() => ids.map(() => null)),
      this.deps.rejected.readMany(ids).catch(() => ids.map(() => null)),
    ]);
    return ids.map((id, i) => accepted[i] ?? rejected[i] ?? inMemory.get(id) ?? null);
  }

  async export(query: Omit<CaptureQuery, 'limit'> & { limit: number }, format: 'ndjson' | 'har'): Promise<ExportFile> {
    const { items } = await this.query(query, SEARCH_BUDGET_MS * 5);
    const details: CaptureDetail[] = [];
    for (const s of items) {
      const d = await this.detail(s.id).catch(() => null);
      if (d) details.push(d);
    }
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    if (format === 'ndjson') {
      return { fileName: exportFileName(['captures', stamp], 'ndjson'), mimeType: 'application/x-ndjson', content: details.map((d) => JSON.stringify(d) + '\n').join('') };
    }
    const har = harDocument(details, this.deps.origin());
    return { fileName: exportFileName(['captures', stamp], 'har'), mimeType: 'application/json', content: JSON.stringify(har, null, 2) };
  }

  async detail(id: string): Promise<CaptureDetail | null> {
    const [record = null] = await this.records([id]);
    if (!record) return null;
    const { rawHeaders: _raw, ...rest } = record;
    const normalized = record.status === 200 && record.body !== undefined ? interpret(JSON.parse(record.body)).normalized : null;
    const forwarded = this.deps.forwarded(id);
    return { ...rest, normalized, ...(forwarded ? { forwarded } : {}) };
  }
}

/**
 * Whether a cold segment's header leaves room for a capture this query wants: a time range outside
 * the segment's, or a night (participant/session) the segment never names, rules it out unread.
 */
function coldMayMatch(query: Omit<CaptureQuery, 'limit'>): (cold: ColdInfo) => boolean {
  const from = query.from ? Date.parse(query.from) : null;
  const to = query.to ? Date.parse(query.to) : null;
  const slash = query.session?.indexOf('/') ?? -1;
  // Only `user/session`: a bare session id may also match captures without a participant, which no header lists.
  const night = query.session && slash >= 0 ? `${query.session.slice(0, slash)}\u0000${query.session.slice(slash + 1)}` : null;
  return (h) => !(from !== null && h.lastAt < from) && !(to !== null && h.firstAt > to) && (night === null || h.nights.mightHave(night));
}

/** The last index whose capture's seq is below `seq`, in a source sorted by seq (ascending); -1 if none. */
function lastBelow(at: (i: number) => CaptureSummary | undefined, length: number, seq: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (at(mid)!.seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
