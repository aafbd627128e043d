import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nextStartText } from '../core-host';
import { tempDir } from '../test-support/temp-dir';
import { folderFollowedByDefault, POINTER_FORMAT, readPointer, resolveDataDir, snapshotPointer, writePointer } from './data-location';

let dir: Awaited<ReturnType<typeof tempDir>>;
let pointerFile: string;
let defaultDir: string;
beforeEach(async () => {
  dir = await tempDir('asleep-location-');
  pointerFile = join(dir.path, 'app', 'data-location.json');
  defaultDir = join(dir.path, 'app', 'data');
});
afterEach(async () => {
  await dir.remove();
});

describe('which data folder a start opens', () => {
  it('an explicit folder wins (flag, then environment), then the pointer, then the default', async () => {
    const moved = join(dir.path, 'moved');
    await mkdir(moved);
    await writePointer(pointerFile, moved, defaultDir);
    expect(resolveDataDir({ flag: 'rel/flag', env: '/env/dir', pointerFile, defaultDir })).toEqual({ dir: join(process.cwd(), 'rel/flag'), source: 'flag', problem: null });
    expect(resolveDataDir({ env: '/env/dir', pointerFile, defaultDir })).toEqual({ dir: '/env/dir', source: 'env', problem: null });
    expect(resolveDataDir({ pointerFile, defaultDir })).toEqual({ dir: moved, source: 'pointer', problem: null });
    expect(resolveDataDir({ pointerFile: join(dir.path, 'none.json'), defaultDir })).toEqual({ dir: defaultDir, source: 'default', problem: null });
  });

  it('does not start an empty folder where a moved one is missing (an unplugged drive): it says what to do', async () => {
    const gone = join(dir.path, 'unplugged', 'data');
    await writePointer(pointerFile, gone, defaultDir);
    const r = resolveDataDir({ pointerFile, defaultDir });
    expect(r).toMatchObject({ dir: gone, source: 'pointer' });
    expect(r.problem).toMatch(/not there now \(is its drive connected\?\).*--data DIR/);
    await expect(stat(gone)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('ignores a pointer that is not ours or not usable', async () => {
    await mkdir(join(dir.path, 'app'), { recursive: true });
    for (const text of ['not json', '{}', JSON.stringify({ format: 'other', dataDir: '/x' }), JSON.stringify({ format: POINTER_FORMAT, dataDir: 'relative' })]) {
      await writeFile(pointerFile, text);
      expect(readPointer(pointerFile), text).toBeNull();
      expect(resolveDataDir({ pointerFile, defaultDir }).source).toBe('default');
    }
  });

  it('writes the pointer readable by the user only, and a snapshot puts the previous one back exactly', async () => {
    await writePointer(pointerFile, '/first', null);
    const before = await readFile(pointerFile, 'utf8');
    const restore = await snapshotPointer(pointerFile);
    await writePointer(pointerFile, '/second', '/first');
    expect(folderFollowedByDefault(pointerFile, defaultDir)).toBe('/second');
    expect((await stat(pointerFile)).mode & 0o777).toBe(0o600);
    await restore();
    expect(await readFile(pointerFile, 'utf8')).toBe(before);

    const fresh = join(dir.path, 'other', 'pointer.json');
    const undo = await snapshotPointer(fresh);
    await writePointer(fresh, '/x', null);
    await undo();
    await expect(stat(fresh)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(folderFollowedByDefault(fresh, defaultDir)).toBe(defaultDir);
  });

  it('tells the user what the next start needs, in each case', () => {
    expect(nextStartText('/new', 'default', '/p.json')).toBe('The next start opens /new by itself (remembered in /p.json).');
    expect(nextStartText('/new', 'flag', '/p.json')).toMatch(/use --data "\/new" or leave --data out/);
    expect(nextStartText('/new', 'env', null)).toMatch(/ASLEEP_CONSOLE_DATA_DIR="\/new"/);
    expect(nextStartText('/new', 'flag', null)).toMatch(/--data "\/new" from now on/);
  });
});
