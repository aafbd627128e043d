import { appendFile, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { CorruptFileReport } from '../../../shared/contract';
import type { SessionSummary } from '../../../shared/session';
import { CorruptFileError, DurableJSONFile } from '../store/durable-json-file';
import { moveAside, reportInPlace } from '../store/move-aside';

// memory: the index of every night. Its summaries are read at start-up and when the whole list is
// asked for; in memory stay only the applied seq of each night and the summaries that change with
// time (nights not complete) or are not written yet, so a console that has seen tens of thousands
// of nights does not hold all their summaries.
//
// On disk: `index.json`, a snapshot ({"format":1,"generation":g,"sessions":{key: entry}}), and
// `index-changes.jsonl`, entries changed since, one per line ({"g":g,"key":…,"entry":…} or
// {"g":g,"key":…,"removed":true}). Lines of another generation (a compaction cut short) are ignored.

export interface SessionIndexEntry {
  file: string;
  appliedSeq: number;
  summary: SessionSummary;
}

interface Snapshot {
  format: 1;
  generation?: number;
  sessions: Record<string, SessionIndexEntry>;
}

interface Night {
  appliedSeq: number;
  /** Only when it is not the default file name (see fileName). */
  file?: string;
  /** Only for nights not complete, and until written. */
  summary?: SessionSummary;
}

type ChangeLine = { g: number; key: string; entry: SessionIndexEntry } | { g: number; key: string; removed: true };

const SNAPSHOT = 'index.json';
const CHANGES = 'index-changes.jsonl';
/** Snapshot entries per write call: written piece by piece, never as one big string. */
const ENTRIES_PER_CHUNK = 500;
/** Compact (write a new snapshot) once the change lines outnumber the nights this many times (and at least MIN). */
const COMPACT_RATIO = 4;
const MIN_COMPACT_LINES = 20_000;

export class SessionIndex {
  private readonly nights = new Map<string, Night>();
  /** Changed since the last write (null: removed). */
  private readonly unwritten = new Map<string, SessionIndexEntry | null>();
  private generation = 0;
  private changeLines = 0;
  readonly reports: CorruptFileReport[] = [];

  constructor(
    readonly dir: string,
    private readonly readOnly: boolean,
    private readonly defaultFile: (key: string) => string,
  ) {}

  /** Reads the snapshot and the changes; a snapshot that does not parse is set aside (rebuilt from the capture log). */
  async open(): Promise<void> {
    const all = await this.readAll();
    for (const [key, entry] of all) this.remember(key, entry);
    // Many change lines make start-up slow: fold them into a new snapshot now.
    if (!this.readOnly && this.changeLines > 0) await this.compact(all);
  }

  get size(): number {
    return this.nights.size;
  }

  has(key: string): boolean {
    return this.nights.has(key);
  }

  keys(): IterableIterator<string> {
    return this.nights.keys();
  }

  appliedSeq(key: string): number | undefined {
    return this.nights.get(key)?.appliedSeq;
  }

  file(key: string): string | undefined {
    const n = this.nights.get(key);
    return n ? (n.file ?? this.defaultFile(key)) : undefined;
  }

  /** Summaries held in memory: every night not complete, and complete ones not written yet. */
  *inMemory(): Generator<[string, SessionSummary]> {
    for (const [key, n] of this.nights) if (n.summary) yield [key, n.summary];
  }

  set(key: string, entry: SessionIndexEntry): void {
    this.remember(key, entry, true);
    this.unwritten.set(key, entry);
  }

  remove(key: string): void {
    this.nights.delete(key);
    this.unwritten.set(key, null);
  }

  /** Something is in memory only. */
  get behind(): boolean {
    return this.unwritten.size > 0;
  }

  /** Every entry (from the files, with what is not written yet on top): for the whole list. */
  async entries(): Promise<Map<string, SessionIndexEntry>> {
    // A snapshot found corrupt at start-up was set aside (or, in read-only review, is ignored):
    // its nights come back from the capture log, and so are in `unwritten`.
    const all = await this.readAll(false).catch((err: unknown) => {
      if (err instanceof CorruptFileError) return new Map<string, SessionIndexEntry>();
      throw err;
    });
    for (const [key, entry] of this.unwritten) {
      if (entry) all.set(key, entry);
      else all.delete(key);
    }
    return all;
  }

  /** Append what changed (one write; fsynced); now and then fold the changes into a new snapshot. */
  async write(): Promise<void> {
    if (this.readOnly || this.unwritten.size === 0) return;
    const batch = [...this.unwritten];
    const lines = batch.map(([key, entry]) => JSON.stringify(entry ? { g: this.generation, key, entry } : { g: this.generation, key, removed: true }) + '\n');
    await appendFile(join(this.dir, CHANGES), lines.join(''), { flush: true });
    this.changeLines += lines.length;
    for (const [key, entry] of batch) {
      if (this.unwritten.get(key) !== entry) continue; // changed again meanwhile: stays unwritten
      this.unwritten.delete(key);
      const night = this.nights.get(key);
      if (night && entry?.summary.state === 'complete') delete night.summary;
    }
    if (this.changeLines > Math.max(MIN_COMPACT_LINES, COMPACT_RATIO * this.nights.size)) await this.compact(await this.readAll(false));
  }

  private remember(key: string, entry: SessionIndexEntry, keepSummary = false): void {
    const night: Night = { appliedSeq: entry.appliedSeq };
    if (entry.file !== this.defaultFile(key)) night.file = entry.file;
    if (keepSummary || entry.summary.state !== 'complete') night.summary = entry.summary;
    this.nights.set(key, night);
  }

  /** A new snapshot with everything (atomic), then the old change lines go (ignored anyway: older generation). */
  private async compact(all: Map<string, SessionIndexEntry>): Promise<void> {
    const generation = this.generation + 1;
    await new DurableJSONFile<Snapshot>(join(this.dir, SNAPSHOT)).writeChunks(snapshotChunks(generation, all));
    this.generation = generation;
    this.changeLines = 0;
    await unlink(join(this.dir, CHANGES)).catch(() => undefined);
  }

  /** Snapshot plus change lines of its generation. `report`: set a bad snapshot aside (start-up only). */
  private async readAll(report = true): Promise<Map<string, SessionIndexEntry>> {
    const all = new Map<string, SessionIndexEntry>();
    const snapshotFile = join(this.dir, SNAPSHOT);
    let generation = 0;
    try {
      const snapshot = await new DurableJSONFile<Snapshot>(snapshotFile).read();
      if (snapshot) {
        generation = snapshot.generation ?? 0;
        for (const [key, entry] of Object.entries(snapshot.sessions ?? {})) all.set(key, entry);
      }
    } catch (err) {
      if (!(err instanceof CorruptFileError) || !report) throw err;
      const reason = `${err.message}; rebuilt from the capture log`;
      this.reports.push(this.readOnly ? reportInPlace(err.file, reason) : await moveAside(err.file, reason));
    }
    let lines = 0;
    const text = await readFile(join(this.dir, CHANGES), 'utf8').catch(() => '');
    for (const line of text.split('\n')) {
      if (!line) continue;
      let change: ChangeLine;
      try {
        change = JSON.parse(line) as ChangeLine;
      } catch {
        continue; // a line cut short by a crash: the capture log still has what it said
      }
      if (change.g !== generation) continue;
      lines++;
      if ('removed' in change) all.delete(change.key);
      else all.set(change.key, change.entry);
    }
    if (report) {
      this.generation = generation;
      this.changeLines = lines;
    }
    return all;
  }
}

/** The snapshot as JSON.stringify would write it, a few hundred entries at a time. */
function* snapshotChunks(generation: number, sessions: Map<string, SessionIndexEntry>): Generator<string> {
  yield `{"format":1,"generation":${generation},"sessions":{`;
  let parts: string[] = [];
  let first = true;
  for (const [key, entry] of sessions) {
    parts.push(`${first ? '' : ','}${JSON.stringify(key)}:${JSON.stringify(entry)}`);
    first = false;
    if (parts.length >= ENTRIES_PER_CHUNK) {
      yield parts.join('');
      parts = [];
    }
  }
  yield parts.join('') + '}}';
}
