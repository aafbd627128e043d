import { spawn } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventName, EventPayloads } from '../../../shared/contract';
import { dispatch } from '../../../shared/dispatch';
import type { PrunePreview, PruneReport } from '../../../shared/settings';
import { ConsoleCore, type CoreOptions } from '../console-core';
import { ageDataFolder } from '../test-support/age-data-folder';
import { tempDir } from '../test-support/temp-dir';
import { PRUNE_INTENT_FILE } from './prune-intent';
import { chunkBody, post, postNight } from './test-support/webhooks';

const KEY = 'retention-test-key-123';
let dir: Awaited<ReturnType<typeof tempDir>>;
let core: ConsoleCore | null = null;

beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await core?.close();
  core = null;
  await dir.remove();
});

const open = (extra: Partial<CoreOptions> = {}) => ConsoleCore.open({ dataDir: dir.path, shell: 'headless', port: 0, apiKey: KEY, ...extra });

/**
 * A folder as a study leaves it: 40 days ago night A (5 chunks), the first two chunks of night C and
 * one refused request; today night B (3 chunks), C's third chunk and another refused request.
 */
async function oldAndNew(): Promise<void> {
  const before = await open();
  expect(await postNight(before.webhookUrl, KEY, 'p-old', 'night-old', 5)).toEqual([200, 200, 200, 200, 200]);
  expect(await postNight(before.webhookUrl, KEY, 'p-span', 'night-span', 2)).toEqual([200, 200]);
  expect((await post(before.webhookUrl, chunkBody('p-old', 'night-old', 9), 'wrong-key-000')).status).toBe(401);
  await waitFor(async () => before.status().storage.rejectedCount === 1 && (await before.listCaptures({ limit: 50 })).length === 8);
  await before.close();
  await ageDataFolder(dir.path, 40);

  const today = await open();
  expect(await postNight(today.webhookUrl, KEY, 'p-new', 'night-new', 3)).toEqual([200, 200, 200]);
  expect(await postNight(today.webhookUrl, KEY, 'p-span', 'night-span', 1, 2)).toEqual([200]);
  expect((await post(today.webhookUrl, chunkBody('p-new', 'night-new', 9), null)).status).toBe(401);
  await waitFor(async () => (await today.listCaptures({ limit: 50 })).length === 13);
  await today.close();
}

