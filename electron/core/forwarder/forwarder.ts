import { mkdir, truncate, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeadLetter, ForwardingAttempt, ForwardingOutcome, ForwardingState } from '../../../shared/contract';
import { AppendLog, listSegments, scanSegment, segmentName } from '../store/append-log';
import type { CaptureRecord } from '../store/capture-journal';
import { DurableJSONFile } from '../store/durable-json-file';
import { fsyncDir } from '../store/fsync';
import { sendOnce, type ForwardAnswer } from './forward-request';

export interface ForwardTiming {
  /** First back-off; doubles after every failed try. */
  baseMs: number;
  maxDelayMs: number;
  /** Tries in all before a capture goes to the dead-letter list. */
  maxAttempts: number;
  /** One try gives up (and counts as a network error) after this long. */
  timeoutMs: number;
}
export const DEFAULT_FORWARD_TIMING: ForwardTiming = { baseMs: 1_000, maxDelayMs: 5 * 60_000, maxAttempts: 8, timeoutMs: 10_000 };

/** The wait after the n-th failed try (n from 1): base, 2×base, 4×base … capped. */
export const backoffMs = (n: number, t: Pick<ForwardTiming, 'baseMs' | 'maxDelayMs'>) => Math.min(t.maxDelayMs, t.baseMs * 2 ** Math.max(0, n - 1));

/** Network errors, timeouts, 5xx, 408 and 429 are worth another try; any other answer will not change. */
export function classify(a: Pick<ForwardAnswer, 'status'>): 'delivered' | 'retryable' | 'refused' {
  if (a.status === null) return 'retryable';
  if (a.status >= 200 && a.status < 300) return 'delivered';
  if (a.status >= 500 || a.status === 408 || a.status === 429) return 'retryable';
  return 'refused';
}

export interface ForwarderConfig {
  enabled: boolean;
  url: string | null;
  apiKey: string;
}

export interface ForwarderDeps {
  dir: string;
  config: () => ForwarderConfig;
  readCapture: (id: string) => Promise<CaptureRecord | null>;
  /** Something visible changed (queue length, last error, dead letters); the caller throttles. */
  changed: () => void;
  timing?: Partial<ForwardTiming>;
  memory?: Partial<ForwardMemory>;
}

/**
 * memory: a study forwards every capture, night after night; what is done must not stay in memory.
 * The tries of the newest `settledInMemory` settled captures (delivered or discarded) stay, for the
 * inspector; older ones are forgotten (queued and dead-lettered ones never are). At start-up a
 * journal with more than `compactSlackLines` lines beyond what its state needs is rewritten as one
 * segment, so start-up does not replay months of lines.
 */
export interface ForwardMemory {
  settledInMemory: number;
  compactSlackLines: number;
}
export const DEFAULT_FORWARD_MEMORY: ForwardMemory = { settledInMemory: 10_000, compactSlackLines: 20_000 };

type Line =
  | { t: 'on'; seq: number; at: string }
  | { t: 'enq'; id: string; seq: number; at: string }
  | { t: 'send'; id: string; n: number; at: string }
  | ({ t: 'att' } & ForwardingAttempt)
  | { t: 'retry'; id: string; at: string }
  | { t: 'disc'; id: string; at: string }
  /** Everything before this line is summed up by it and the lines after it (written by compaction). */
  | { t: 'base'; settledThrough: number; delivered: number; at: string };

interface Item {
  id: string;
  seq: number;
  state: 'queued' | 'delivered' | 'dead' | 'discarded';
  attempts: ForwardingAttempt[];
  /** Index in `attempts` where the current round (since enqueue or the last retry) starts. */
  roundStart: number;
  nextAt: number;
  deadAt: string | null;
  /** A `send` line without its `att` (only during replay). */
  sending: { n: number; at: string } | null;
}

const INTERRUPTED = 'The console stopped during this try; the backend may have received it (it can deduplicate by x-console-forwarded).';

/**
 * Forwards accepted captures to the user's backend from a queue on disk.
 *
 * The queue is an append-only journal of events (enqueued, sending, attempt, retry, discarded)
 * under `<dataDir>/forwarding/`, replayed at start-up. The capture log stays the durable record:
 * enqueueing is never awaited by the webhook answer, and at start-up every accepted capture since
 * forwarding was switched on that the journal does not know is enqueued, so a crash between the
 * 200 and the enqueue loses nothing. A try's outcome (including "delivered") is one fsynced line
 * written as soon as the answer arrives; a try cut off by a crash is recorded as `interrupted` and
 * repeated, which is the only way a backend can see a capture twice.
 */
interface AcceptedCapture {
  id: string;
  seq: number;
  status: number;
}
/** Accepted captures with a seq above `afterSeq` (at least those), seq-ordered. */
type AcceptedSince = (afterSeq: number) => Promise<readonly AcceptedCapture[]>;

