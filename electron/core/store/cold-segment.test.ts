import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/temp-dir';
import { segmentName } from './append-log';
import { CaptureJournal, type CaptureRecord, type IndexEntry } from './capture-journal';
import { coldName } from './cold-segment';

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(() => dir.remove());

const T0 = Date.UTC(2026, 0, 1);
/** Ten sessions taking turns; every third capture is refused; every other one came through the tunnel. */
const record = (seq: number): CaptureRecord => ({
  id: `c${seq}`,
  seq,
  receivedAt: new Date(T0 + seq * 60_000).toISOString(),
  method: 'POST',
  path: '/webhook',
  status: seq % 3 === 0 ? 400 : 200,
  stage: 'done',
  reason: null,
  event: 'INFERENCE_COMPLETE',
  layout: 'v3',
  version: 'V3',
  valid: seq % 3 !== 0,
  issues: [],
  warnings: [],
  duplicate: 'no',
  duplicateOf: null,
  userId: `u${seq % 10}`,
  sessionId: `s${seq % 10}`,
  size: 10,
  remoteAddress: '127.0.0.1',
  apiKey: { present: true, matched: true, last4: 'abcd' },
  answerMs: 1,
  via: seq % 2 === 0 ? 'https://a.example' : null,
  headers: { 'content-type': 'application/json' },
  rawHeaders: ['Content-Type', 'application/json'],
  body: JSON.stringify({ n: seq }),
  bodyTruncated: false,
  response: { status: 200, body: '{}' },
});

const LIMITS = { maxSegmentBytes: 1 << 30, maxSegmentRecords: 10, memoryRecords: 20 };

async function filled(count: number, limits = LIMITS): Promise<CaptureJournal> {
  const j = new CaptureJournal(dir.path, limits);
  await j.open();
  for (let seq = 1; seq <= count; seq++) await j.append(record(seq));
  await j.flushIndex(); // evictions run behind the index writes
  return j;
}