async function waitFor(check: () => boolean | Promise<boolean>, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function collect(c: ConsoleCore) {
  const events: { event: EventName; payload: unknown }[] = [];
  c.on((event, payload) => events.push({ event, payload }));
  return <E extends EventName>(name: E) => events.filter((e) => e.event === name).map((e) => e.payload as EventPayloads[E]);
}

const sessionIds = (c: ConsoleCore) =>
  c.handlers.listSessions({}).then((r) => (r.ok ? r.value.items.map((s) => s.sessionId).sort() : []));

/** What must hold after the old night was pruned, whether the prune finished or was killed and resumed. */
async function expectPruned(c: ConsoleCore): Promise<void> {
  const captures = await c.listCaptures({ limit: 100 });
  expect(captures.filter((s) => s.status === 200).map((s) => s.userId).sort()).toEqual(['p-new', 'p-new', 'p-new', 'p-span']);
  expect(captures.filter((s) => s.status === 401)).toHaveLength(1);
  expect(captures.every((s) => Date.now() - Date.parse(s.receivedAt) < 60 * 60_000)).toBe(true);
  expect(await sessionIds(c)).toEqual(['night-new', 'night-span']);
  expect((await c.handlers.getSession({ userId: 'p-old', sessionId: 'night-old' })).ok).toBe(false);
  // The partly pruned night keeps what it had learnt from its pruned chunks.
  const span = await c.handlers.getSession({ userId: 'p-span', sessionId: 'night-span' });
  expect(span.ok && span.value.chunks.map((k) => k.inferenceSeqNum)).toEqual([0, 1, 2]);
  expect(c.status().storage.corruptFiles).toEqual([]);
  expect(c.status().storage.captureCount).toBe(4);
  // On disk: the old segments are gone, the index names only what exists, no intent is left.
  expect(await segments('captures')).toEqual(['seg-000002.jsonl']);
  expect(await segments('rejected')).toEqual(['seg-000002.jsonl']);
  const index = (await readFile(join(dir.path, 'captures', 'index.jsonl'), 'utf8')).split('\n').filter(Boolean);
  expect(index.every((l) => (JSON.parse(l) as { loc: { segment: number } }).loc.segment === 2)).toBe(true);
  await expect(stat(join(dir.path, PRUNE_INTENT_FILE))).rejects.toThrow();
  const sessionFiles = await readdir(join(dir.path, 'sessions'));
  expect(sessionFiles.some((f) => f.startsWith('p-old__'))).toBe(false);
}

const segments = async (folder: string) => (await readdir(join(dir.path, folder))).filter((n) => n.startsWith('seg-')).sort();

describe('retention: prune captures older than N days (real files)', () => {
  it('starts a new log segment when the current one is a day old, so old captures sit in their own files', async () => {
    await oldAndNew();
    expect(await segments('captures')).toEqual(['seg-000001.jsonl', 'seg-000002.jsonl']);
    expect(await segments('rejected')).toEqual(['seg-000001.jsonl', 'seg-000002.jsonl']);
  });

  it('prunes old segments whose summaries have left memory (cold) as it prunes the others', async () => {
    const small = { captureLimits: { maxSegmentRecords: 3, memoryRecords: 3 } };
    const before = await open(small);
    expect(await postNight(before.webhookUrl, KEY, 'p-old', 'night-old', 5)).toEqual([200, 200, 200, 200, 200]);
    expect(await postNight(before.webhookUrl, KEY, 'p-span', 'night-span', 2)).toEqual([200, 200]);
    await before.close();
    await ageDataFolder(dir.path, 40);
    core = await open(small);
    expect(await postNight(core.webhookUrl, KEY, 'p-new', 'night-new', 3)).toEqual([200, 200, 200]);
    expect(await postNight(core.webhookUrl, KEY, 'p-span', 'night-span', 1, 2)).toEqual([200]);
    await waitFor(() => core!.memoryFootprint().capturesCold >= 6);

    const r = await core.handlers.previewPrune({ days: 30 });
    expect(r.ok && r.value).toMatchObject({ captures: { count: 7 }, sessions: 1, olderKept: 0 });
    const pruned = await core.handlers.pruneCaptures({ before: r.ok ? r.value.before : '' });
    expect(pruned.ok && pruned.value).toMatchObject({ captures: { count: 7 }, sessions: 1 });
    const expectLeft = async (c: ConsoleCore) => {
      const left = await c.listCaptures({ limit: 100 });
      expect(left.map((s) => s.userId).sort()).toEqual(['p-new', 'p-new', 'p-new', 'p-span']);
      expect(c.status().storage.captureCount).toBe(4);
      expect(await sessionIds(c)).toEqual(['night-new', 'night-span']);
      const span = await c.handlers.getSession({ userId: 'p-span', sessionId: 'night-span' });
      expect(span.ok && span.value.chunks.map((k) => k.inferenceSeqNum)).toEqual([0, 1, 2]);
    };
    await expectLeft(core);
    await core.close();
    core = await open(small);
    await expectLeft(core); // and after a restart
    // No summary file outlives its segment.
    const names = await readdir(join(dir.path, 'captures'));
    for (const n of names.filter((f) => f.endsWith('.index.jsonl'))) expect(names).toContain(n.replace('.index.jsonl', '.jsonl'));
  });

  it('previews what would go (captures, bytes, nights), prunes exactly that, and it stays pruned after a restart', async () => {
    await oldAndNew();
    core = await open();
    const events = collect(core);
    const r = await core.handlers.previewPrune({ days: 30 });
    if (!r.ok) throw new Error(r.error.message);
    const preview: PrunePreview = r.value;
    const oldBytes = (await stat(join(dir.path, 'captures', 'seg-000001.jsonl'))).size;
    expect(preview).toMatchObject({
      days: 30,
      captures: { count: 7, bytes: oldBytes, files: 1 },
      rejected: { count: 1, files: 1 },
      sessions: 1,
      olderKept: 0,
    });
    // A preview changes nothing.
    expect(await segments('captures')).toEqual(['seg-000001.jsonl', 'seg-000002.jsonl']);

    const pruned = await core.handlers.pruneCaptures({ before: preview.before });
    if (!pruned.ok) throw new Error(pruned.error.message);
    const report: PruneReport = pruned.value;
    expect(report).toMatchObject({ auto: false, captures: { count: 7, bytes: oldBytes }, rejected: { count: 1 }, sessions: 1 });
    expect(events('dataPruned')).toEqual([report]);
    expect(events('statusChanged').at(-1)?.storage.captureCount).toBe(4);
    await expectPruned(core);
    const settings = await core.handlers.getSettings({});
    expect(settings.ok && settings.value.retention.lastPrune).toEqual(report);

    // New captures keep arriving, and a restart neither brings the old ones back nor loses the new.
    expect(await postNight(core.webhookUrl, KEY, 'p-new', 'night-new', 1, 3)).toEqual([200]);
    await core.close();
    core = await open();
    expect((await core.listCaptures({ limit: 100 })).filter((s) => s.userId === 'p-old' || s.status === 401)).toHaveLength(1);
    expect(await sessionIds(core)).toEqual(['night-new', 'night-span']);
    expect(core.status().storage.captureCount).toBe(5);
  });

  it('prunes the segment still being appended to (it is closed first) and keeps ingesting', async () => {
    const first = await open();
    await postNight(first.webhookUrl, KEY, 'p-old', 'night-old', 3);
    await first.close();
    await ageDataFolder(dir.path, 10);
    core = await open();
    const preview = await core.handlers.previewPrune({ days: 5 });
    if (!preview.ok) throw new Error(preview.error.message);
    expect(preview.value.captures.count).toBe(3);
    const report = await core.handlers.pruneCaptures({ before: preview.value.before });
    expect(report.ok && report.value.captures.count).toBe(3);
    expect(await core.listCaptures({ limit: 10 })).toEqual([]);
    expect(await sessionIds(core)).toEqual([]);
    expect(await postNight(core.webhookUrl, KEY, 'p-new', 'night-new', 2)).toEqual([200, 200]);
    await core.close();
    core = await open();
    expect((await core.listCaptures({ limit: 10 })).map((c) => c.userId)).toEqual(['p-new', 'p-new']);
    expect(await segments('captures')).toEqual(['seg-000002.jsonl']);
  });

  it('refuses to prune the last 24 hours, and nothing in a read-only review', async () => {
    core = await open();
    const r = await dispatch(core.handlers, 'pruneCaptures', { before: new Date().toISOString() });
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_ARGS' } });
    expect(await dispatch(core.handlers, 'pruneCaptures', { before: 'yesterday' })).toMatchObject({ ok: false, error: { code: 'BAD_ARGS' } });
    expect(await dispatch(core.handlers, 'previewPrune', { days: 0 })).toMatchObject({ ok: false, error: { code: 'BAD_ARGS' } });
    await core.close();
    core = await ConsoleCore.open({ dataDir: dir.path, shell: 'headless', readOnly: true });
    const old = new Date(Date.now() - 40 * 86_400_000).toISOString();
    expect(await core.handlers.pruneCaptures({ before: old })).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } });
  });

  it('prunes by itself when retention is set (the automatic daily prune)', async () => {
    await oldAndNew();
    core = await open({ retentionTiming: { firstCheckMs: 50, everyMs: 50 } });
    const events = collect(core);
    await new Promise((r) => setTimeout(r, 300));
    expect(events('dataPruned')).toEqual([]); // retention is "never" by default
    expect((await core.handlers.updateSettings({ retentionDays: 30 })).ok).toBe(true);
    await waitFor(() => events('dataPruned').length > 0);
    expect(events('dataPruned')[0]).toMatchObject({ auto: true, captures: { count: 7 }, sessions: 1 });
    await expectPruned(core);
    await new Promise((r) => setTimeout(r, 300));
    expect(events('dataPruned')).toHaveLength(1); // at most once a day
  });
});

