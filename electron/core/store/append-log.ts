import { open, readdir, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDir } from './fsync';

/** Where one record sits: enough to read it back without scanning. */
export interface RecordLocation {
  segment: number;
  offset: number;
  length: number;
}

interface Pending {
  bytes: Buffer;
  resolve: (loc: RecordLocation) => void;
  reject: (err: unknown) => void;
}

const SEGMENT_RE = /^seg-(\d{6})\.jsonl$/;
/** The segment's handle is closed after this long without a write (see closeWhenIdle). */
export const IDLE_CLOSE_MS = 2_000;
export const segmentName = (n: number) => `seg-${String(n).padStart(6, '0')}.jsonl`;

/**
 * An append-only log of JSON lines split into segments, with group commit: every record waiting
 * while a write is in flight goes into the next single write + fdatasync. This is the record a 2xx
 * promises: `append` resolves only after the bytes are on disk.
 *
 * A failed write is rolled back (truncate to the last good size) so the log never holds a partial
 * record that a later append would glue onto; the next append simply tries again, so ingestion
 * resumes by itself when the disk has room again.
 */
export class AppendLog {
  private handle: FileHandle | null = null;
  private segment = 0;
  private size = 0;
  private records = 0;
  private queue: Pending[] = [];
  private flushing = false;
  /** Start a new segment before the next write (retention prunes whole segments, so they must not span too long). */
  private rotateRequested = false;
  private idleWaiters: (() => void)[] = [];
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly dir: string,
    private readonly limits: { maxSegmentBytes: number; maxSegmentRecords: number; idleCloseMs?: number },
  ) {}

  /** Open the newest segment for appending; returns the segments that exist, oldest first. */
  async open(): Promise<number[]> {
    const segments = await listSegments(this.dir);
    this.segment = segments.at(-1) ?? 1;
    const file = join(this.dir, segmentName(this.segment));
    this.handle = await open(file, 'a+');
    this.size = (await this.handle.stat()).size;
    if (segments.length === 0) {
      await fsyncDir(this.dir);
      segments.push(this.segment);
    }
    this.closeWhenIdle();
    return segments;
  }

  /** Tell the log how many records its newest segment already holds (known after recovery). */
  setRecordCount(count: number): void {
    this.records = count;
  }

  get currentSegment(): number {
    return this.segment;
  }

  append(line: string): Promise<RecordLocation> {
    const bytes = Buffer.from(line + '\n', 'utf8');
    return new Promise((resolve, reject) => {
      this.queue.push({ bytes, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        try {
          await this.rotateIfFull();
          const locations = await this.writeBatch(batch);
          batch.forEach((p, i) => p.resolve(locations[i]!));
        } catch (err) {
          batch.forEach((p) => p.reject(err));
        }
      }
    } finally {
      this.flushing = false;
      this.wakeIdle();
      this.closeWhenIdle();
    }
  }

  /**
   * Close the handle after a quiet spell; the next write reopens it (an open and a stat, next to
   * the fdatasync every write pays anyway). While a file is open for writing, Linux refuses to
   * remount its disk read-only or to unmount it (EBUSY); between webhooks the console holds none,
   * and a disk that went read-only meanwhile is refused at the next write's open (EROFS → 503).
   */
  private closeWhenIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      const handle = this.handle;
      if (this.flushing || this.queue.length > 0 || !handle) return;
      this.handle = null;
      void handle.close().catch(() => undefined);
    }, this.limits.idleCloseMs ?? IDLE_CLOSE_MS);
    this.idleTimer.unref();
  }

  private wakeIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    waiters.forEach((w) => w());
  }

  /** The next write goes into a new segment (if the current one holds anything). */
  requestRotation(): void {
    this.rotateRequested = true;
  }

  /**
   * Close the current segment now (when it holds anything) and return the segment appended to from
   * here on. Runs while no batch is being written, so no record can land in the old segment afterwards.
   */
  async rotateNow(): Promise<number> {
    while (this.flushing) await new Promise<void>((r) => this.idleWaiters.push(r));
    this.flushing = true;
    try {
      this.rotateRequested = true;
      await this.rotateIfFull();
      return this.segment;
    } finally {
      this.flushing = false;
      this.wakeIdle();
      if (this.queue.length > 0) void this.flush();
    }
  }

  private async writeBatch(batch: Pending[]): Promise<RecordLocation[]> {
    const handle = await this.ensureOpen();
    const start = this.size;
    const locations: RecordLocation[] = [];
    let offset = start;
    for (const p of batch) {
      locations.push({ segment: this.segment, offset, length: p.bytes.length });
      offset += p.bytes.length;
    }
    const all = batch.length === 1 ? batch[0]!.bytes : Buffer.concat(batch.map((p) => p.bytes));
    try {
      let written = 0;
      while (written < all.length) {
        const { bytesWritten } = await handle.write(all, written, all.length - written, start + written);
        written += bytesWritten;
      }
      await handle.datasync();
    } catch (err) {
      await this.rollback(start);
      throw err;
    }
    this.size = offset;
    this.records += batch.length;
    return locations;
  }

  private async rollback(goodSize: number): Promise<void> {
    try {
      await this.handle?.truncate(goodSize);
    } catch {
      // Could not even truncate: reopen next time and trust the size on disk we knew to be good.
      await this.handle?.close().catch(() => undefined);
      this.handle = null;
    }
    this.size = goodSize;
  }

  private async ensureOpen(): Promise<FileHandle> {
    if (this.handle) return this.handle;
    const file = join(this.dir, segmentName(this.segment));
    this.handle = await open(file, 'a+');
    const onDisk = (await this.handle.stat()).size;
    if (onDisk > this.size) await this.handle.truncate(this.size);
    return this.handle;
  }

  private async rotateIfFull(): Promise<void> {
    const requested = this.rotateRequested && this.size > 0;
    this.rotateRequested = false;
    if (!requested && this.size < this.limits.maxSegmentBytes && this.records < this.limits.maxSegmentRecords) return;
    const next = this.segment + 1;
    const handle = await open(join(this.dir, segmentName(next)), 'a+');
    await fsyncDir(this.dir);
    await this.handle?.close().catch(() => undefined);
    this.handle = handle;
    this.segment = next;
    this.size = 0;
    this.records = 0;
  }

  async close(): Promise<void> {
    while (this.flushing || this.queue.length > 0) await new Promise((r) => setTimeout(r, 5));
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    await this.handle?.close().catch(() => undefined);
    this.handle = null;
  }

  async deleteSegment(segment: number): Promise<void> {
    if (segment === this.segment) return;
    await unlink(join(this.dir, segmentName(segment))).catch(() => undefined);
  }
}

