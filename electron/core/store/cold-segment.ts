import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CaptureSummary } from '../../../shared/capture';
import { numberedFiles, type RecordLocation } from './append-log';
import { DurableJSONFile } from './durable-json-file';
import { KeyFilter } from './key-filter';

// memory: a sealed log segment's index leaves memory as one file, `seg-NNNNNN.index.jsonl` beside the
// segment. Its first line is a header that start-up reads instead of the summaries (counts, seq and
// time range, tunnel URLs, sessions); the other lines are index lines, oldest first, as in index.jsonl.

export interface IndexEntry {
  summary: CaptureSummary;
  loc: RecordLocation;
}

/** What a cold segment holds, known without reading its summaries. */
export interface ColdHeader {
  format: 1;
  segment: number;
  count: number;
  minSeq: number;
  maxSeq: number;
  /** Oldest and newest receivedAt (ms); NaN-free: an unreadable time counts as "now" for the newest. */
  firstAt: number;
  lastAt: number;
  /** Captures per tunnel URL (`via`; the empty string stands for a direct request). */
  via: Record<string, number>;
  /** Per session (`userId \0 sessionId`): [newest seq naming it, newest seq a night applies (200 and valid), or 0]. */
  sessions: Record<string, [number, number]>;
}

/**
 * memory: what stays in memory of a cold segment. Its per-night map (a few hundred nights, tens of
 * KB per segment) stays in the file's header; memory keeps a filter of those nights (about 1.2 bytes
 * a night), enough to skip segments a night is not in. So memory per cold segment no longer grows
 * with the nights it names.
 */
export interface ColdInfo extends Omit<ColdHeader, 'sessions'> {
  nights: KeyFilter;
}

export function coldInfo(header: ColdHeader): ColdInfo {
  const { sessions, ...rest } = header;
  return { ...rest, nights: KeyFilter.of(Object.keys(sessions)) };
}

const COLD_RE = /^seg-(\d{6})\.index\.jsonl$/;
export const coldName = (segment: number) => `seg-${String(segment).padStart(6, '0')}.index.jsonl`;

export const indexLine = (e: IndexEntry) => JSON.stringify({ ...e.summary, loc: e.loc }) + '\n';

export const sessionKeyOf = (s: Pick<CaptureSummary, 'userId' | 'sessionId'>) => (s.userId && s.sessionId ? `${s.userId}\u0000${s.sessionId}` : null);

/** A night's captures change it when they were accepted with a valid body. */
export const appliesToNight = (s: CaptureSummary) => s.status === 200 && s.valid;

export function coldHeader(segment: number, entries: readonly IndexEntry[]): ColdHeader {
  const h: ColdHeader = { format: 1, segment, count: entries.length, minSeq: Infinity, maxSeq: 0, firstAt: Infinity, lastAt: 0, via: {}, sessions: {} };
  for (const { summary: s } of entries) {
    h.minSeq = Math.min(h.minSeq, s.seq);
    h.maxSeq = Math.max(h.maxSeq, s.seq);
    const at = Date.parse(s.receivedAt);
    if (Number.isFinite(at)) h.firstAt = Math.min(h.firstAt, at);
    // Retention never prunes what it cannot date: an unreadable time makes the segment "new".
    h.lastAt = Math.max(h.lastAt, Number.isFinite(at) ? at : Number.MAX_SAFE_INTEGER);
    const via = s.via ?? '';
    h.via[via] = (h.via[via] ?? 0) + 1;
    const key = sessionKeyOf(s);
    if (key) {
      const seen = (h.sessions[key] ??= [0, 0]);
      seen[0] = Math.max(seen[0], s.seq);
      if (appliesToNight(s)) seen[1] = Math.max(seen[1], s.seq);
    }
  }
  if (!Number.isFinite(h.minSeq)) h.minSeq = 0;
  if (!Number.isFinite(h.firstAt)) h.firstAt = h.lastAt;
  return h;
}

/** Written atomically (temp file, fsync, rename): a crash leaves the old state or the whole file. */
export async function writeCold(dir: string, header: ColdHeader, entries: readonly IndexEntry[]): Promise<void> {
  const text = JSON.stringify(header) + '\n' + entries.map(indexLine).join('');
  await new DurableJSONFile<string>(join(dir, coldName(header.segment))).writeRaw(text);
}

export function listCold(dir: string): Promise<number[]> {
  return numberedFiles(dir, COLD_RE);
}

/** The header alone (the first line), without reading the summaries behind it. */
export async function readColdHeader(dir: string, segment: number): Promise<ColdHeader> {
  const handle = await open(join(dir, coldName(segment)), 'r');
  try {
    let text = '';
    let position = 0;
    const buf = Buffer.alloc(64 * 1024);
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, position);
      if (bytesRead === 0) throw new Error('no header line');
      position += bytesRead;
      text += buf.toString('utf8', 0, bytesRead);
      const end = text.indexOf('\n');
      if (end >= 0) return checkHeader(JSON.parse(text.slice(0, end)), segment);
    }
  } finally {
    await handle.close();
  }
}

function checkHeader(value: unknown, segment: number): ColdHeader {
  const h = value as ColdHeader;
  if (h?.format !== 1 || h.segment !== segment || typeof h.count !== 'number' || typeof h.maxSeq !== 'number' || typeof h.sessions !== 'object' || typeof h.via !== 'object') {
    throw new Error('the header line is not a cold index header of this segment');
  }
  return h;
}

/** Every summary of a cold segment, oldest first; throws when a line does not parse or the count is off. */
export async function readColdEntries(dir: string, segment: number): Promise<IndexEntry[]> {
  const text = await readFile(join(dir, coldName(segment)), 'utf8');
  const lines = text.split('\n');
  const header = checkHeader(JSON.parse(lines[0] ?? ''), segment);
  const out: IndexEntry[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line) continue;
    const { loc, ...summary } = JSON.parse(line) as CaptureSummary & { loc: RecordLocation };
    out.push({ summary, loc });
  }
  if (out.length !== header.count) throw new Error(`${out.length} summaries where the header says ${header.count}`);
  return out;
}
