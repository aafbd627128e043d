// Webhook metrics from capture summaries: counts per bucket by answer class, answer-time percentiles,
// each participant's latest capture, and why requests were refused. One pass over the captures of the
// window; each list is read newest first and left as soon as it is well past the window's start, so an
// hour's metrics do not read a week of captures.
import type { CaptureSummary } from '../capture';
import type { CaptureFilter } from '../capture-query';
import { answerTimeStats, percentileInPlace } from './percentiles';
import { invalidKind, refusalKind } from './rejections';
import { STATUS_CLASSES, type ClassCounts, type MetricsWindow, type ParticipantActivity, type RejectionGroup, type StatusClass, type WebhookMetrics } from './types';
import { windowRange, WINDOW_SPECS } from './windows';

export const MAX_REJECTION_GROUPS = 50;
/**
 * Lists are in arrival (seq) order, and `receivedAt` follows it closely but not exactly: a capture is
 * numbered when its request is decided, `receivedAt` is when it started (a slow upload, a storage
 * retry). A list is left only once it is this far before the window.
 */
export const ORDER_SLACK_MS = 15 * 60_000;

export interface MetricsOptions {
  window: MetricsWindow;
  nowMs: number;
  /** The viewer's UTC offset in minutes (east positive), to align buckets to their clock. */
  offsetMinutes?: number;
  staleAfterMinutes: number;
  /** Refused requests are kept up to a cap: the oldest one still kept, when the cap has been reached. */
  refusedKeptSince?: string | null;
}

export function classOf(c: Pick<CaptureSummary, 'status' | 'valid'>): StatusClass {
  return STATUS_CLASSES[classIndex(c)]!;
}

interface ParticipantAcc {
  last: CaptureSummary;
  lastValid: CaptureSummary | null;
  /** By class index. */
  counts: Int32Array;
}

interface GroupAcc {
  group: Omit<RejectionGroup, 'count' | 'lastAt' | 'example'>;
  count: number;
  newest: CaptureSummary;
}

/**
 * `lists`: captures in arrival order (oldest first), e.g. accepted and refused; `summaryOf` reads a
 * summary out of a list item (so index entries need no copying).
 */
export function computeMetrics<T>(lists: readonly (readonly T[])[], summaryOf: (item: T) => CaptureSummary, options: MetricsOptions): WebhookMetrics {
  const acc = metricsAccumulator(summaryOf, options);
  for (const list of lists) acc.add(list);
  return acc.finish();
}

export interface MetricsAccumulator<T> {
  /** One list of captures in arrival order (oldest first); lists may come one at a time (read from disk). */
  add(list: readonly T[]): void;
  finish(): WebhookMetrics;
}