async function allNewestFirst(j: CaptureJournal, beforeSeq?: number): Promise<number[]> {
  const out: number[] = [];
  for await (const batch of j.newestFirst(beforeSeq, 7)) out.push(...batch.map((e) => e.summary.seq));
  return out;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const seqs = (entries: readonly IndexEntry[]) => entries.map((e) => e.summary.seq);

describe('CaptureJournal with memoryRecords (cold segments)', () => {
  it('keeps about memoryRecords summaries in memory and every capture reachable', async () => {
    const j = await filled(95);
    expect(j.size).toBe(95);
    expect(j.inMemory().length).toBeLessThanOrEqual(LIMITS.memoryRecords + LIMITS.maxSegmentRecords);
    expect(j.coldSize).toBe(95 - j.inMemory().length);
    expect(j.maxSeq).toBe(95);
    const cold = (await readdir(dir.path)).filter((n) => n.endsWith('.index.jsonl')).sort();
    expect(cold.length).toBeGreaterThanOrEqual(6);
    // index.jsonl holds only what is in memory
    const indexLines = (await readFile(join(dir.path, 'index.jsonl'), 'utf8')).split('\n').filter(Boolean);
    expect(new Set(indexLines.map((l) => (JSON.parse(l) as { id: string }).id)).size).toBe(j.inMemory().length);

    expect(await allNewestFirst(j)).toEqual(range(1, 95).reverse());
    expect(await allNewestFirst(j, 42)).toEqual(range(1, 41).reverse());
    expect(j.get('c3')).toBeUndefined(); // not in memory...
    expect((await j.find('c3'))?.summary.seq).toBe(3); // ...but found
    expect((await j.read('c3'))?.body).toBe('{"n":3}');
    expect((await j.readMany(['c95', 'c1', 'nope', 'c50'])).map((r) => r?.seq ?? null)).toEqual([95, 1, null, 50]);
    expect((await j.summariesAfter(90)).map((s) => s.seq)).toEqual(range(91, 95));
    await j.close();
  });

  it('answers session, tunnel, retention and metrics questions from memory plus the cold headers', async () => {
    const j = await filled(95);
    expect(seqs(await j.sessionEntries('u4', 's4'))).toEqual([4, 14, 24, 34, 44, 54, 64, 74, 84, 94]);
    const bySegment = (await j.sessionsBySegment()).filter((s) => s.userId === 'u3');
    expect(Math.max(...bySegment.map((s) => s.maxSeq))).toBe(93);
    // seq 93 is a 400: the newest capture that applies to u3's night is 83
    expect(Math.max(...bySegment.map((s) => s.maxApplied))).toBe(83);
    expect(j.viaCounts().get('https://a.example')).toBe(47);
    expect(j.viaCounts().get(null)).toBe(48);

    const cutoff = T0 + 25.5 * 60_000; // between seq 25 and 26
    const ages = await j.segmentAges(cutoff);
    expect(ages.reduce((n, a) => n + a.count, 0)).toBe(95);
    expect(ages.reduce((n, a) => n + a.older, 0)).toBe(25);
    expect(ages.filter((a) => a.newest < cutoff).reduce((n, a) => n + a.count, 0)).toBe(20); // seg 1 and 2 go whole

    const since = T0 + 80 * 60_000;
    const lists: number[] = [];
    for await (const list of j.receivedSince(since)) lists.push(...seqs(list).filter((s) => T0 + s * 60_000 >= since));
    expect(lists.sort((a, b) => a - b)).toEqual(range(80, 95));
    await j.close();
  });

  it('reads only the cold segments whose filter may hold a night, and no per-night map stays in memory', async () => {
    // One night per segment (10 records each): captures 1-10 are night n0 in segment 1, 11-20 night n1 in segment 2, …
    const j = new CaptureJournal(dir.path, LIMITS);
    await j.open();
    for (let seq = 1; seq <= 95; seq++) await j.append({ ...record(seq), userId: 'u', sessionId: `n${Math.floor((seq - 1) / 10)}` });
    await j.flushIndex();
    expect(j.coldSize).toBeGreaterThanOrEqual(60);
    // The cold files of every other night are gone: a lookup that read them would fail.
    for (const segment of [1, 3, 4, 5]) await rm(join(dir.path, coldName(segment)));
    expect(seqs(await j.sessionEntries('u', 'n1'))).toEqual(range(11, 20));
    expect(seqs(await j.sessionEntries('u', 'n9'))).toEqual(range(91, 95));
    const cold = (j as unknown as { cold: Map<number, object> }).cold;
    for (const info of cold.values()) expect(info).not.toHaveProperty('sessions');
    await j.close();
  });

  it('opens again with cold files read by header only, and the same answers', async () => {
    const j = await filled(95);
    await j.close();
    const again = new CaptureJournal(dir.path, LIMITS);
    expect(await again.open()).toEqual([]);
    expect(again.size).toBe(95);
    expect(again.inMemory().length).toBeLessThanOrEqual(LIMITS.memoryRecords + LIMITS.maxSegmentRecords);
    expect(await allNewestFirst(again)).toEqual(range(1, 95).reverse());
    for (let seq = 96; seq <= 130; seq++) await again.append(record(seq));
    await again.flushIndex();
    expect(await allNewestFirst(again)).toEqual(range(1, 130).reverse());
    expect(again.inMemory().length).toBeLessThanOrEqual(LIMITS.memoryRecords + LIMITS.maxSegmentRecords);
    await again.close();
  });

  it('answers the first sessionsBySegment after open from the headers open read, later ones from the files', async () => {
    const j = await filled(95);
    const before = await j.sessionsBySegment();
    await j.close();
    const again = new CaptureJournal(dir.path, LIMITS);
    await again.open();
    const cold = (await readdir(dir.path)).filter((n) => n.endsWith('.index.jsonl'));
    const saved = await Promise.all(cold.map((n) => readFile(join(dir.path, n), 'utf8')));
    for (const n of cold) await rm(join(dir.path, n));
    expect(await again.sessionsBySegment()).toEqual(before); // start-up recovery: no header read twice
    await expect(again.sessionsBySegment()).rejects.toThrow(/ENOENT/); // after that, memory no longer holds them
    await Promise.all(cold.map((n, i) => writeFile(join(dir.path, n), saved[i]!)));
    expect(await again.sessionsBySegment()).toEqual(before);
    await again.close();
  });

  it('prefers a cold file over index lines of the same segment (a crash between the two writes)', async () => {
    const j = await filled(95);
    await j.close();
    // Put every cold segment's lines back into index.jsonl, as if its rewrite never happened.
    const coldLines: string[] = [];
    for (const name of (await readdir(dir.path)).filter((n) => n.endsWith('.index.jsonl'))) {
      coldLines.push(...(await readFile(join(dir.path, name), 'utf8')).split('\n').slice(1).filter(Boolean));
    }
    const hot = await readFile(join(dir.path, 'index.jsonl'), 'utf8');
    await writeFile(join(dir.path, 'index.jsonl'), coldLines.join('\n') + '\n' + hot);
    const again = new CaptureJournal(dir.path, LIMITS);
    await again.open();
    expect(await allNewestFirst(again)).toEqual(range(1, 95).reverse());
    const lines = (await readFile(join(dir.path, 'index.jsonl'), 'utf8')).split('\n').filter(Boolean);
    expect(lines.length).toBe(again.inMemory().length); // rewritten without the cold lines
    await again.close();
  });

  it('sets aside a cold file that does not read and rebuilds its summaries from the log', async () => {
    const j = await filled(95);
    await j.close();
    await writeFile(join(dir.path, coldName(2)), '{"format":1,"segm');
    const again = new CaptureJournal(dir.path, LIMITS);
    const reports = await again.open();
    expect(reports).toHaveLength(1);
    expect(reports[0]!.reason).toMatch(/seg-000002\.jsonl do not read .*rebuilt from the capture log/);
    expect(reports[0]!.movedTo).toContain('corrupt');
    expect(await allNewestFirst(again)).toEqual(range(1, 95).reverse());
    expect((await again.read('c15'))?.body).toBe('{"n":15}');
    await again.close();
  });

  it('drops a cold file whose segment is gone, and prunes cold segments with their files', async () => {
    const j = await filled(95);
    await j.close();
    await rm(join(dir.path, segmentName(1)));
    const again = new CaptureJournal(dir.path, LIMITS);
    await again.open();
    expect(await readdir(dir.path)).not.toContain(coldName(1));
    expect(again.size).toBe(85);
    expect(await allNewestFirst(again)).toEqual(range(11, 95).reverse());

    await again.forgetSegments([2, 3]);
    await again.deleteSegmentFiles([2, 3]);
    const names = await readdir(dir.path);
    for (const n of [2, 3]) {
      expect(names).not.toContain(segmentName(n));
      expect(names).not.toContain(coldName(n));
    }
    expect(again.size).toBe(65);
    expect(await allNewestFirst(again)).toEqual(range(31, 95).reverse());
    expect(await again.find('c25')).toBeUndefined();
    await again.close();
  });

  it('walks in exact seq order when appends crossed a segment boundary out of order', async () => {
    const j = new CaptureJournal(dir.path, { maxSegmentBytes: 1 << 30, maxSegmentRecords: 10, memoryRecords: 10 });
    await j.open();
    // Concurrent requests: seq 11 reaches the log before seq 10, so 10 opens the next segment.
    const order = [...range(1, 9), 11, 10, ...range(12, 45)];
    for (const seq of order) await j.append(record(seq));
    await j.flushIndex();
    expect(j.coldSize).toBeGreaterThan(0);
    expect(await allNewestFirst(j)).toEqual(range(1, 45).reverse());
    expect(await allNewestFirst(j, 11)).toEqual(range(1, 10).reverse());
    await j.close();
  });

  it('keeps everything in memory in a read-only review (it may not write cold files)', async () => {
    const j = await filled(95);
    await j.close();
    const before = (await readdir(dir.path)).sort();
    const ro = new CaptureJournal(dir.path, { ...LIMITS, readOnly: true });
    await ro.open();
    expect(ro.size).toBe(95);
    expect(await allNewestFirst(ro)).toEqual(range(1, 95).reverse());
    expect((await readdir(dir.path)).sort()).toEqual(before);
  });
});
