import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/temp-dir';
import { segmentName, type RecordLocation } from './append-log';
import { readRecords } from './read-span';

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.remove();
});

/** Write lines back to back into a segment and return where each one lies. */
async function segment(n: number, lines: string[]): Promise<RecordLocation[]> {
  let offset = 0;
  const locs = lines.map((l) => {
    const length = Buffer.byteLength(l) + 1;
    const loc = { segment: n, offset, length };
    offset += length;
    return loc;
  });
  await writeFile(join(dir.path, segmentName(n)), lines.map((l) => l + '\n').join(''));
  return locs;
}

describe('readRecords', () => {
  it('gives each location its own line, in the order asked, across segments', async () => {
    const a = await segment(1, ['{"a":1}', '{"a":"ünï"}', '{"a":3}']);
    const b = await segment(2, ['{"b":1}', '{"b":2}']);
    const asked = [b[1]!, a[2]!, a[0]!, b[0]!, a[1]!];
    expect(await readRecords(dir.path, asked)).toEqual(['{"b":2}', '{"a":3}', '{"a":1}', '{"b":1}', '{"a":"ünï"}']);
  });

  it('splits reads of records far apart (more than a span) and still returns all of them', async () => {
    const big = 'x'.repeat(700 * 1024);
    const locs = await segment(1, [`"${big}"`, '"small"', `"${big}y"`, '"last"']);
    const texts = await readRecords(dir.path, locs);
    expect(texts.map((t) => t?.length)).toEqual([big.length + 2, 7, big.length + 3, 6]);
    expect(texts[3]).toBe('"last"');
  });

  it('gives null for a missing segment or a location past the end, and reads the rest', async () => {
    const locs = await segment(1, ['{"ok":true}']);
    const texts = await readRecords(dir.path, [{ segment: 9, offset: 0, length: 5 }, locs[0]!, { segment: 1, offset: 500, length: 10 }]);
    expect(texts).toEqual([null, '{"ok":true}', null]);
  });
});
