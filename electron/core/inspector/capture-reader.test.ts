// CaptureReader on real journals in a temporary folder: accepted (some cold), refused, and refused
// requests still only in memory, merged newest first in seq order; search, detail and exports.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureQuerySchema } from '../../../shared/contract';
import { CaptureJournal, type CaptureRecord } from '../store/capture-journal';
import { tempDir } from '../test-support/temp-dir';
import { CaptureReader } from './capture-reader';

let dir: Awaited<ReturnType<typeof tempDir>>;
let accepted: CaptureJournal;
let rejected: CaptureJournal;
const pending: CaptureRecord[] = [];

const record = (seq: number, status: number, body: string): CaptureRecord => ({
  id: `c${seq}`,
  seq,
  receivedAt: new Date(Date.UTC(2026, 0, 1) + seq * 1_000).toISOString(),
  method: 'POST',
  path: '/webhook',
  status,
  stage: status === 200 ? 'done' : 'auth',
  reason: status === 200 ? null : 'wrong key',
  event: 'INFERENCE_COMPLETE',
  layout: 'v3',
  version: 'V3',
  valid: status === 200,
  issues: [],
  warnings: [],
  duplicate: 'no',
  duplicateOf: null,
  userId: 'u1',
  sessionId: `s${seq % 2}`,
  size: body.length,
  remoteAddress: '127.0.0.1',
  apiKey: { present: true, matched: status === 200, last4: 'abcd' },
  answerMs: 1,
  via: null,
  headers: { 'content-type': 'application/json' },
  rawHeaders: ['Content-Type', 'application/json'],
  body,
  bodyTruncated: false,
  response: { status, body: '{}' },
});

beforeEach(async () => {
  dir = await tempDir();
  accepted = new CaptureJournal(`${dir.path}/captures`, { maxSegmentBytes: 1 << 30, maxSegmentRecords: 5, memoryRecords: 5 });
  rejected = new CaptureJournal(`${dir.path}/rejected`, { maxSegmentBytes: 1 << 30, maxSegmentRecords: 100, maxRecords: 100 });
  await accepted.open();
  await rejected.open();
  pending.length = 0;
});
afterEach(async () => {
  await accepted.close();
  await rejected.close();
  await dir.remove();
});

const reader = () =>
  new CaptureReader({
    accepted,
    rejected,
    pending: () => pending,
    forwarded: (id) => (id === 'c2' ? { attempts: 1, delivered: true, lastStatus: 200 } : undefined),
    origin: () => 'http://127.0.0.1:4848',
  });
const q = (query: Record<string, unknown>) => captureQuerySchema.parse({ limit: 100, ...query });

async function fill(): Promise<void> {
  // 1..30: every fifth refused (rejected journal), seq 31 refused but only in memory (its write pending).
  for (let seq = 1; seq <= 30; seq++) {
    const r = record(seq, seq % 5 === 0 ? 401 : 200, JSON.stringify({ n: seq, note: seq === 7 ? 'needle in a body' : 'hay' }));
    await (r.status === 200 ? accepted : rejected).append(r);
  }
  pending.push(record(31, 401, '{"n":31}'));
  await accepted.flushIndex();
}

describe('CaptureReader', () => {
  it('merges accepted (memory and cold), refused and pending captures newest first, and pages below beforeSeq', async () => {
    await fill();
    expect(accepted.coldSize).toBeGreaterThan(0);
    const r = reader();
    const all = await r.list(q({}));
    expect(all.map((c) => c.seq)).toEqual(Array.from({ length: 31 }, (_, i) => 31 - i));
    expect((await r.list(q({ beforeSeq: 12, limit: 4 }))).map((c) => c.seq)).toEqual([11, 10, 9, 8]);
    expect((await r.list(q({ status: '4xx' }))).map((c) => c.seq)).toEqual([31, 30, 25, 20, 15, 10, 5]);
    expect((await r.list(q({ session: 'u1/s1', limit: 3 }))).map((c) => c.seq)).toEqual([31, 29, 27]);
    // Once the pending write lands in the rejected journal it is listed once, not twice.
    await rejected.append(pending[0]!);
    expect((await r.list(q({}))).filter((c) => c.seq === 31)).toHaveLength(1);
    expect(await r.list(q({}))).toHaveLength(31);
  });

  it('searches bodies on disk, says partial when the time budget runs out, and builds details and exports', async () => {
    await fill();
    const r = reader();
    expect((await r.query(q({ q: 'NEEDLE' }))).items.map((c) => c.seq)).toEqual([7]);
    expect(await r.query(q({ q: 'not anywhere' }), -1)).toMatchObject({ partial: true });
    const detail = await r.detail('c2');
    expect(detail).toMatchObject({ id: 'c2', body: '{"n":2,"note":"hay"}', forwarded: { delivered: true } });
    expect(detail).not.toHaveProperty('rawHeaders');
    expect(await r.detail('c999')).toBeNull();
    expect((await r.records(['c31', 'c30', 'nope'])).map((x) => x?.seq ?? null)).toEqual([31, 30, null]);
    const ndjson = await r.export({ ...q({ status: '4xx' }), limit: 10 }, 'ndjson');
    expect(ndjson.content.trimEnd().split('\n')).toHaveLength(7);
    const har = JSON.parse((await r.export({ ...q({}), limit: 2 }, 'har')).content) as { log: { entries: { request: { url: string } }[] } };
    expect(har.log.entries[0]!.request.url).toBe('http://127.0.0.1:4848/webhook');
  });
});
