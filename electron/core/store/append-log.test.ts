import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/temp-dir';
import { AppendLog, listSegments, readRecord, scanSegment, segmentName } from './append-log';

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(() => dir.remove());

describe('AppendLog', () => {
  it('appends concurrently (group commit) and every record reads back at its location', async () => {
    const log = new AppendLog(dir.path, { maxSegmentBytes: 1 << 30, maxSegmentRecords: 1 << 30 });
    await log.open();
    const locs = await Promise.all(Array.from({ length: 200 }, (_, i) => log.append(JSON.stringify({ i }))));
    for (let i = 0; i < 200; i++) expect(JSON.parse(await readRecord(dir.path, locs[i]!))).toEqual({ i });
    await log.close();
    const text = await readFile(join(dir.path, segmentName(1)), 'utf8');
    expect(text.split('\n').filter(Boolean)).toHaveLength(200);
  });

  it('rotates to a new segment when one is full', async () => {
    const log = new AppendLog(dir.path, { maxSegmentBytes: 1 << 30, maxSegmentRecords: 10 });
    await log.open();
    for (let i = 0; i < 25; i++) await log.append(`{"i":${i}}`);
    await log.close();
    expect(await listSegments(dir.path)).toEqual([1, 2, 3]);
  });

  it('continues an existing segment after reopening', async () => {
    const a = new AppendLog(dir.path, { maxSegmentBytes: 1 << 30, maxSegmentRecords: 1 << 30 });
    await a.open();
    await a.append('{"a":1}');
    await a.close();
    const b = new AppendLog(dir.path, { maxSegmentBytes: 1 << 30, maxSegmentRecords: 1 << 30 });
    await b.open();
    const loc = await b.append('{"b":2}');
    await b.close();
    expect(loc.offset).toBe(8);
    expect((await scanSegment(dir.path, 1, 0)).records.map((r) => r.text)).toEqual(['{"a":1}', '{"b":2}']);
  });

  it('scanning reports a last record cut short by a crash', async () => {
    const log = new AppendLog(dir.path, { maxSegmentBytes: 1 << 30, maxSegmentRecords: 1 << 30 });
    await log.open();
    await log.append('{"whole":true}');
    await log.close();
    await appendFile(join(dir.path, segmentName(1)), '{"cut":');
    const scan = await scanSegment(dir.path, 1, 0);
    expect(scan.records).toHaveLength(1);
    expect(scan.validEnd).toBe(15);
    expect(scan.size).toBe(22);
  });
});