export class Forwarder {
  private readonly log: AppendLog;
  private readonly timing: ForwardTiming;
  private readonly memory: ForwardMemory;
  private readonly items = new Map<string, Item>();
  /** Settled items still in memory, the longest settled first. */
  private readonly settled = new Map<string, Item>();
  /** Captures up to this seq that are not in `items` were settled, then forgotten: never enqueued again. */
  private settledThrough = 0;
  private queue: Item[] = [];
  private since = 0;
  private delivered = 0;
  private lastError: ForwardingState['lastError'] = null;
  private inFlight: string | null = null;
  private running = false;
  private ready = false;
  private closed = false;
  private wakeUp: (() => void) | null = null;
  private readonly abort = new AbortController();

  constructor(private readonly deps: ForwarderDeps) {
    this.log = new AppendLog(deps.dir, { maxSegmentBytes: 64 * 1024 * 1024, maxSegmentRecords: 500_000 });
    this.timing = { ...DEFAULT_FORWARD_TIMING, ...deps.timing };
    this.memory = { ...DEFAULT_FORWARD_MEMORY, ...deps.memory };
  }

  /** Replay the journal, then enqueue what the capture log has and the journal does not (`accepted` is seq-ordered). */
  async open(accepted: AcceptedSince | readonly AcceptedCapture[]): Promise<void> {
    await mkdir(this.deps.dir, { recursive: true });
    const segments = await listSegments(this.deps.dir);
    let lines = 0;
    let baseSegment = 0;
    for (const segment of segments) {
      const { records, validEnd, size } = await scanSegment(this.deps.dir, segment, 0);
      for (const r of records) {
        lines++;
        try {
          const line = JSON.parse(r.text) as Line;
          if (line.t === 'base') baseSegment = segment;
          this.apply(line);
        } catch {
          // A damaged line: skip it; at worst a capture is tried once more.
        }
      }
      // A last line without its newline never finished; cut it off so the next line is not glued onto it.
      if (validEnd < size) await truncate(join(this.deps.dir, segmentName(segment)), validEnd);
    }
    const state = this.stateLines();
    if (lines > state.length + this.memory.compactSlackLines) await this.compact(state, (segments.at(-1) ?? 0) + 1, segments);
    else if (segments[0] !== undefined && segments[0] < baseSegment) await this.deleteSegments(segments.filter((n) => n < baseSegment)); // a compaction cut short
    await this.log.open();
    for (const item of this.items.values()) {
      if (!item.sending) continue;
      const { n, at } = item.sending;
      item.sending = null;
      if (item.state !== 'queued') continue;
      await this.write(this.recordAttempt(item, { captureId: item.id, n, at, ms: null, status: null, error: INTERRUPTED, body: null, headers: {}, outcome: 'interrupted' }));
      item.nextAt = 0;
    }
    const { enabled, url } = this.deps.config();
    if (enabled && url) {
      const missed = [];
      const after = Math.max(this.since, this.settledThrough);
      if (typeof accepted === 'function') accepted = await accepted(after);
      for (let i = accepted.length - 1; i >= 0 && accepted[i]!.seq > after; i--) {
        const c = accepted[i]!;
        if (c.status === 200 && !this.items.has(c.id)) missed.push(c);
      }
      for (const c of missed.reverse()) this.enqueue(c);
    }
    this.queue = [...this.items.values()].filter((i) => i.state === 'queued').sort((a, b) => a.seq - b.seq);
    this.ready = true;
    void this.run();
  }

  /** Queue an accepted capture (already durable); not awaited by the answer path. */
  enqueue(capture: { id: string; seq: number }): void {
    const { enabled, url } = this.deps.config();
    if (this.closed || !enabled || !url || this.items.has(capture.id) || capture.seq <= this.since) return;
    const item: Item = { id: capture.id, seq: capture.seq, state: 'queued', attempts: [], roundStart: 0, nextAt: 0, deadAt: null, sending: null };
    this.items.set(item.id, item);
    this.queue.push(item);
    void this.write({ t: 'enq', id: item.id, seq: item.seq, at: new Date().toISOString() });
    this.deps.changed();
    void this.run();
  }

  /** Forwarding was switched on: captures from here on are forwarded (earlier ones are not). */
  async switchedOn(maxSeq: number): Promise<void> {
    this.since = Math.max(this.since, maxSeq);
    await this.write({ t: 'on', seq: this.since, at: new Date().toISOString() });
  }

  /** Settings changed: start (or pause after the current try). */
  poke(): void {
    this.wake();
    void this.run();
  }

