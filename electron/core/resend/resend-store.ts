// The answers targets gave to re-sent captures, kept with the original capture: JSON lines under
// `<dataDir>/resends/`, appended (and fsynced) through the same AppendLog as the captures.
import { mkdir } from 'node:fs/promises';
import type { ResendResult } from '../../../shared/contract';
import { AppendLog, listSegments, scanSegment } from '../store/append-log';

/** Answers kept per original capture (the newest win). */
const MAX_PER_CAPTURE = 100;

export class ResendStore {
  private log: AppendLog | null = null;
  private readonly byCapture = new Map<string, ResendResult[]>();
  private opening: Promise<void> | null = null;
  private readonly closing = new AbortController();
  /** Aborted when the console closes: re-sends waiting for their spacing stop. */
  readonly signal = this.closing.signal;

  constructor(
    private readonly dir: string,
    private readonly readOnly: boolean,
  ) {}

  /** Opened on first use: most sessions never re-send anything. */
  private ensureOpen(): Promise<void> {
    this.opening ??= (async () => {
      for (const segment of await listSegments(this.dir)) {
        const { records } = await scanSegment(this.dir, segment, 0);
        for (const r of records) {
          try {
            this.remember(JSON.parse(r.text) as ResendResult);
          } catch {
            // A damaged line loses one answer, never the others.
          }
        }
      }
      if (this.readOnly) return;
      await mkdir(this.dir, { recursive: true });
      const log = new AppendLog(this.dir, { maxSegmentBytes: 64 * 1024 * 1024, maxSegmentRecords: 100_000 });
      await log.open();
      this.log = log;
    })();
    return this.opening;
  }

  private remember(r: ResendResult): void {
    if (typeof r?.captureId !== 'string') return;
    const list = this.byCapture.get(r.captureId) ?? [];
    list.push(r);
    if (list.length > MAX_PER_CAPTURE) list.shift();
    this.byCapture.set(r.captureId, list);
  }

  async add(result: ResendResult): Promise<void> {
    await this.ensureOpen();
    this.remember(result);
    if (this.log) await this.log.append(JSON.stringify(result));
  }

  async list(captureId: string): Promise<ResendResult[]> {
    await this.ensureOpen();
    return [...(this.byCapture.get(captureId) ?? [])];
  }

  async close(): Promise<void> {
    this.closing.abort();
    if (this.opening) await this.opening.catch(() => undefined);
    await this.log?.close();
    this.log = null;
  }
}
