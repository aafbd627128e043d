// Read-only review of a data folder: real files in temp folders, a real core that made them.
// Nothing in the reviewed folder may change (bytes, mtimes, no new or removed files), and the
// folder's own console can keep running at the same time.
import { createHash } from 'node:crypto';
import { appendFile, cp, readdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCsv } from '../../shared/export/csv';
import { ConsoleCore, READ_ONLY_LISTEN_ERROR } from './console-core';
import { twoNights, type Night } from './export/test-traffic';
import { fileName } from './sessions/session-store';
import { tempDir } from './test-support/temp-dir';

const KEY = 'test-key-read-only-0123';
let original: Awaited<ReturnType<typeof tempDir>>;
let copy: Awaited<ReturnType<typeof tempDir>>;
const open: ConsoleCore[] = [];
let nights: [Night, Night];

async function core(dataDir: string, readOnly = false): Promise<ConsoleCore> {
  const c = await ConsoleCore.open({ dataDir, shell: 'headless', port: 0, apiKey: readOnly ? undefined : KEY, readOnly });
  open.push(c);
  return c;
}

async function closeAll(): Promise<void> {
  while (open.length) await open.pop()!.close();
}

/** Every file and folder under `root`: content hash, size and mtime (folders: mtime and names). */
async function snapshot(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  async function walk(dir: string): Promise<void> {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    const s = await stat(dir);
    out[`${dir.slice(root.length) || '/'}/`] = `${s.mtimeMs} ${entries.map((e) => e.name).join('|')}`;
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else {
        const st = await stat(p);
        const hash = createHash('sha256').update(await readFile(p)).digest('hex');
        out[p.slice(root.length)] = `${hash} ${st.size} ${st.mtimeMs} ${st.mode}`;
      }
    }
  }
  await walk(root);
  return out;
}

beforeEach(async () => {
  original = await tempDir('asleep-ro-orig-');
  copy = await tempDir('asleep-ro-copy-');
  const writer = await core(original.path);
  nights = await twoNights(writer.webhookUrl, KEY);
  await closeAll(); // flushes session files and indexes
  await cp(original.path, copy.path, { recursive: true, preserveTimestamps: true });
});

afterEach(async () => {
  await closeAll();
  await original.remove();
  await copy.remove();
});

/** Long enough for every write-behind timer (sessions 1 s, capture index 0.1 s) to have fired. */
const pastWriteBehind = () => new Promise((r) => setTimeout(r, 1_300));

describe('read-only review', () => {
  it('reads a copied folder without changing a byte or an mtime, while its own console keeps the lock', async () => {
    const live = await core(original.path); // the original keeps recording, lock held
    const before = await snapshot(copy.path);
    const ro = await core(copy.path, true);
    const roOnOriginal = await core(original.path, true); // no lock needed even where one is held

    const status = ro.status();
    expect(status).toMatchObject({ listening: false, listenError: READ_ONLY_LISTEN_ERROR });
    expect(status.storage).toMatchObject({ readOnly: true, ok: true, corruptFiles: [], captureCount: 6, rejectedCount: 1 });
    expect(roOnOriginal.status().storage.readOnly).toBe(true);

    const sessions = await ro.handlers.listSessions({});
    expect(sessions.ok && sessions.value.items.map((s) => s.sessionId).sort()).toEqual(nights.map((n) => n.sessionId).sort());
    const detail = await ro.handlers.getSession({ userId: nights[0].userId, sessionId: nights[0].sessionId });
    const fromLive = await live.handlers.getSession({ userId: nights[0].userId, sessionId: nights[0].sessionId });
    expect(detail.ok && fromLive.ok).toBe(true);
    if (detail.ok && fromLive.ok) expect({ ...detail.value, state: 'x' }).toEqual({ ...fromLive.value, state: 'x' });

    const captures = await ro.listCaptures({ limit: 100 });
    expect(captures).toHaveLength(7);
    for (const c of captures) expect((await ro.getCapture(c.id))?.response.status).toBe(c.status);

    const nightsList = await ro.handlers.listNights({ userId: nights[0].userId });
    expect(nightsList.ok && nightsList.value.items.map((r) => r.sessionId)).toEqual(nights.map((n) => n.sessionId));
    const file = await ro.handlers.exportSession({ ...nights[0], format: 'csv' });
    expect(file.ok && parseCsv(file.value.content)).toHaveLength(31);

    expect(await ro.handlers.sendSamples({})).toEqual({ ok: false, error: { code: 'READ_ONLY', message: 'This folder is open read-only for review.' } });
    expect((await ro.handlers.setApiKey({ apiKey: 'another-key-1234' })).ok).toBe(false);
    expect(ro.status().apiKey).toBe(KEY);

    await pastWriteBehind();
    await ro.close();
    await roOnOriginal.close();
    expect(await snapshot(copy.path)).toEqual(before);
    // the original's console is still the one holding its lock
    expect(JSON.parse(await readFile(join(original.path, 'console.lock'), 'utf8')).pid).toBe(process.pid);
    await expect(ConsoleCore.open({ dataDir: original.path, shell: 'headless', port: 0 })).rejects.toThrow(/in use/);
  });

  it('reports damage without repairing it: lost index, torn log tail, corrupt session and settings files', async () => {
    const sessionFile = join(copy.path, 'sessions', fileName(nights[0].userId, nights[0].sessionId));
    // The session index: a snapshot and the changes since (see sessions/session-index.ts).
    const indexFiles = (await readdir(join(copy.path, 'sessions'))).filter((n) => n === 'index.json' || n === 'index-changes.jsonl');
    expect(indexFiles.length).toBeGreaterThan(0);
    for (const name of indexFiles) await unlink(join(copy.path, 'sessions', name));
    await writeFile(sessionFile, '{"format": 1, "userId": ');
    await writeFile(join(copy.path, 'settings.json'), 'not json');
    await appendFile(join(copy.path, 'captures', 'seg-000001.jsonl'), '{"id":"c99","seq":99,"torn');
    await writeFile(join(copy.path, 'captures', 'index.jsonl'), 'garbage\n');
    const before = await snapshot(copy.path);

    const ro = await core(copy.path, true);
    const reports = ro.status().storage.corruptFiles;
    expect(reports.every((r) => r.movedTo === '' && /left in place/.test(r.reason))).toBe(true);
    expect(reports.map((r) => r.file)).toEqual(
      expect.arrayContaining([join(copy.path, 'settings.json'), join(copy.path, 'captures', 'index.jsonl'), expect.stringContaining('seg-1')]),
    );

    // Sessions rebuilt in memory from the capture log, the corrupt file included.
    const sessions = await ro.handlers.listSessions({});
    expect(sessions.ok && sessions.value.items).toHaveLength(2);
    const d = await ro.handlers.getSession({ userId: nights[0].userId, sessionId: nights[0].sessionId });
    expect(d.ok && d.value.state).toBe('complete');
    expect(d.ok && d.value.epochs.sleep).toHaveLength(30);
    expect(ro.status().storage.corruptFiles.some((r) => r.file === sessionFile && r.movedTo === '')).toBe(true);
    expect(await ro.listCaptures({ limit: 100 })).toHaveLength(7);

    await pastWriteBehind();
    await ro.close();
    expect(await snapshot(copy.path)).toEqual(before);
  });

  it('refuses a folder that does not exist instead of creating it', async () => {
    const missing = join(copy.path, 'nope');
    await expect(ConsoleCore.open({ dataDir: missing, shell: 'headless', readOnly: true })).rejects.toThrow(/no data folder/);
    await expect(stat(missing)).rejects.toThrow();
  });
});
