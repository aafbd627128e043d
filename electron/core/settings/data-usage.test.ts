import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/temp-dir';
import { dataUsage } from './data-usage';

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.remove();
});

describe('data folder size (real files)', () => {
  it('adds up captures, rejected, sessions and everything else, nested folders included, links not followed', async () => {
    const p = dir.path;
    await mkdir(join(p, 'captures'));
    await writeFile(join(p, 'captures', 'seg-000001.jsonl'), Buffer.alloc(1000));
    await writeFile(join(p, 'captures', 'index.jsonl'), Buffer.alloc(100));
    await mkdir(join(p, 'rejected'));
    await writeFile(join(p, 'rejected', 'seg-000001.jsonl'), Buffer.alloc(300));
    await mkdir(join(p, 'sessions'));
    await writeFile(join(p, 'sessions', 'a.json'), Buffer.alloc(50));
    await mkdir(join(p, 'forwarding', 'deep'), { recursive: true });
    await writeFile(join(p, 'forwarding', 'deep', 'q.jsonl'), Buffer.alloc(20));
    await writeFile(join(p, 'settings.json'), Buffer.alloc(7));
    await mkdir(join(p, 'outside'));
    await writeFile(join(p, 'outside', 'big'), Buffer.alloc(5000));
    await symlink(join(p, 'outside'), join(p, 'captures', 'link')).catch(() => undefined);
    const u = await dataUsage(p);
    expect(u.captures).toBeGreaterThanOrEqual(1100);
    expect(u.captures).toBeLessThan(1100 + 1000); // the link itself, not the 5000 bytes behind it
    expect(u).toMatchObject({ dataDir: p, rejected: 300, sessions: 50, other: 20 + 7 + 5000 });
    expect(u.total).toBe(u.captures + u.rejected + u.sessions + u.other);
    expect(u.entries[0]).toEqual({ name: 'outside', kind: 'folder', bytes: 5000 });
    expect(u.entries.find((e) => e.name === 'settings.json')).toEqual({ name: 'settings.json', kind: 'file', bytes: 7 });
  });

  it('answers zeros for an empty folder', async () => {
    expect(await dataUsage(dir.path)).toMatchObject({ total: 0, captures: 0, rejected: 0, sessions: 0, other: 0, entries: [] });
  });
});
