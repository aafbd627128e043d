import { mkdir, open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

export interface RotatingFileOptions {
  dir: string;
  /** `console` → console.log, console.1.log, … */
  base?: string;
  /** Rotate before a write would take the current file past this many bytes. */
  maxBytes?: number;
  /** Files kept in all, the current one included (console.log + console.1.log … console.<keep-1>.log). */
  keep?: number;
  /** Lines waiting beyond this are dropped (and counted) rather than held in memory. */
  maxQueuedLines?: number;
  /** Where the one note about a failing log goes (stderr by default). */
  note?: (message: string) => void;
}

export const DEFAULT_LOG_MAX_BYTES = 5 * 1024 * 1024;
export const DEFAULT_LOG_KEEP = 5;

/**
 * An append-only text file that rotates by size. `write` only queues: it never waits, never throws
 * and never lets a log problem reach the caller (the webhook listener must not slow down or fail
 * because the log cannot be written). A failure (disk full, folder removed) is noted once on stderr;
 * lines are dropped until a write succeeds again, and the next line written says how many were lost.
 * Log lines are not fsynced: they are diagnostics, not acknowledged data.
 */
export class RotatingFile {
  private readonly dir: string;
  private readonly base: string;
  private readonly maxBytes: number;
  private readonly keep: number;
  private readonly maxQueued: number;
  private readonly note: (message: string) => void;
  private queue: string[] = [];
  private handle: FileHandle | null = null;
  private size = 0;
  private draining: Promise<void> | null = null;
  private failing = false;
  private lost = 0;
  private closed = false;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(options: RotatingFileOptions) {
    this.dir = options.dir;
    this.base = options.base ?? 'console';
    this.maxBytes = Math.max(256, options.maxBytes ?? DEFAULT_LOG_MAX_BYTES);
    this.keep = Math.max(1, options.keep ?? DEFAULT_LOG_KEEP);
    this.maxQueued = options.maxQueuedLines ?? 10_000;
    this.note = options.note ?? ((m) => process.stderr.write(`${m}\n`));
  }

  /** The file being written now. */
  get path(): string {
    return this.fileFor(0);
  }

  /** Queue one line (a newline is added). */
  write(line: string): void {
    if (this.closed) return;
    if (this.queue.length >= this.maxQueued) {
      this.lost++;
      return;
    }
    this.queue.push(line.endsWith('\n') ? line : `${line}\n`);
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
      this.closeWhenIdle();
      // Lines queued while the last batch was failing wait for the next write to retry.
    });
  }

  /** Resolves once every line queued so far has been written (or dropped). */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const handle = this.handle;
    this.handle = null;
    await handle?.close().catch(() => undefined);
  }

  /**
   * Close the file after 2 s without a line (the next line reopens it): while a file is open for
   * writing, Linux refuses to remount its disk read-only or to unmount it (EBUSY). Same as AppendLog.
   */
  private closeWhenIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      const handle = this.handle;
      if (this.draining || this.queue.length > 0 || !handle) return;
      this.handle = null;
      void handle.close().catch(() => undefined);
    }, 2_000);
    this.idleTimer.unref();
  }

  fileFor(n: number): string {
    return join(this.dir, n === 0 ? `${this.base}.log` : `${this.base}.${n}.log`);
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        if (this.lost > 0 && !this.failing) {
          batch.unshift(`${JSON.stringify({ time: new Date().toISOString(), level: 'warn', event: 'log.lines-lost', msg: `${this.lost} log lines were lost while the log could not be written` })}\n`);
          this.lost = 0;
        }
        await this.writeBatch(batch);
        if (this.failing) {
          this.failing = false;
          const msg = `log writing resumed; ${this.lost} lines were lost`;
          this.lost = 0;
          await this.writeBatch([`${JSON.stringify({ time: new Date().toISOString(), level: 'warn', event: 'log.resumed', msg })}\n`]);
        }
      } catch (err) {
        this.lost += batch.length;
        await this.handle?.close().catch(() => undefined);
        this.handle = null;
        if (!this.failing) {
          this.failing = true;
          try {
            this.note(`[asleep-console] The log file ${this.path} cannot be written (${describe(err)}); logging is paused until it can. Webhooks are not affected.`);
          } catch {
            // Even stderr may be gone (a closed terminal): nothing more to do.
          }
        }
        // Try again only when there is something new to write: no busy loop on a full disk.
        return;
      }
    }
  }

  private async writeBatch(lines: string[]): Promise<void> {
    let chunk = '';
    let chunkBytes = 0;
    for (const line of lines) {
      const bytes = Buffer.byteLength(line);
      await this.ensureOpen();
      if (this.size + chunkBytes + bytes > this.maxBytes && this.size + chunkBytes > 0) {
        if (chunk) await this.append(chunk, chunkBytes);
        chunk = '';
        chunkBytes = 0;
        await this.rotate();
      }
      chunk += line;
      chunkBytes += bytes;
    }
    if (chunk) await this.append(chunk, chunkBytes);
  }

  private async append(text: string, bytes: number): Promise<void> {
    await this.handle!.appendFile(text);
    this.size += bytes;
  }

  private async ensureOpen(): Promise<void> {
    if (this.handle) return;
    await mkdir(this.dir, { recursive: true });
    this.handle = await open(this.path, 'a', 0o600);
    this.size = (await stat(this.path)).size;
  }

  /** console.log → console.1.log → … → console.<keep-1>.log; the oldest falls off the end. */
  private async rotate(): Promise<void> {
    await this.handle?.close();
    this.handle = null;
    if (this.keep === 1) {
      await unlink(this.path).catch(ignoreMissing);
    } else {
      await unlink(this.fileFor(this.keep - 1)).catch(ignoreMissing);
      for (let n = this.keep - 2; n >= 0; n--) await rename(this.fileFor(n), this.fileFor(n + 1)).catch(ignoreMissing);
    }
    await this.ensureOpen();
  }
}

function ignoreMissing(err: unknown): void {
  if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
}

const describe = (err: unknown) => (err as NodeJS.ErrnoException)?.code ?? (err instanceof Error ? err.message : String(err));
