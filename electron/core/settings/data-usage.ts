import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataUsage, DataUsageEntry } from '../../../shared/settings';

const CATEGORIES = { captures: 'captures', rejected: 'rejected', sessions: 'sessions' } as const;

/**
 * Bytes in the data folder by what they hold: accepted captures, rejected requests, session files,
 * and everything else (settings, forwarding queue, re-send answers, files set aside). Computed on
 * request by walking the folder; symbolic links are counted as links, never followed.
 */
export async function dataUsage(dataDir: string): Promise<DataUsage> {
  const entries: DataUsageEntry[] = [];
  for (const name of await readdir(dataDir).catch(() => [] as string[])) {
    const path = join(dataDir, name);
    const s = await lstat(path).catch(() => null);
    if (!s) continue; // removed while we walked
    entries.push({ name, kind: s.isDirectory() ? 'folder' : 'file', bytes: s.isDirectory() ? await folderBytes(path) : s.size });
  }
  entries.sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name));
  const of = (name: string) => entries.find((e) => e.name === name && e.kind === 'folder')?.bytes ?? 0;
  const total = entries.reduce((sum, e) => sum + e.bytes, 0);
  const captures = of(CATEGORIES.captures);
  const rejected = of(CATEGORIES.rejected);
  const sessions = of(CATEGORIES.sessions);
  return { dataDir, computedAt: new Date().toISOString(), total, captures, rejected, sessions, other: total - captures - rejected - sessions, entries };
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  const items = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const item of items) {
    const path = join(dir, item.name);
    if (item.isDirectory()) total += await folderBytes(path);
    else total += (await lstat(path).catch(() => null))?.size ?? 0;
  }
  return total;
}