  state(): ForwardingState {
    const { enabled, url } = this.deps.config();
    const head = this.queue[0];
    const dead: DeadLetter[] = [];
    for (const i of this.items.values()) {
      if (i.state !== 'dead') continue;
      const last = i.attempts.at(-1);
      dead.push({ captureId: i.id, attempts: i.attempts.length - i.roundStart, lastError: last ? describeAttempt(last) : null, at: i.deadAt ?? last?.at ?? '' });
    }
    return {
      enabled,
      url,
      queueLength: this.queue.length,
      inFlight: this.inFlight,
      nextAttemptAt: head && head.nextAt > Date.now() && enabled ? new Date(head.nextAt).toISOString() : null,
      lastError: this.lastError,
      delivered: this.delivered,
      dead,
    };
  }

  attempts(id: string): ForwardingAttempt[] {
    return [...(this.items.get(id)?.attempts ?? [])];
  }

  summaryFor(id: string): { attempts: number; delivered: boolean; lastStatus: number | null } | undefined {
    const i = this.items.get(id);
    if (!i) return undefined;
    return { attempts: i.attempts.length, delivered: i.state === 'delivered', lastStatus: i.attempts.at(-1)?.status ?? null };
  }

  /** Put one dead letter (or all) back in the queue, with a fresh set of tries. */
  async retryDead(id?: string): Promise<void> {
    const items = this.deadItems(id);
    for (const item of items) {
      await this.write({ t: 'retry', id: item.id, at: new Date().toISOString() });
      this.apply({ t: 'retry', id: item.id, at: '' });
      this.queue.push(item);
    }
    this.deps.changed();
    this.poke();
  }

  async discardDead(id?: string): Promise<void> {
    for (const item of this.deadItems(id)) {
      await this.write({ t: 'disc', id: item.id, at: new Date().toISOString() });
      this.settle(item, 'discarded');
    }
    this.deps.changed();
  }

  hasDead(id?: string): boolean {
    return this.deadItems(id).length > 0;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.abort.abort();
    this.wake();
    while (this.running) await new Promise((r) => setTimeout(r, 5));
    await this.log.close();
  }

  private deadItems(id?: string): Item[] {
    if (id !== undefined) {
      const i = this.items.get(id);
      return i?.state === 'dead' ? [i] : [];
    }
    return [...this.items.values()].filter((i) => i.state === 'dead');
  }

  /** Replay one journal line (also used for live changes that have the same effect). */
  private apply(line: Line): void {
    switch (line.t) {
      case 'on':
        this.since = Math.max(this.since, line.seq);
        return;
      case 'enq':
        if (!this.items.has(line.id)) this.items.set(line.id, { id: line.id, seq: line.seq, state: 'queued', attempts: [], roundStart: 0, nextAt: 0, deadAt: null, sending: null });
        return;
      case 'send': {
        const i = this.items.get(line.id);
        if (i) i.sending = { n: line.n, at: line.at };
        return;
      }
      case 'att': {
        const i = this.items.get(line.captureId);
        if (!i) return;
        const { t: _t, ...attempt } = line;
        i.sending = null;
        this.recordAttempt(i, attempt);
        return;
      }
      case 'retry': {
        const i = this.items.get(line.id);
        if (!i) return;
        i.state = 'queued';
        i.roundStart = i.attempts.length;
        i.nextAt = 0;
        i.deadAt = null;
        return;
      }
      case 'disc': {
        const i = this.items.get(line.id);
        if (i) this.settle(i, 'discarded');
        return;
      }
      case 'base':
        this.items.clear();
        this.settled.clear();
        this.settledThrough = line.settledThrough;
        this.delivered = line.delivered;
        return;
    }
  }

  /** Delivered or discarded: kept among the newest settled ones; beyond those, the oldest settled are forgotten. */
  private settle(item: Item, state: 'delivered' | 'discarded'): void {
    item.state = state;
    this.settled.delete(item.id);
    this.settled.set(item.id, item);
    while (this.settled.size > this.memory.settledInMemory) {
      const oldest = this.settled.values().next().value!;
      this.settled.delete(oldest.id);
      this.items.delete(oldest.id);
      this.settledThrough = Math.max(this.settledThrough, oldest.seq);
    }
  }

  /** The journal lines that rebuild the state in memory now (see compact). */
  private stateLines(): Line[] {
    const at = new Date().toISOString();
    const items = [...this.items.values()].sort((a, b) => a.seq - b.seq);
    const deliveredInMemory = items.filter((i) => i.state === 'delivered').length;
    const out: Line[] = [
      { t: 'base', settledThrough: this.settledThrough, delivered: this.delivered - deliveredInMemory, at },
      { t: 'on', seq: this.since, at },
    ];
    for (const i of items) {
      out.push({ t: 'enq', id: i.id, seq: i.seq, at });
      i.attempts.forEach((a, n) => {
        if (n === i.roundStart && n > 0) out.push({ t: 'retry', id: i.id, at });
        out.push({ t: 'att', ...a });
      });
      if (i.roundStart > 0 && i.roundStart === i.attempts.length) out.push({ t: 'retry', id: i.id, at });
      if (i.state === 'discarded') out.push({ t: 'disc', id: i.id, at });
      if (i.sending) out.push({ t: 'send', id: i.id, n: i.sending.n, at: i.sending.at });
    }
    return out;
  }

