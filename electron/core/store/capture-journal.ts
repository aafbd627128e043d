import { appendFile, mkdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { CaptureDetail, CaptureSummary } from '../../../shared/capture';
import type { CorruptFileReport } from '../../../shared/contract';
import { AppendLog, listSegments, readRecord, scanSegment, segmentName, type RecordLocation } from './append-log';
import { fsyncDir } from './fsync';
import { DurableJSONFile } from './durable-json-file';
import { moveAside, reportInPlace, saveAside } from './move-aside';
import { readRecords } from './read-span';
import {
  appliesToNight,
  coldHeader,
  coldInfo,
  coldName,
  indexLine,
  listCold,
  readColdEntries,
  readColdHeader,
  sessionKeyOf,
  writeCold,
  type ColdHeader,
  type ColdInfo,
  type IndexEntry,
} from './cold-segment';

export type { ColdHeader, ColdInfo, IndexEntry } from './cold-segment';

/** What one log line holds: everything about a request except the normalized view (recomputed on read). */
export type CaptureRecord = Omit<CaptureDetail, 'normalized'> & { rawHeaders: string[] };

const INDEX_FILE = 'index.jsonl';
const INDEX_FLUSH_MS = 100;
/** Cold segments whose summaries are kept parsed after a read (paging, a detail view, a replay). */
const COLD_CACHE_SEGMENTS = 3;
/** Capture ids are `c<seq>`: the seq says which segment an id that is not in memory lives in. */
/** After a cold file could not be written (disk full), wait this long before trying again. */
const EVICT_RETRY_MS = 10_000;
const SEQ_OF_ID = /^[a-z]+(\d+)$/;

/** A session's presence in one segment, known without reading its summaries. */
export interface SessionInSegment {
  segment: number;
  userId: string;
  sessionId: string;
  /** Newest seq naming the session in the segment, and newest one its night applies (0 if none). */
  maxSeq: number;
  maxApplied: number;
}

/** How old one segment's captures are, for retention (which prunes whole segments). */
export interface SegmentAge {
  segment: number;
  count: number;
  newest: number;
  /** Captures older than the cut-off asked about. */
  older: number;
}

/**
 * Captures on disk: an append-only log (the durable record) plus a summary index that start-up
 * reads instead of the captures. The index is written behind the log and rebuilt from it after a
 * crash, so only the log has to be fsynced before a request is acknowledged.
 *
 * memory: with `memoryRecords`, only about that many of the newest summaries stay in memory. Older
 * sealed segments go "cold": their summaries move to one file per segment (see cold-segment.ts)
 * and are read back when asked for (paging far back, a detail view, a night's replay, retention),
 * so memory stays flat however many captures the folder holds.
 */
export class CaptureJournal {
  private readonly log: AppendLog;
  private list: IndexEntry[] = [];
  private byId = new Map<string, IndexEntry>();
  /** Entries whose index line is not written yet; an amendment before the flush costs no extra line. */
  private pendingIndex = new Map<string, IndexEntry>();
  private indexTimer: NodeJS.Timeout | null = null;
  private indexWrite: Promise<void> = Promise.resolve();
  /** When the current segment got its first record (ms), for the age-based rotation. */
  private segmentStart: { segment: number; at: number } | null = null;
  /** Segments whose summaries live in their cold file, by segment number. */
  private readonly cold = new Map<number, ColdInfo>();
  /**
   * The per-night maps of the cold headers read at open, kept only until the first sessionsBySegment()
   * (start-up recovery, right after open) so that it does not read every header a second time.
   */
  private openedSessions: Map<number, ColdHeader['sessions']> | null = null;
  private coldCount = 0;
  private coldMaxSeq = 0;
  /** Recently read cold segments (most recent last), and reads in flight. */
  private readonly coldCache = new Map<number, { entries: IndexEntry[]; byId: Map<string, IndexEntry> }>();
  private readonly coldLoading = new Map<number, Promise<{ entries: IndexEntry[]; byId: Map<string, IndexEntry> }>>();
  private evicting = false;
  private evictRetryAt = 0;

  constructor(
    readonly dir: string,
    private readonly options: {
      maxSegmentBytes: number;
      maxSegmentRecords: number;
      maxRecords?: number;
      /** Start a new segment once the current one's first record is this old: retention prunes whole segments. */
      maxSegmentAgeMs?: number;
      /** Keep about this many of the newest summaries in memory; older sealed segments go cold (no limit if unset). */
      memoryRecords?: number;
      /** Review a copied folder: read only, never truncate, set aside, delete or rewrite anything. */
      readOnly?: boolean;
    },
  ) {
    if (options.maxRecords !== undefined && options.memoryRecords !== undefined) throw new Error('a journal either drops old records or keeps them cold, not both');
    this.log = new AppendLog(dir, options);
  }

  async open(): Promise<CorruptFileReport[]> {
    if (!this.options.readOnly) await mkdir(this.dir, { recursive: true });
    const reports: CorruptFileReport[] = [];
    const segments = await listSegments(this.dir);
    const known = new Set(segments);
    this.openedSessions = new Map();
    await this.openCold(known, reports);
    const indexed = await this.readIndex(reports);
    const locs = new Map<number, RecordLocation[]>();
    let usable = 0;
    for (const e of indexed) {
      if (!known.has(e.loc.segment) || this.cold.has(e.loc.segment)) continue;
      usable++;
      this.insert(e);
      let list = locs.get(e.loc.segment);
      if (!list) locs.set(e.loc.segment, (list = []));
      list.push(e.loc);
    }
    // Lines of cold segments (an eviction cut short), repeated lines or gaps: write the index again.
    let rebuilt = indexed.length !== usable || usable !== this.list.length;
    for (const segment of segments) {
      if (this.cold.has(segment)) continue;
      const recovered = await this.recoverTail(segment, coveredPrefix(locs.get(segment) ?? []), reports);
      if (recovered) rebuilt = true;
    }
    if (this.options.readOnly) {
      this.enforceLimit();
      return reports;
    }
    await this.log.open();
    // Never append to a cold segment (its summaries would be missing from its file).
    if (this.cold.has(this.log.currentSegment)) await this.log.rotateNow();
    const inCurrent = this.list.filter((e) => e.loc.segment === this.log.currentSegment);
    this.log.setRecordCount(inCurrent.length);
    let firstAt = Infinity; // a loop, not Math.min(...): a segment holds up to 50,000 records
    for (const e of inCurrent) firstAt = Math.min(firstAt, Date.parse(e.summary.receivedAt) || Infinity);
    this.segmentStart = Number.isFinite(firstAt) ? { segment: this.log.currentSegment, at: firstAt } : null;
    if (rebuilt || reports.length > 0) await this.rewriteIndex();
    this.enforceLimit();
    await this.indexWrite; // a store grown past memoryRecords goes cold before the first capture
    return reports;
  }

  /** The summaries in memory (the newest ones, or all without `memoryRecords`), in seq order. */
  inMemory(): readonly IndexEntry[] {
    return this.list;
  }

  /** A summary in memory (see find for any capture). */
  get(id: string): IndexEntry | undefined {
    return this.byId.get(id);
  }

  /** Any capture's summary, read from its cold segment when it is not in memory. */
  async find(id: string): Promise<IndexEntry | undefined> {
    const hot = this.byId.get(id);
    if (hot || this.cold.size === 0) return hot;
    const seq = Number(SEQ_OF_ID.exec(id)?.[1] ?? NaN);
    if (!Number.isFinite(seq)) return undefined;
    for (const h of this.cold.values()) {
      if (seq < h.minSeq || seq > h.maxSeq) continue;
      const found = (await this.coldSegment(h.segment)).byId.get(id);
      if (found) return found;
    }
    return undefined;
  }

  get size(): number {
    return this.list.length + this.coldCount;
  }

  /** Captures whose summaries are in cold files, not in memory. */
  get coldSize(): number {
    return this.coldCount;
  }

  get maxSeq(): number {
    return Math.max(this.list.at(-1)?.summary.seq ?? 0, this.coldMaxSeq);
  }

  /** Resolves once the record is on disk (fdatasync); the index follows behind. */
  async append(record: CaptureRecord): Promise<IndexEntry> {
    if (this.options.readOnly) throw new Error('This folder is open read-only for review.');
    const maxAge = this.options.maxSegmentAgeMs;
    if (maxAge !== undefined && this.segmentStart && Date.now() - this.segmentStart.at >= maxAge) {
      this.log.requestRotation();
      this.segmentStart = { segment: -1, at: Date.now() }; // one rotation, not one per record in flight
    }
    const loc = await this.log.append(JSON.stringify(record));
    if (loc.segment !== this.segmentStart?.segment) this.segmentStart = { segment: loc.segment, at: Date.now() };
    const entry: IndexEntry = { summary: summarize(record), loc };
    this.insert(entry);
    this.queueIndexLine(entry);
    this.enforceLimit();
    return entry;
  }

  /** Update summary fields known only after the answer was sent (index only, not the log). */
  amend(id: string, patch: Partial<CaptureSummary>): void {
    const entry = this.byId.get(id);
    if (!entry || this.options.readOnly) return;
    Object.assign(entry.summary, patch);
    this.queueIndexLine(entry);
  }

  async read(id: string): Promise<CaptureRecord | null> {
    const entry = await this.find(id);
    if (!entry) return null;
    const record = JSON.parse(await readRecord(this.dir, entry.loc)) as CaptureRecord;
    return { ...record, ...entry.summary };
  }

  /** Many records at once, in the order asked (null for an unknown id or an unreadable record). */
  async readMany(ids: readonly string[]): Promise<(CaptureRecord | null)[]> {
    const entries: (IndexEntry | null)[] = [];
    for (const id of ids) entries.push(this.byId.get(id) ?? (this.cold.size > 0 ? ((await this.find(id)) ?? null) : null));
    const known = entries.filter((e): e is IndexEntry => e !== null);
    const texts = await readRecords(this.dir, known.map((e) => e.loc));
    const byEntry = new Map<IndexEntry, CaptureRecord | null>();
    known.forEach((e, i) => {
      const text = texts[i];
      let record: CaptureRecord | null = null;
      try {
        record = text ? { ...(JSON.parse(text) as CaptureRecord), ...e.summary } : null;
      } catch {
        record = null; // a damaged line is reported at start-up; a search just skips it
      }
      byEntry.set(e, record);
    });
    return entries.map((e) => (e ? (byEntry.get(e) ?? null) : null));
  }

  /**
   * Every summary, newest first, in batches (`beforeSeq`: only older ones; `mayHold`: false for a
   * cold segment that cannot hold a wanted one). Exact seq order across
   * memory and cold segments: a cold segment is read only once the walk reaches its seq range.
   */
  async *newestFirst(beforeSeq = Number.POSITIVE_INFINITY, batch = 512, mayHold: (cold: ColdInfo) => boolean = () => true): AsyncGenerator<IndexEntry[]> {
    // A copy of the references: appends and evictions change the list while this walk awaits.
    const hot = this.list.slice(0, lastBelow(this.list, beforeSeq) + 1);
    let hotAt = hot.length - 1;
    // `mayHold`: a filter that its header rules out (a time range, a night) skips a cold segment unread.
    const pending = [...this.cold.values()].filter((h) => h.minSeq < beforeSeq && mayHold(h)).sort((a, b) => b.maxSeq - a.maxSeq);
    const open: { entries: IndexEntry[]; at: number }[] = [];
    let out: IndexEntry[] = [];
    for (;;) {
      const hotNext = hotAt >= 0 ? hot[hotAt]!.summary.seq : -1;
      let best = hotNext;
      for (const o of open) if (o.at >= 0) best = Math.max(best, o.entries[o.at]!.summary.seq);
      // A cold segment whose range reaches above the best candidate may hold the next one: read it.
      if (pending.length > 0 && pending[0]!.maxSeq > best) {
        if (out.length > 0) {
          yield out;
          out = [];
        }
        const h = pending.shift()!;
        const entries = (await this.coldSegment(h.segment)).entries;
        open.push({ entries, at: lastBelow(entries, beforeSeq) });
        continue;
      }
      if (best < 0) break;
      if (hotNext === best) out.push(hot[hotAt--]!);
      else {
        const o = open.find((c) => c.at >= 0 && c.entries[c.at]!.summary.seq === best)!;
        out.push(o.entries[o.at--]!);
      }
      if (out.length >= batch) {
        yield out;
        out = [];
      }
    }
    if (out.length > 0) yield out;
  }

  /** Summaries with a seq above `afterSeq`, in seq order (cold segments are read only if they reach that far). */
  async summariesAfter(afterSeq: number): Promise<CaptureSummary[]> {
    const out: CaptureSummary[] = [];
    walk: for await (const batch of this.newestFirst()) {
      for (const e of batch) {
        if (e.summary.seq <= afterSeq) break walk;
        out.push(e.summary);
      }
    }
    return out.reverse();
  }

  /** Summaries received at or after `fromMs`: those in memory, then each cold segment that reaches that far. */
  async *receivedSince(fromMs: number): AsyncGenerator<readonly IndexEntry[]> {
    yield this.list;
    const reaching = [...this.cold.values()].filter((h) => h.lastAt >= fromMs).sort((a, b) => b.segment - a.segment);
    for (const h of reaching) yield (await this.coldSegment(h.segment)).entries;
  }

  /** Every capture naming this session, in seq order (only the cold segments that hold it are read). */
  async sessionEntries(userId: string, sessionId: string): Promise<IndexEntry[]> {
    const key = `${userId}\u0000${sessionId}`;
    const out: IndexEntry[] = [];
    for (const h of [...this.cold.values()].sort((a, b) => a.segment - b.segment)) {
      if (!h.nights.mightHave(key)) continue;
      for (const e of (await this.coldSegment(h.segment)).entries) if (e.summary.userId === userId && e.summary.sessionId === sessionId) out.push(e);
    }
    for (const e of this.list) if (e.summary.userId === userId && e.summary.sessionId === sessionId) out.push(e);
    return out.sort((a, b) => a.summary.seq - b.summary.seq);
  }

  /**
   * Which sessions each segment names, and their newest seqs there: from memory, and from the cold
   * files' header lines (read here: start-up recovery and retention need them, nothing on the ingest path).
   */
  async sessionsBySegment(): Promise<SessionInSegment[]> {
    const out: SessionInSegment[] = [];
    const opened = this.openedSessions;
    this.openedSessions = null;
    for (const segment of [...this.cold.keys()]) {
      const sessions =
        opened?.get(segment) ??
        (await readColdHeader(this.dir, segment).then(
          (h) => h.sessions,
          (err: unknown) => {
            if (!this.cold.has(segment)) return null; // pruned while this walk read the others
            throw err;
          },
        ));
      if (!sessions) continue;
      for (const [key, [maxSeq, maxApplied]] of Object.entries(sessions)) {
        const cut = key.indexOf('\u0000');
        out.push({ segment, userId: key.slice(0, cut), sessionId: key.slice(cut + 1), maxSeq, maxApplied });
      }
    }
    const hot = new Map<string, SessionInSegment>();
    for (const { summary: s, loc } of this.list) {
      const key = sessionKeyOf(s);
      if (!key) continue;
      const k = `${loc.segment}\u0000${key}`;
      let p = hot.get(k);
      if (!p) hot.set(k, (p = { segment: loc.segment, userId: s.userId!, sessionId: s.sessionId!, maxSeq: 0, maxApplied: 0 }));
      p.maxSeq = Math.max(p.maxSeq, s.seq);
      if (appliesToNight(s)) p.maxApplied = Math.max(p.maxApplied, s.seq);
    }
    return [...out, ...hot.values()];
  }

  /** Captures per tunnel URL (null: a direct request). */
  viaCounts(): Map<string | null, number> {
    const out = new Map<string | null, number>();
    for (const h of this.cold.values()) for (const [via, n] of Object.entries(h.via)) out.set(via || null, (out.get(via || null) ?? 0) + n);
    for (const { summary } of this.list) out.set(summary.via ?? null, (out.get(summary.via ?? null) ?? 0) + 1);
    return out;
  }

  /** Per segment: how many captures, the newest time, how many are older than the cut-off. */
  async segmentAges(cutoffMs: number): Promise<SegmentAge[]> {
    const bySegment = new Map<number, SegmentAge>();
    for (const h of this.cold.values()) {
      // Only a segment that straddles the cut-off needs its summaries read to count the older ones.
      let older = h.lastAt < cutoffMs ? h.count : 0;
      if (h.firstAt < cutoffMs && h.lastAt >= cutoffMs) {
        for (const e of (await this.coldSegment(h.segment)).entries) if (Date.parse(e.summary.receivedAt) < cutoffMs) older++;
      }
      bySegment.set(h.segment, { segment: h.segment, count: h.count, newest: h.lastAt, older });
    }
    for (const { summary, loc } of this.list) {
      const at = Date.parse(summary.receivedAt);
      let s = bySegment.get(loc.segment);
      if (!s) bySegment.set(loc.segment, (s = { segment: loc.segment, count: 0, newest: -Infinity, older: 0 }));
      s.count++;
      // An unreadable time counts as new: never prune what we cannot date.
      s.newest = Math.max(s.newest, Number.isFinite(at) ? at : Infinity);
      if (at < cutoffMs) s.older++;
    }
    return [...bySegment.values()].sort((a, b) => a.segment - b.segment);
  }

  async close(): Promise<void> {
    await this.flushIndex();
    await this.log.close();
  }

  async flushIndex(): Promise<void> {
    if (this.indexTimer) clearTimeout(this.indexTimer);
    this.indexTimer = null;
    const entries = [...this.pendingIndex.values()];
    this.pendingIndex.clear();
    if (entries.length > 0) {
      this.indexWrite = this.indexWrite
        .then(() => appendFile(join(this.dir, INDEX_FILE), entries.map(indexLine).join('')))
        .catch(() => {
          // Disk full or the like: try these again with the next flush. Even if they never make
          // it, start-up finds the gap in the index and re-reads those records from the log.
          for (const e of entries) if (!this.pendingIndex.has(e.summary.id)) this.pendingIndex.set(e.summary.id, e);
        });
    }
    await this.indexWrite;
  }

  // retention: whole segments are pruned (see electron/core/retention)
  /** The segment appended to now. */
  get currentSegment(): number {
    return this.log.currentSegment;
  }

  /** Close the current segment so it can be pruned: later records go into a new one. */
  async sealCurrentSegment(): Promise<void> {
    if (this.options.readOnly) return;
    await this.log.rotateNow();
    this.segmentStart = null;
  }

  /**
   * Drop every capture of these segments from memory and write the index without them (atomic
   * rename, after any index write in progress). The files are deleted separately, afterwards: if the
   * process dies in between, start-up finds them again and the prune intent deletes them.
   */
  async forgetSegments(segments: readonly number[]): Promise<void> {
    const gone = new Set(segments);
    if (gone.has(this.log.currentSegment)) throw new Error(`segment ${segments.join(',')} is still being appended to; seal it first`);
    const kept: IndexEntry[] = [];
    for (const e of this.list) {
      if (!gone.has(e.loc.segment)) kept.push(e);
      else {
        this.byId.delete(e.summary.id);
        this.pendingIndex.delete(e.summary.id);
      }
    }
    this.list = kept;
    for (const n of segments) this.dropCold(n);
    const rewrite = this.indexWrite.then(() => this.rewriteIndex());
    this.indexWrite = rewrite.catch(() => undefined);
    await rewrite;
  }

  /** Delete segment files (already forgotten) and their cold index files, and make the deletion durable. */
  async deleteSegmentFiles(segments: readonly number[]): Promise<void> {
    for (const n of segments) {
      if (n === this.log.currentSegment) continue;
      for (const name of [segmentName(n), coldName(n)]) {
        await unlink(join(this.dir, name)).catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'ENOENT') throw err;
        });
      }
    }
    await fsyncDir(this.dir);
  }

  private insert(entry: IndexEntry, replace = true): void {
    const existing = this.byId.get(entry.summary.id);
    if (existing) {
      // A later index line (e.g. with the answer time) updates the entry; a re-read log record does not.
      if (replace) Object.assign(existing.summary, entry.summary);
      return;
    }
    this.byId.set(entry.summary.id, entry);
    // Appends arrive almost in seq order; walk back from the end to the right place.
    let i = this.list.length;
    while (i > 0 && this.list[i - 1]!.summary.seq > entry.summary.seq) i--;
    this.list.splice(i, 0, entry);
  }

  private enforceLimit(): void {
    const memoryRecords = this.options.memoryRecords;
    if (memoryRecords !== undefined && this.list.length > memoryRecords && !this.evicting && !this.options.readOnly && Date.now() >= this.evictRetryAt) {
      this.evicting = true;
      // After any index write in progress, so the cold file and index.jsonl never race.
      this.indexWrite = this.indexWrite
        .then(() => this.evictToWindow())
        .catch(() => {
          this.evictRetryAt = Date.now() + EVICT_RETRY_MS; // disk trouble: memory grows a while, nothing is lost
        })
        .finally(() => (this.evicting = false));
    }
    const max = this.options.maxRecords;
    if (!max || this.list.length <= max) return;
    const dropped = this.list.splice(0, this.list.length - max);
    for (const e of dropped) this.byId.delete(e.summary.id);
    if (this.options.readOnly) return;
    const live = new Set(this.list.map((e) => e.loc.segment));
    for (const segment of new Set(dropped.map((e) => e.loc.segment))) {
      if (!live.has(segment)) void this.log.deleteSegment(segment);
    }
  }

  /** Move the oldest sealed segments' summaries to cold files until memory holds about `memoryRecords`. */
  private async evictToWindow(): Promise<void> {
    const max = this.options.memoryRecords;
    if (max === undefined || this.options.readOnly) return;
    while (this.list.length > max) {
      let oldest = Infinity;
      for (const e of this.list) oldest = Math.min(oldest, e.loc.segment);
      if (oldest >= this.log.currentSegment) return; // only the segment being appended to is left
      await this.evictSegment(oldest);
    }
  }

  /**
   * The cold file first (atomic), then memory, then index.jsonl without the segment. A crash in
   * between leaves the segment's lines in index.jsonl too; start-up prefers the cold file.
   */
  private async evictSegment(segment: number): Promise<void> {
    const entries = this.list.filter((e) => e.loc.segment === segment);
    const header = coldHeader(segment, entries);
    await writeCold(this.dir, header, entries);
    this.addCold(header);
    this.list = this.list.filter((e) => e.loc.segment !== segment);
    for (const e of entries) {
      this.byId.delete(e.summary.id);
      this.pendingIndex.delete(e.summary.id);
    }
    await this.rewriteIndex();
  }

  private addCold(header: ColdHeader): void {
    this.cold.set(header.segment, coldInfo(header));
    this.coldCount += header.count;
    this.coldMaxSeq = Math.max(this.coldMaxSeq, header.maxSeq);
  }

  private dropCold(segment: number): void {
    const h = this.cold.get(segment);
    if (!h) return;
    this.cold.delete(segment);
    this.coldCache.delete(segment);
    this.coldCount -= h.count;
    this.coldMaxSeq = 0;
    for (const other of this.cold.values()) this.coldMaxSeq = Math.max(this.coldMaxSeq, other.maxSeq);
  }

  /** A cold segment's summaries (kept for the next few reads: paging and replays come back to them). */
  private async coldSegment(segment: number): Promise<{ entries: IndexEntry[]; byId: Map<string, IndexEntry> }> {
    const cached = this.coldCache.get(segment);
    if (cached) {
      this.coldCache.delete(segment);
      this.coldCache.set(segment, cached);
      return cached;
    }
    let loading = this.coldLoading.get(segment);
    if (!loading) {
      loading = readColdEntries(this.dir, segment)
        .then((entries) => {
          const loaded = { entries, byId: new Map(entries.map((e) => [e.summary.id, e])) };
          if (this.cold.has(segment)) {
            this.coldCache.set(segment, loaded);
            while (this.coldCache.size > COLD_CACHE_SEGMENTS) this.coldCache.delete(this.coldCache.keys().next().value!);
          }
          return loaded;
        })
        .finally(() => this.coldLoading.delete(segment));
      this.coldLoading.set(segment, loading);
    }
    return loading;
  }

  /** Cold headers of segments that still exist; a cold file that does not read is set aside and its segment re-indexed from the log. */
  private async openCold(known: ReadonlySet<number>, reports: CorruptFileReport[]): Promise<void> {
    for (const segment of await listCold(this.dir)) {
      const file = join(this.dir, coldName(segment));
      if (!known.has(segment)) {
        // Its segment was pruned; the crash came before this file went too.
        if (!this.options.readOnly) await unlink(file).catch(() => undefined);
        continue;
      }
      try {
        const header = await readColdHeader(this.dir, segment);
        this.addCold(header);
        this.openedSessions?.set(segment, header.sessions);
      } catch (err) {
        const reason = `the summaries of ${segmentName(segment)} do not read (${err instanceof Error ? err.message : String(err)}); rebuilt from the capture log`;
        reports.push(this.options.readOnly ? reportInPlace(file, reason) : await moveAside(file, reason));
      }
    }
  }

  private queueIndexLine(entry: IndexEntry): void {
    this.pendingIndex.set(entry.summary.id, entry);
    this.indexTimer ??= setTimeout(() => void this.flushIndex(), INDEX_FLUSH_MS);
  }

  private async readIndex(reports: CorruptFileReport[]): Promise<IndexEntry[]> {
    let text: string;
    try {
      text = await readFile(join(this.dir, INDEX_FILE), 'utf8');
    } catch {
      return [];
    }
    const out: IndexEntry[] = [];
    let bad = 0;
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        const { loc, ...summary } = JSON.parse(line) as CaptureSummary & { loc: RecordLocation };
        if (typeof summary.id !== 'string' || typeof loc?.offset !== 'number') throw new Error('missing fields');
        out.push({ summary, loc });
      } catch {
        bad++;
      }
    }
    if (bad > 0 && out.length === 0) {
      const reason = `${bad} unreadable lines; rebuilt from the capture log`;
      reports.push(this.options.readOnly ? reportInPlace(join(this.dir, INDEX_FILE), reason) : await moveAside(join(this.dir, INDEX_FILE), reason));
    }
    return out;
  }

  /** Index whatever the log holds past what the index knows; cut off a record whose write never finished. */
  private async recoverTail(segment: number, from: number, reports: CorruptFileReport[]): Promise<boolean> {
    const { records, validEnd, size } = await scanSegment(this.dir, segment, from);
    let changed = false;
    for (const { text, loc } of records) {
      try {
        const record = JSON.parse(text) as CaptureRecord;
        if (!this.byId.has(record.id)) changed = true;
        this.insert({ summary: summarize(record), loc }, false);
      } catch {
        reports.push({
          file: `${this.dir}/seg-${segment}`,
          movedTo: '',
          at: new Date().toISOString(),
          reason: `a record at byte ${loc.offset} is not JSON and was skipped`,
        });
      }
    }
    if (validEnd < size) {
      reports.push(
        this.options.readOnly
          ? reportInPlace(`${this.dir}/seg-${segment}`, `${size - validEnd} bytes of an unfinished (never acknowledged) record at the end are ignored`)
          : await saveAside(this.dir, segment, validEnd, size),
      );
      changed = true;
    }
    return changed;
  }

  private async rewriteIndex(): Promise<void> {
    this.pendingIndex.clear();
    const text = this.list.map(indexLine).join('');
    await new DurableJSONFile<string>(join(this.dir, INDEX_FILE)).writeRaw(text);
  }
}

