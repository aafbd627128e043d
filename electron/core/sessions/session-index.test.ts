import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionSummary } from '../../../shared/session';
import { tempDir } from '../test-support/temp-dir';
import { SessionIndex, type SessionIndexEntry } from './session-index';

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(() => dir.remove());

const defaultFile = (key: string) => `${key.replace('\u0000', '__')}.json`;
const open = async (readOnly = false) => {
  const index = new SessionIndex(dir.path, readOnly, defaultFile);
  await index.open();
  return index;
};

function entry(n: number, state: SessionSummary['state'], appliedSeq = n): [string, SessionIndexEntry] {
  const key = `user-${n}\u0000night-${n}`;
  const summary = { userId: `user-${n}`, sessionId: `night-${n}`, state, lastEventAt: '2025-01-15T03:00:00.000Z', lastChunkAt: null } as unknown as SessionSummary;
  return [key, { file: n === 3 ? 'renamed-by-an-older-version.json' : defaultFile(key), appliedSeq, summary }];
}

const memoryKeys = (index: SessionIndex) => [...index.inMemory()].map(([key]) => key).sort();

describe('SessionIndex', () => {
  it('keeps complete nights out of memory once written, and reads them back for the whole list', async () => {
    const index = await open();
    const nights = [entry(1, 'complete'), entry(2, 'live'), entry(3, 'complete'), entry(4, 'stale')];
    for (const [key, e] of nights) index.set(key, e);
    expect(memoryKeys(index)).toHaveLength(4); // not written yet
    await index.write();
    expect(index.behind).toBe(false);
    expect(memoryKeys(index)).toEqual([nights[1]![0], nights[3]![0]].sort());
    expect([...(await index.entries())].sort()).toEqual([...nights].sort());
    expect(index.appliedSeq(nights[0]![0])).toBe(1);
    expect(index.file(nights[2]![0])).toBe('renamed-by-an-older-version.json');
    expect(index.file(nights[0]![0])).toBe(defaultFile(nights[0]![0]));

    index.remove(nights[1]![0]);
    await index.write();
    const again = await open();
    expect(again.size).toBe(3);
    expect(again.has(nights[1]![0])).toBe(false);
    expect(memoryKeys(again)).toEqual([nights[3]![0]]);
    expect(again.file(nights[2]![0])).toBe('renamed-by-an-older-version.json');
    expect((await again.entries()).get(nights[0]![0])).toEqual(nights[0]![1]);
  });

  it('folds changes into a new snapshot at start-up and ignores change lines of an older generation', async () => {
    const index = await open();
    const [k1, e1] = entry(1, 'complete');
    index.set(k1, e1);
    await index.write();
    const again = await open(); // compacts: snapshot generation 1, no change lines
    const snapshot = JSON.parse(await readFile(join(dir.path, 'index.json'), 'utf8')) as { generation: number };
    expect(snapshot.generation).toBe(1);
    expect(await readdir(dir.path)).not.toContain('index-changes.jsonl');
    // A crash between the new snapshot and removing the old lines leaves lines of generation 0: ignored.
    await appendFile(join(dir.path, 'index-changes.jsonl'), JSON.stringify({ g: 0, key: k1, entry: { ...e1, appliedSeq: 0 } }) + '\n');
    const third = await open();
    expect(third.appliedSeq(k1)).toBe(1);
    expect(again.appliedSeq(k1)).toBe(1);
  });

  it('sets a corrupt snapshot aside, skips a change line cut short, and keeps the rest', async () => {
    const index = await open();
    const [k1, e1] = entry(1, 'live');
    const [k2, e2] = entry(2, 'complete');
    index.set(k1, e1);
    index.set(k2, e2);
    await index.write();
    await appendFile(join(dir.path, 'index-changes.jsonl'), '{"g":0,"key":"user-9\\u0000night-9","ent');
    const again = await open();
    expect(again.size).toBe(2);
    expect(again.reports).toEqual([]);

    await writeFile(join(dir.path, 'index.json'), '{"format":1,"sess');
    const third = await open();
    expect(third.reports).toHaveLength(1);
    expect(third.reports[0]!.movedTo).toContain('corrupt');
    expect(third.size).toBe(0); // rebuilt from the capture log by the session service
  });
});
