import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/temp-dir';
import { AppendLog } from './append-log';
import { CaptureJournal, type CaptureRecord } from './capture-journal';

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.remove();
});

const limits = { maxSegmentBytes: 1024 * 1024, maxSegmentRecords: 10_000 };

describe('log segments for retention (real files)', () => {
  it('rotateNow closes the current segment while appends are in flight: every record lands whole, later ones in the new segment', async () => {
    const log = new AppendLog(dir.path, limits);
    await log.open();
    const early = Array.from({ length: 50 }, (_, i) => log.append(JSON.stringify({ n: i })));
    const rotated = log.rotateNow();
    const late = Array.from({ length: 50 }, (_, i) => log.append(JSON.stringify({ n: 50 + i })));
    const next = await rotated;
    const locations = await Promise.all([...early, ...late]);
    expect(next).toBe(2);
    // Records queued before the rotation are in segment 1; those queued meanwhile in either; once
    // rotateNow has resolved, nothing can be added to segment 1 any more.
    expect(new Set(locations.slice(0, 50).map((l) => l.segment))).toEqual(new Set([1]));
    expect(locations.slice(50).every((l) => l.segment === 1 || l.segment === 2)).toBe(true);
    expect((await log.append('{"n":100}')).segment).toBe(2);
    await log.close();
    const lines = async (name: string) => (await readFile(join(dir.path, name), 'utf8')).split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { n: number }).n);
    expect([...(await lines('seg-000001.jsonl')), ...(await lines('seg-000002.jsonl'))].sort((a, b) => a - b)).toEqual(Array.from({ length: 101 }, (_, i) => i));
  });

  it('rotateNow on an empty segment keeps it (no empty files pile up)', async () => {
    const log = new AppendLog(dir.path, limits);
    await log.open();
    expect(await log.rotateNow()).toBe(1);
    await log.close();
    expect((await readdir(dir.path)).filter((n) => n.startsWith('seg-'))).toEqual(['seg-000001.jsonl']);
  });

  it('a journal starts a new segment once its current one is older than maxSegmentAgeMs', async () => {
    const journal = new CaptureJournal(dir.path, { ...limits, maxSegmentAgeMs: 150 });
    await journal.open();
    const record = (seq: number): CaptureRecord => ({ ...RECORD, id: `c${seq}`, seq, receivedAt: new Date().toISOString() });
    expect((await journal.append(record(1))).loc.segment).toBe(1);
    expect((await journal.append(record(2))).loc.segment).toBe(1);
    await new Promise((r) => setTimeout(r, 200));
    const [a, b] = await Promise.all([journal.append(record(3)), journal.append(record(4))]);
    expect([a.loc.segment, b.loc.segment]).toEqual([2, 2]); // one rotation, not one per record in flight
    await journal.close();
    // Reopened: the age of the current segment is known again from its records.
    const again = new CaptureJournal(dir.path, { ...limits, maxSegmentAgeMs: 150 });
    await again.open();
    expect(again.size).toBe(4);
    await new Promise((r) => setTimeout(r, 200));
    expect((await again.append(record(5))).loc.segment).toBe(3);
    await again.close();
  });
});

const RECORD: CaptureRecord = {
  id: '',
  seq: 0,
  receivedAt: '',
  method: 'POST',
  path: '/webhook',
  status: 200,
  stage: 'done',
  reason: null,
  event: null,
  layout: null,
  version: null,
  valid: false,
  issues: [],
  warnings: [],
  duplicate: 'no',
  duplicateOf: null,
  userId: null,
  sessionId: null,
  size: 2,
  remoteAddress: '127.0.0.1',
  apiKey: { present: true, matched: true, last4: '1234' },
  answerMs: null,
  headers: {},
  rawHeaders: [],
  bodyTruncated: false,
  response: { status: 200, body: '' },
  body: '{}',
};