/** Index of the last entry with a seq below `beforeSeq` (entries in seq order), or -1. */
function lastBelow(entries: readonly IndexEntry[], beforeSeq: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid]!.summary.seq < beforeSeq) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * How far from the start of a segment the index covers without a gap. Records lie back to back,
 * so a gap means index lines were lost (crash, full disk) and the log must be read from there.
 */
function coveredPrefix(locs: RecordLocation[]): number {
  let end = 0;
  for (const loc of [...locs].sort((a, b) => a.offset - b.offset)) {
    if (loc.offset > end) break;
    end = Math.max(end, loc.offset + loc.length);
  }
  return end;
}

export function summarize(record: CaptureRecord): CaptureSummary {
  return {
    id: record.id,
    seq: record.seq,
    receivedAt: record.receivedAt,
    method: record.method,
    path: record.path,
    status: record.status,
    stage: record.stage,
    reason: record.reason,
    event: record.event,
    layout: record.layout,
    version: record.version,
    valid: record.valid,
    issues: record.issues,
    warnings: record.warnings,
    duplicate: record.duplicate,
    duplicateOf: record.duplicateOf,
    userId: record.userId,
    sessionId: record.sessionId,
    size: record.size,
    remoteAddress: record.remoteAddress,
    apiKey: record.apiKey,
    answerMs: record.answerMs,
    via: record.via ?? null,
  };
}