/** computeMetrics list by list, for captures that are not all in memory at once. */
export function metricsAccumulator<T>(summaryOf: (item: T) => CaptureSummary, options: MetricsOptions): MetricsAccumulator<T> {
  const { window, nowMs, staleAfterMinutes } = options;
  const range = windowRange(window, nowMs, options.offsetMinutes ?? 0);
  const { fromMs, endMs, bucketMs, buckets: bucketCount } = range;
  const fromIso = new Date(fromMs).toISOString();

  // Hot loop over up to every capture: counts in typed arrays by class index, answer times in
  // preallocated typed arrays (with their bucket), no allocation per capture.
  const counts = new Int32Array(bucketCount * CLASS_COUNT);
  const totals = new Int32Array(CLASS_COUNT);
  let duplicates = 0;
  let conflicts = 0;
  // Typed arrays grown by doubling: pushing 100,000 doubles onto plain arrays costs more than the rest of the loop.
  let acceptedMs = new Float64Array(4096);
  let acceptedBucket = new Int32Array(4096);
  let refusedMs = new Float64Array(256);
  let nAccepted = 0;
  let nRefused = 0;
  const participants = new Map<string, ParticipantAcc>();
  const groups = new Map<string, GroupAcc>();

  const add = (list: readonly T[]): void => {
    for (let i = list.length - 1; i >= 0; i--) {
      const c = summaryOf(list[i]!);
      const t = Date.parse(c.receivedAt);
      if (!(t >= fromMs)) {
        if (t < fromMs - ORDER_SLACK_MS) break;
        continue;
      }
      if (t >= endMs) continue;
      const k = classIndex(c);
      const b = Math.floor((t - fromMs) / bucketMs);
      counts[b * CLASS_COUNT + k]!++;
      totals[k]!++;
      const is2xx = k <= INVALID;
      if (is2xx && c.duplicate !== 'no') {
        if (c.duplicate === 'same') duplicates++;
        else if (c.duplicate === 'conflict') conflicts++;
      }
      const ms = c.answerMs;
      if (ms !== null && Number.isFinite(ms)) {
        if (is2xx) {
          if (nAccepted === acceptedMs.length) {
            acceptedMs = growF64(acceptedMs);
            acceptedBucket = growI32(acceptedBucket);
          }
          acceptedMs[nAccepted] = ms;
          acceptedBucket[nAccepted++] = b;
        } else {
          if (nRefused === refusedMs.length) refusedMs = growF64(refusedMs);
          refusedMs[nRefused++] = ms;
        }
      }
      if (c.userId !== null) noteParticipant(participants, c, k);
      if (k !== VALID) noteGroup(groups, c, STATUS_CLASSES[k]!, fromIso);
    }
  };

  const finish = (): WebhookMetrics => {
    const sortedGroups = [...groups.values()].sort((a, b) => b.count - a.count || b.newest.seq - a.newest.seq);
    const refusedKeptSince = options.refusedKeptSince && Date.parse(options.refusedKeptSince) > fromMs ? options.refusedKeptSince : null;
    const p90 = bucketP90(acceptedMs.subarray(0, nAccepted), acceptedBucket.subarray(0, nAccepted), bucketCount);
    const all = totals.reduce((a, b) => a + b, 0);
    return {
      window,
      generatedAt: new Date(nowMs).toISOString(),
      from: fromIso,
      bucketMinutes: WINDOW_SPECS[window].bucketMinutes,
      staleAfterMinutes,
      buckets: Array.from({ length: bucketCount }, (_, i) => ({
        start: new Date(fromMs + i * bucketMs).toISOString(),
        ...classCounts(counts.subarray(i * CLASS_COUNT, (i + 1) * CLASS_COUNT)),
        acceptedP90Ms: p90[i]!,
      })),
      totals: { ...classCounts(totals), all, duplicates, conflicts },
      answerMs: { accepted: answerTimeStats(acceptedMs.subarray(0, nAccepted)), refused: answerTimeStats(refusedMs.subarray(0, nRefused)) },
      participants: participantRows(participants, nowMs, staleAfterMinutes),
      rejections: sortedGroups.slice(0, MAX_REJECTION_GROUPS).map(({ group, count, newest }) => ({
        ...group,
        count,
        lastAt: newest.receivedAt,
        example: newest.reason ?? newest.issues[0]?.message ?? '',
      })),
      moreRejectionGroups: Math.max(0, sortedGroups.length - MAX_REJECTION_GROUPS),
      refusedKeptSince,
    };
  };
  return { add, finish };
}

function growF64(a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}

