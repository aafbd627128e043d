import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';
import { fsyncDir } from './fsync';

/** Thrown by `read()` when the file exists but is not JSON; the caller moves it aside. */
export class CorruptFileError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${basename(file)} is not valid JSON (${reason})`);
  }
}

/**
 * A lowdb adapter whose `write` returns only once the data is on disk: a unique temp file written
 * with `flush: true`, renamed over the target, then the folder fsynced. lowdb's default writer
 * (steno) renames without any fsync, so a power cut could leave an empty or old file.
 *
 * Writes to one file coalesce: while one is running, later calls wait and the newest data is
 * written once after it, so N concurrent writers cost at most two rewrites.
 */
export class DurableJSONFile<T> implements Adapter<T> {
  private running: Promise<void> | null = null;
  private next: { data: T; waiters: { resolve: () => void; reject: (e: unknown) => void }[] } | null = null;

  constructor(
    readonly file: string,
    private readonly options: { mode?: number; pretty?: boolean } = {},
  ) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    if (text.trim() === '') throw new CorruptFileError(this.file, 'empty file');
    try {
      return JSON.parse(text) as T;
    } catch (err) {
      throw new CorruptFileError(this.file, err instanceof Error ? err.message : String(err));
    }
  }

  write(data: T): Promise<void> {
    if (!this.running) {
      this.running = this.writeNow(data).finally(() => this.afterWrite());
      return this.running;
    }
    return new Promise((resolve, reject) => {
      if (!this.next) this.next = { data, waiters: [] };
      this.next.data = data;
      this.next.waiters.push({ resolve, reject });
    });
  }

  private afterWrite(): void {
    this.running = null;
    const queued = this.next;
    this.next = null;
    if (!queued) return;
    this.running = this.writeNow(queued.data).finally(() => this.afterWrite());
    this.running.then(
      () => queued.waiters.forEach((w) => w.resolve()),
      (err) => queued.waiters.forEach((w) => w.reject(err)),
    );
  }

  /** Write text as it is (no coalescing): for files that are not JSON documents, like an index of lines. */
  writeRaw(text: string): Promise<void> {
    return this.writeText(text);
  }

  private writeNow(data: T): Promise<void> {
    return this.writeText(this.options.pretty ? JSON.stringify(data, null, 2) : JSON.stringify(data));
  }

  /** Write text handed over in pieces (same atomic temp-fsync-rename), for a file too big to hold as one string. */
  async writeChunks(chunks: Iterable<string>): Promise<void> {
    const temp = join(dirname(this.file), `.${basename(this.file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      const handle = await open(temp, 'w', this.options.mode ?? 0o644);
      try {
        for (const chunk of chunks) await handle.writeFile(chunk); // at the current position, all of it
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, this.file);
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      throw err;
    }
    await fsyncDir(dirname(this.file));
  }

  private async writeText(text: string): Promise<void> {
    const temp = join(dirname(this.file), `.${basename(this.file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      await writeFile(temp, text, { flush: true, mode: this.options.mode ?? 0o644 });
      await rename(temp, this.file);
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      throw err;
    }
    await fsyncDir(dirname(this.file));
  }
}
