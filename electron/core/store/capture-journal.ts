import { appendFile, mkdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { CaptureDetail, CaptureSummary } from '../../../shared/capture';
import type { CorruptFileReport } from '../../../shared/contract';
import { AppendLog, listSegments, readRecord, scanSegment, segmentName, type RecordLocation } from './append-log';
import { fsyncDir } from './fsync';
import { DurableJSONFile } from './durable-json-file';
import { moveAside, reportInPlace, saveAside } from './move-aside';
import { readRecords } from './read-span';

/** What one log line holds: everything about a request except the normalized view (recomputed on read). */
export type CaptureRecord = Omit<CaptureDetail, 'normalized'> & { rawHeaders: string[] };

export interface IndexEntry {
  summary: CaptureSummary;
  loc: RecordLocation;
}

const INDEX_FILE = 'index.jsonl';
const INDEX_FLUSH_MS = 100;

/**
 * Captures on disk: an append-only log (the durable record) plus a summary index that start-up
 * reads instead of the captures. The index is written behind the log and rebuilt from it after a
 * crash, so only the log has to be fsynced before a request is acknowledged.
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

  constructor(
    readonly dir: string,
    private readonly options: {
      maxSegmentBytes: number;
      maxSegmentRecords: number;
      maxRecords?: number;
      /** Start a new segment once the current one's first record is this old: retention prunes whole segments. */
      maxSegmentAgeMs?: number;
      /** Review a copied folder: read only, never truncate, set aside, delete or rewrite anything. */
      readOnly?: boolean;
    },
  ) {
    this.log = new AppendLog(dir, options);
  }

  async open(): Promise<CorruptFileReport[]> {
    if (!this.options.readOnly) await mkdir(this.dir, { recursive: true });
    const reports: CorruptFileReport[] = [];
    const indexed = await this.readIndex(reports);
    const segments = await listSegments(this.dir);
    const known = new Set(segments);
    const locs = new Map<number, RecordLocation[]>();
    for (const e of indexed) {
      if (!known.has(e.loc.segment)) continue;
      this.insert(e);
      let list = locs.get(e.loc.segment);
      if (!list) locs.set(e.loc.segment, (list = []));
      list.push(e.loc);
    }
    let rebuilt = indexed.length !== this.list.length;
    for (const segment of segments) {
      const recovered = await this.recoverTail(segment, coveredPrefix(locs.get(segment) ?? []), reports);
      if (recovered) rebuilt = true;
    }
    if (this.options.readOnly) {
      this.enforceLimit();
      return reports;
    }
    await this.log.open();
    const inCurrent = this.list.filter((e) => e.loc.segment === this.log.currentSegment);
    this.log.setRecordCount(inCurrent.length);
    let firstAt = Infinity; // a loop, not Math.min(...): a segment holds up to 50,000 records
    for (const e of inCurrent) firstAt = Math.min(firstAt, Date.parse(e.summary.receivedAt) || Infinity);
    this.segmentStart = Number.isFinite(firstAt) ? { segment: this.log.currentSegment, at: firstAt } : null;
    this.enforceLimit();
    if (rebuilt || reports.length > 0) await this.rewriteIndex();
    return reports;
  }

  entries(): readonly IndexEntry[] {
    return this.list;
  }

  get(id: string): IndexEntry | undefined {
    return this.byId.get(id);
  }

  get size(): number {
    return this.list.length;
  }

  get maxSeq(): number {
    return this.list.at(-1)?.summary.seq ?? 0;
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
    const entry = this.byId.get(id);
    if (!entry) return null;
    const record = JSON.parse(await readRecord(this.dir, entry.loc)) as CaptureRecord;
    return { ...record, ...entry.summary };
  }

  /** Many records at once, in the order asked (null for an unknown id or an unreadable record). */
  async readMany(ids: readonly string[]): Promise<(CaptureRecord | null)[]> {
    const entries = ids.map((id) => this.byId.get(id) ?? null);
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
    const rewrite = this.indexWrite.then(() => this.rewriteIndex());
    this.indexWrite = rewrite.catch(() => undefined);
    await rewrite;
  }

  /** Delete segment files (already forgotten) and make the deletion durable. */
  async deleteSegmentFiles(segments: readonly number[]): Promise<void> {
    for (const n of segments) {
      if (n === this.log.currentSegment) continue;
      await unlink(join(this.dir, segmentName(n))).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
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

const indexLine = (e: IndexEntry) => JSON.stringify({ ...e.summary, loc: e.loc }) + '\n';

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