describe('retention: a prune killed part-way (SIGKILL of a real process) is finished at the next start', () => {
  function pruneAndDie(step: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'test-support/prune-and-die.ts'), dir.path, step, '30'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, out })));
  }

  it.each(['intent', 'index', 'segments', 'sessions'])('killed right after the "%s" step: loads cleanly and the prune is complete', async (step) => {
    await oldAndNew();
    const died = await pruneAndDie(step);
    expect(died.signal, died.out).toBe('SIGKILL');
    expect(died.out).toContain('PREVIEW');
    // The state the kill left behind, before the next start repairs it.
    const intent = await readFile(join(dir.path, PRUNE_INTENT_FILE), 'utf8');
    expect(JSON.parse(intent)).toMatchObject({ captures: [1], rejected: [1], sessions: [{ userId: 'p-old', sessionId: 'night-old' }] });
    if (step === 'index') {
      // Index rewritten without the old segment, which is still on disk: it must not come back.
      expect(await segments('captures')).toEqual(['seg-000001.jsonl', 'seg-000002.jsonl']);
      const index = await readFile(join(dir.path, 'captures', 'index.jsonl'), 'utf8');
      expect(index).not.toContain('"segment":1,');
    }
    core = await open();
    await expectPruned(core);
  });

  it('a segment already deleted while the index still lists it (the other order) also loads cleanly', async () => {
    await oldAndNew();
    // As if the files had gone first: the intent is written, the segments deleted, the index untouched.
    await writeFile(
      join(dir.path, PRUNE_INTENT_FILE),
      JSON.stringify({ format: 1, at: new Date().toISOString(), before: new Date().toISOString(), captures: [1], rejected: [1], sessions: [{ userId: 'p-old', sessionId: 'night-old', lastSeq: 99 }] }),
    );
    const { unlink } = await import('node:fs/promises');
    await unlink(join(dir.path, 'captures', 'seg-000001.jsonl'));
    const index = await readFile(join(dir.path, 'captures', 'index.jsonl'), 'utf8');
    expect(index).toContain('"segment":1,');
    core = await open();
    await expectPruned(core);
  });
});
