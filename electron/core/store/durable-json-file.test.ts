import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/temp-dir';
import { CorruptFileError, DurableJSONFile } from './durable-json-file';

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(() => dir.remove());

describe('DurableJSONFile', () => {
  it('reads back what it wrote and leaves no temp files', async () => {
    const file = new DurableJSONFile<{ n: number }>(join(dir.path, 'a.json'));
    await file.write({ n: 1 });
    expect(await file.read()).toEqual({ n: 1 });
    expect(await readdir(dir.path)).toEqual(['a.json']);
  });

  it('returns null for a missing file', async () => {
    expect(await new DurableJSONFile(join(dir.path, 'none.json')).read()).toBeNull();
  });

  it('coalesces concurrent writes: every caller resolves and the newest data wins', async () => {
    const file = new DurableJSONFile<{ n: number }>(join(dir.path, 'b.json'));
    await Promise.all(Array.from({ length: 50 }, (_, n) => file.write({ n })));
    expect(await file.read()).toEqual({ n: 49 });
  });

  it.each([
    ['empty', ''],
    ['truncated', '{"a": [1, 2'],
    ['NUL-filled', '\u0000'.repeat(64)],
    ['garbage', 'not json at all'],
  ])('reports a %s file as corrupt', async (_name, content) => {
    const path = join(dir.path, 'c.json');
    await writeFile(path, content);
    await expect(new DurableJSONFile(path).read()).rejects.toBeInstanceOf(CorruptFileError);
  });

  it('writes with the requested mode (settings holding the key are 0600)', async () => {
    const path = join(dir.path, 's.json');
    await new DurableJSONFile(path, { mode: 0o600 }).write({ k: 'x' });
    const { stat } = await import('node:fs/promises');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ k: 'x' });
  });
});
