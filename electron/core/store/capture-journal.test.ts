import { appendFile, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/temp-dir';
import { segmentName } from './append-log';
import { CaptureJournal, type CaptureRecord } from './capture-journal';

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(() => dir.remove());

const record = (seq: number): CaptureRecord => ({
  id: `c${seq}`,
  seq,
  receivedAt: new Date(1_700_000_000_000 + seq).toISOString(),
  method: 'POST',
  path: '/webhook',
  status: 401,
  stage: 'auth',
  reason: 'The x-api-key header is missing.',
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
  apiKey: { present: false, matched: false, last4: null },
  answerMs: 1,
  headers: { 'content-type': 'application/json' },
  rawHeaders: ['Content-Type', 'application/json'],
  body: '{}',
  bodyTruncated: false,
  response: { status: 401, body: '{}' },
});

const open = async (options = { maxSegmentBytes: 1 << 30, maxSegmentRecords: 10, maxRecords: 25 }) => {
  const j = new CaptureJournal(dir.path, options);
  const reports = await j.open();
  return { j, reports };
};

describe('CaptureJournal', () => {
  it('keeps at most maxRecords, drops the oldest first and deletes segments nobody needs', async () => {
    const { j } = await open();
    for (let seq = 1; seq <= 60; seq++) await j.append(record(seq));
    expect(j.size).toBe(25);
    expect(j.inMemory()[0]!.summary.seq).toBe(36);
    await j.close();
    const segments = (await readdir(dir.path)).filter((n) => n.startsWith('seg-'));
    expect(segments.length).toBeLessThanOrEqual(4);
    const { j: again } = await open();
    expect(again.size).toBe(25);
    expect(again.inMemory().at(-1)!.summary.seq).toBe(60);
    await again.close();
  });

  it('rebuilds a lost index from the log and reads records back', async () => {
    const { j } = await open({ maxSegmentBytes: 1 << 30, maxSegmentRecords: 1 << 30, maxRecords: 0 });
    for (let seq = 1; seq <= 5; seq++) await j.append(record(seq));
    await j.close();
    await rm(join(dir.path, 'index.jsonl'));
    const { j: again } = await open({ maxSegmentBytes: 1 << 30, maxSegmentRecords: 1 << 30, maxRecords: 0 });
    expect(again.inMemory().map((e) => e.summary.id)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
    expect((await again.read('c3'))?.reason).toBe('The x-api-key header is missing.');
    await again.close();
  });

  it('sets aside a record cut short by a crash and keeps the whole ones', async () => {
    const { j } = await open({ maxSegmentBytes: 1 << 30, maxSegmentRecords: 1 << 30, maxRecords: 0 });
    await j.append(record(1));
    await j.close();
    await appendFile(join(dir.path, segmentName(1)), '{"id":"c2","seq":2,"recei');
    const { j: again, reports } = await open({ maxSegmentBytes: 1 << 30, maxSegmentRecords: 1 << 30, maxRecords: 0 });
    expect(again.size).toBe(1);
    expect(reports).toHaveLength(1);
    expect(reports[0]!.reason).toMatch(/never acknowledged/);
    await again.append(record(2));
    await again.close();
    const { j: third } = await open({ maxSegmentBytes: 1 << 30, maxSegmentRecords: 1 << 30, maxRecords: 0 });
    expect(third.inMemory().map((e) => e.summary.id)).toEqual(['c1', 'c2']);
    await third.close();
  });

  it('finds a gap in the index (lines lost to a full disk) and re-reads those records from the log', async () => {
    const options = { maxSegmentBytes: 1 << 30, maxSegmentRecords: 1 << 30, maxRecords: 0 };
    const { j } = await open(options);
    for (let seq = 1; seq <= 5; seq++) await j.append(record(seq));
    await j.close();
    const lines = (await readFile(join(dir.path, 'index.jsonl'), 'utf8')).split('\n').filter(Boolean);
    await writeFile(join(dir.path, 'index.jsonl'), [lines[0], '{"id":"c2","se', lines[2], lines[4]].join('\n') + '\n');
    const { j: again } = await open(options);
    expect(again.inMemory().map((e) => e.summary.id)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
    await again.close();
  });
});
