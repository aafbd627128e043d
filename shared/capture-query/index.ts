// Inspector filters: which captures match a query. Pure (used by the core, the local API and the renderer's URL hash).
import type { CaptureDetail, CaptureSummary } from '../capture';
import { base64Latin1 } from '../curl/bytes';

/** The filter fields (everything in `CaptureQuery` except paging). */
export interface CaptureFilter {
  event?: string;
  valid?: boolean;
  session?: string;
  /** Exact status (`401`) or a class (`2xx`, `4xx`, `5xx`). */
  status?: string;
  layout?: string;
  version?: string;
  duplicate?: 'no' | 'same' | 'conflict';
  /** Participant (user id). */
  user?: string;
  /** ISO times, inclusive. */
  from?: string;
  to?: string;
  /** Case-insensitive substring over bodies and header values (and the summary's text fields). */
  q?: string;
}

export const STATUS_PATTERN = /^(?:[1-5]xx|[1-5]\d\d)$/;

export function statusMatches(pattern: string, status: number): boolean {
  if (/^[1-5]xx$/.test(pattern)) return Math.floor(status / 100) === Number(pattern[0]);
  return status === Number(pattern);
}

/** Every condition except `q` (which needs the body), compiled once. */
export function summaryFilter(q: CaptureFilter & { beforeSeq?: number }): (c: CaptureSummary) => boolean {
  const slash = q.session?.indexOf('/') ?? -1;
  const sessionUser = q.session && slash >= 0 ? q.session.slice(0, slash) : null;
  const sessionId = q.session ? (slash >= 0 ? q.session.slice(slash + 1) : q.session) : null;
  const from = q.from ? Date.parse(q.from) : null;
  const to = q.to ? Date.parse(q.to) : null;
  const inRange = timeRange(from, to);
  return (c) =>
    (q.beforeSeq === undefined || c.seq < q.beforeSeq) &&
    (q.event === undefined || c.event === q.event) &&
    (q.valid === undefined || c.valid === q.valid) &&
    (sessionId === null || (c.sessionId === sessionId && (sessionUser === null || c.userId === sessionUser))) &&
    (q.status === undefined || statusMatches(q.status, c.status)) &&
    (q.layout === undefined || c.layout === q.layout) &&
    (q.version === undefined || c.version === q.version) &&
    (q.duplicate === undefined || c.duplicate === q.duplicate) &&
    (q.user === undefined || c.userId === q.user) &&
    (inRange === null || inRange(c.receivedAt));
}

/** `yyyy-mm-ddThh:mm:ss.sssZ`, as the console writes receivedAt: such strings sort as their instants do. */
const CANONICAL_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Received between from and to (inclusive). A time range scans every capture, so canonical UTC times
 * are compared as strings (100,000 Date.parse calls are most of such a scan); anything else is parsed.
 */
function timeRange(from: number | null, to: number | null): ((receivedAt: string) => boolean) | null {
  if (from === null && to === null) return null;
  const canonical = (ms: number | null) => (ms === null ? null : Number.isFinite(ms) && ms >= 0 && ms < 253402300800000 ? new Date(ms).toISOString() : undefined);
  const fromIso = canonical(from);
  const toIso = canonical(to);
  const parsed = (t: string) => {
    const ms = Date.parse(t);
    return (from === null || ms >= from) && (to === null || ms <= to);
  };
  // A bound outside the years 1970-9999 (or not a time): parse every capture, as before.
  if (fromIso === undefined || toIso === undefined) return parsed;
  return (t) => (t.length === 24 && CANONICAL_UTC.test(t) ? (fromIso === null || t >= fromIso) && (toIso === null || t <= toIso) : parsed(t));
}

/** The summary's own searchable text (no disk needed). */
export function summaryText(c: CaptureSummary): string {
  return [c.id, c.method, c.path, c.event, c.layout, c.version, c.userId, c.sessionId, c.reason, c.remoteAddress, ...c.issues.map((i) => i.message)]
    .filter((s): s is string => typeof s === 'string')
    .join('\n')
    .toLowerCase();
}

/** Body (decoded as latin1 when it came as base64) and header values, lowercased. */
export function recordText(r: Pick<CaptureDetail, 'headers' | 'body' | 'bodyBase64'>): string {
  const body = r.body ?? (r.bodyBase64 !== undefined ? base64Latin1(r.bodyBase64) : '');
  const headers = Object.values(r.headers)
    .flatMap((v) => (Array.isArray(v) ? v : [v]))
    .join('\n');
  return `${body}\n${headers}`.toLowerCase();
}

// ---- URL hash (renderer): `#captures?status=4xx&q=foo`

const HASH_KEYS = ['event', 'valid', 'session', 'status', 'layout', 'version', 'duplicate', 'user', 'from', 'to', 'q'] as const;

/** `status=4xx&q=foo` (keys in a fixed order, values percent-encoded). */
export function filterToQueryString(f: CaptureFilter): string {
  const parts: string[] = [];
  for (const k of HASH_KEYS) {
    const v = f[k];
    if (v !== undefined && v !== '') parts.push(`${k}=${encodeURIComponent(String(v))}`);
  }
  return parts.join('&');
}

export function filterFromQueryString(qs: string): CaptureFilter {
  const p = new Map<string, string>();
  for (const kv of qs.replace(/^[?#]/, '').split('&')) {
    const i = kv.indexOf('=');
    if (i <= 0) continue;
    try {
      p.set(kv.slice(0, i), decodeURIComponent(kv.slice(i + 1).replace(/\+/g, ' ')));
    } catch {
      // a mangled value: ignore it
    }
  }
  const f: CaptureFilter = {};
  for (const k of HASH_KEYS) {
    const v = p.get(k) ?? null;
    if (v === null || v === '') continue;
    if (k === 'valid') {
      if (v === 'true' || v === 'false') f.valid = v === 'true';
    } else if (k === 'duplicate') {
      if (v === 'no' || v === 'same' || v === 'conflict') f.duplicate = v;
    } else if (k === 'status') {
      if (STATUS_PATTERN.test(v)) f.status = v;
    } else f[k] = v.slice(0, 400);
  }
  return f;
}

export function isEmptyFilter(f: CaptureFilter): boolean {
  return filterToQueryString(f) === '';
}