function growI32(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

const CLASS_COUNT = STATUS_CLASSES.length;
const VALID = 0;
const INVALID = 1;

/** Index into STATUS_CLASSES (valid, invalid, clientError, serverError, noAnswer). */
function classIndex(c: Pick<CaptureSummary, 'status' | 'valid'>): number {
  if (c.status >= 200 && c.status < 300) return c.valid ? VALID : INVALID;
  if (c.status >= 400 && c.status < 500) return 2;
  if (c.status >= 500) return 3;
  return 4;
}

function classCounts(row: ArrayLike<number>): ClassCounts {
  return { valid: row[0]!, invalid: row[1]!, clientError: row[2]!, serverError: row[3]!, noAnswer: row[4]! };
}

/** The p90 of each bucket's times: times grouped by bucket (counting sort), then selected per group. */
function bucketP90(times: Float64Array, bucketOf: Int32Array, bucketCount: number): (number | null)[] {
  const start = new Int32Array(bucketCount + 1);
  for (let i = 0; i < bucketOf.length; i++) start[bucketOf[i]! + 1]!++;
  for (let b = 0; b < bucketCount; b++) start[b + 1]! += start[b]!;
  const grouped = new Float64Array(times.length);
  const next = start.slice(0, bucketCount);
  for (let i = 0; i < times.length; i++) grouped[next[bucketOf[i]!]!++] = times[i]!;
  const out: (number | null)[] = [];
  for (let b = 0; b < bucketCount; b++) out.push(percentileInPlace(grouped.subarray(start[b]!, start[b + 1]!), 90));
  return out;
}

function noteParticipant(map: Map<string, ParticipantAcc>, c: CaptureSummary, k: number): void {
  let p = map.get(c.userId!);
  if (!p) {
    p = { last: c, lastValid: null, counts: new Int32Array(CLASS_COUNT) };
    map.set(c.userId!, p);
  } else if (c.seq > p.last.seq) p.last = c;
  p.counts[k]!++;
  if (k === VALID && (p.lastValid === null || c.seq > p.lastValid.seq)) p.lastValid = c;
}

function noteGroup(map: Map<string, GroupAcc>, c: CaptureSummary, cls: StatusClass, from: string): void {
  // Kinds are computed per capture, the group object only once per kind (no closures: hot loop).
  const invalid = cls === 'invalid' ? invalidKind(c) : null;
  const refused = invalid ? null : refusalKind(c);
  const key = invalid ? invalid.key : refused!.key;
  const g = map.get(key);
  if (g) {
    g.count++;
    if (c.seq > g.newest.seq) g.newest = c;
    return;
  }
  const filter: CaptureFilter = { from };
  if (invalid) {
    // The list cannot filter by issue field: it shows the invalid captures of this layout and event (a superset).
    filter.status = '2xx';
    filter.valid = false;
    if (c.layout) filter.layout = c.layout;
    else if (invalid.search) filter.q = invalid.search;
    if (c.event) filter.event = c.event;
  } else {
    // The list's status filter takes 100-599; "no answer" (0) is found by its reason's words.
    if (c.status >= 100) filter.status = String(c.status);
    if (refused!.search) filter.q = refused!.search;
  }
  const label = invalid ? invalid.label : refused!.label;
  map.set(key, { group: { key, kind: invalid ? 'invalid' : 'refused', label, status: c.status, filter }, count: 1, newest: c });
}

function describeProblem(c: CaptureSummary): string | null {
  const cls = classOf(c);
  if (cls === 'valid') return null;
  if (cls === 'invalid') {
    const issue = c.issues[0];
    return issue ? `not valid: ${issue.path ? `${issue.path}: ` : ''}${issue.message}` : 'not valid';
  }
  return `${c.status === 0 ? 'no answer' : c.status}: ${refusalKind(c).label}`;
}

function participantRows(map: Map<string, ParticipantAcc>, nowMs: number, staleAfterMinutes: number): ParticipantActivity[] {
  const staleMs = staleAfterMinutes * 60_000;
  const rows: ParticipantActivity[] = [];
  for (const [userId, p] of map) {
    const complete = p.lastValid?.event === 'SESSION_COMPLETE';
    const validAge = p.lastValid ? nowMs - Date.parse(p.lastValid.receivedAt) : Infinity;
    rows.push({
      userId,
      lastAt: p.last.receivedAt,
      lastCaptureId: p.last.id,
      lastStatus: p.last.status,
      lastEvent: p.last.event,
      lastSessionId: p.last.sessionId,
      lastValidAt: p.lastValid?.receivedAt ?? null,
      counts: classCounts(p.counts),
      state: complete ? 'complete' : validAge > staleMs ? 'stale' : 'recording',
      problem: describeProblem(p.last),
    });
  }
  const rank = (r: ParticipantActivity) => (r.state === 'stale' ? 0 : r.problem !== null ? 1 : 2);
  return rows.sort((a, b) => rank(a) - rank(b) || Date.parse(b.lastAt) - Date.parse(a.lastAt) || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
}