export function listSegments(dir: string): Promise<number[]> {
  return numberedFiles(dir, SEGMENT_RE);
}

/** The numbers in the names of a folder's files that match `re` (its first group), ascending. */
export async function numberedFiles(dir: string, re: RegExp): Promise<number[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names
    .map((n) => re.exec(n)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

export async function segmentSize(dir: string, segment: number): Promise<number> {
  try {
    return (await stat(join(dir, segmentName(segment)))).size;
  } catch {
    return -1;
  }
}

/** Read one record back by its location. */
export async function readRecord(dir: string, loc: RecordLocation): Promise<string> {
  const handle = await open(join(dir, segmentName(loc.segment)), 'r');
  try {
    const buf = Buffer.alloc(loc.length);
    await handle.read(buf, 0, loc.length, loc.offset);
    return buf.toString('utf8').trimEnd();
  } finally {
    await handle.close();
  }
}

/**
 * Read whole records from `from` to the end of a segment. A last line without its newline is a
 * record whose write never finished (it was never acknowledged); it is reported so the caller can
 * cut it off.
 */
export async function scanSegment(
  dir: string,
  segment: number,
  from: number,
): Promise<{ records: { text: string; loc: RecordLocation }[]; validEnd: number; size: number }> {
  const handle = await open(join(dir, segmentName(segment)), 'r');
  try {
    const size = (await handle.stat()).size;
    const records: { text: string; loc: RecordLocation }[] = [];
    if (from >= size) return { records, validEnd: Math.min(from, size), size };
    const buf = Buffer.alloc(size - from);
    await handle.read(buf, 0, buf.length, from);
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(0x0a, start);
      if (nl < 0) break;
      records.push({
        text: buf.subarray(start, nl).toString('utf8'),
        loc: { segment, offset: from + start, length: nl + 1 - start },
      });
      start = nl + 1;
    }
    return { records, validEnd: from + start, size };
  } finally {
    await handle.close();
  }
}