  /**
   * Rewrite the journal as one new segment holding only the state (atomic: temp file, fsync, rename),
   * then delete the older segments. A crash in between leaves both; the `base` line makes the
   * replay of the older ones count for nothing, and the next start deletes them.
   */
  private async compact(state: Line[], segment: number, older: number[]): Promise<void> {
    await new DurableJSONFile<string>(join(this.deps.dir, segmentName(segment))).writeRaw(state.map((l) => JSON.stringify(l) + '\n').join(''));
    await this.deleteSegments(older);
  }

  private async deleteSegments(segments: number[]): Promise<void> {
    for (const n of segments) {
      await unlink(join(this.deps.dir, segmentName(n))).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
    }
    await fsyncDir(this.deps.dir);
  }

  private recordAttempt(item: Item, a: ForwardingAttempt): Line {
    item.attempts.push(a);
    if (a.outcome === 'delivered') {
      this.delivered++;
      this.settle(item, 'delivered');
    } else if (a.outcome === 'dead') {
      item.state = 'dead';
      item.deadAt = a.at;
    } else {
      item.nextAt = Date.parse(a.at) + (a.ms ?? 0) + backoffMs(a.n, this.timing);
    }
    if (a.outcome !== 'delivered') this.lastError = { captureId: item.id, message: describeAttempt(a), at: a.at };
    return { t: 'att', ...a };
  }

  private async run(): Promise<void> {
    if (this.running || !this.ready) return;
    this.running = true;
    try {
      for (;;) {
        const { enabled, url, apiKey } = this.deps.config();
        const head = this.queue[0];
        if (this.closed || !enabled || !url || !head) return;
        if (head.state !== 'queued') {
          this.queue.shift();
          continue;
        }
        const wait = head.nextAt - Date.now();
        if (wait > 0) {
          this.deps.changed();
          await this.sleep(wait);
          continue;
        }
        await this.attempt(head, url, apiKey);
      }
    } finally {
      this.running = false;
    }
  }

  private async attempt(item: Item, url: string, apiKey: string): Promise<void> {
    const n = item.attempts.length - item.roundStart + 1;
    let at = new Date().toISOString();
    const record = await this.deps.readCapture(item.id).catch(() => null);
    let answer: ForwardAnswer;
    if (!record) {
      answer = { status: null, error: 'The capture could not be read from the data folder.', body: null, headers: {}, ms: 0 };
    } else {
      if (!(await this.write({ t: 'send', id: item.id, n, at }))) {
        await this.sleep(this.timing.baseMs); // the disk refuses: do not send what we could not note
        return;
      }
      // The back-off counts from the answer (at + ms): reading the capture and the fsync above are not part of the try.
      at = new Date().toISOString();
      this.inFlight = item.id;
      this.deps.changed();
      answer = await sendOnce(url, record, apiKey, this.timing.timeoutMs, this.abort.signal);
      this.inFlight = null;
      if (this.closed) return; // cut off by close(): the journal's `send` line marks it interrupted
    }
    const verdict = record ? classify(answer) : 'refused';
    const outcome: ForwardingOutcome =
      verdict === 'delivered' ? 'delivered' : verdict === 'retryable' && n < this.timing.maxAttempts ? 'retry' : 'dead';
    const line = this.recordAttempt(item, { captureId: item.id, n, at, ms: answer.ms, status: answer.status, error: answer.error, body: answer.body, headers: answer.headers, outcome });
    if (outcome !== 'retry') this.queue.shift();
    await this.write(line);
    this.deps.changed();
  }

  private async write(line: Line): Promise<boolean> {
    try {
      await this.log.append(JSON.stringify(line));
      return true;
    } catch (err) {
      this.lastError = { captureId: 'id' in line ? line.id : 'captureId' in line ? line.captureId : '', message: `The forwarding queue could not be written: ${err instanceof Error ? err.message : String(err)}`, at: new Date().toISOString() };
      this.deps.changed();
      return false;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = null;
        done();
      };
    });
  }

  private wake(): void {
    this.wakeUp?.();
  }
}

export function describeAttempt(a: ForwardingAttempt): string {
  if (a.outcome === 'interrupted') return a.error ?? 'interrupted';
  if (a.status === null) return a.error ?? 'no answer';
  const refused = a.outcome === 'dead' && a.status < 500 && a.status !== 408 && a.status !== 429 ? ' (refused: not retried)' : '';
  return `HTTP ${a.status}${refused}${a.error ? ` · ${a.error}` : ''}`;
}
