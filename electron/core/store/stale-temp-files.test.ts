import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleCore } from '../console-core';
import { tempDir } from '../test-support/temp-dir';
import { AppendLog, segmentName } from './append-log';
import { removeStaleTempFiles } from './stale-temp-files';

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(() => dir.remove());

describe('temp files a killed console left behind', () => {
  it('are removed when the folder is opened; this process’s own and other files stay', async () => {
    await mkdir(join(dir.path, 'sessions'), { recursive: true });
    const stale = join(dir.path, 'sessions', '.index.json.999999.0a1b2c3d.tmp');
    const own = join(dir.path, `.settings.json.${process.pid}.deadbeef.tmp`);
    const other = join(dir.path, 'sessions', 'notes.tmp');
    for (const f of [stale, own, other]) await writeFile(f, '{"half": ');
    expect(await removeStaleTempFiles(dir.path)).toEqual([stale]);
    expect([existsSync(stale), existsSync(own), existsSync(other)]).toEqual([false, true, true]);
  });

  it('ConsoleCore.open sweeps them after taking the lock', async () => {
    await mkdir(join(dir.path, 'sessions'), { recursive: true });
    const stale = join(dir.path, 'sessions', '.p__n__0123456789ab.json.424242.ffffffff.tmp');
    await writeFile(stale, '{"format":1,');
    const core = await ConsoleCore.open({ dataDir: dir.path, shell: 'headless', port: 0 });
    try {
      expect(existsSync(stale)).toBe(false);
    } finally {
      await core.close();
    }
  });
});

describe('AppendLog between writes', () => {
  // Linux refuses to remount a disk read-only while a file on it is open for writing.
  it.skipIf(!existsSync('/proc/self/fd'))('holds no file open after a quiet spell, and the next write reopens it', async () => {
    const log = new AppendLog(dir.path, { maxSegmentBytes: 1 << 30, maxSegmentRecords: 1 << 30, idleCloseMs: 20 });
    await log.open();
    const segment = join(dir.path, segmentName(1));
    const openHere = () => readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`) === segment;
      } catch {
        return false;
      }
    }).length;
    await log.append('{"i":1}');
    expect(openHere()).toBe(1);
    await new Promise((r) => setTimeout(r, 100));
    expect(openHere()).toBe(0);
    await log.append('{"i":2}');
    await log.close();
    expect(await readFile(segment, 'utf8')).toBe('{"i":1}\n{"i":2}\n');
  });
});
