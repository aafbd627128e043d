// Moving a live data folder: real files in temp folders, webhooks posted over real HTTP on loopback
// while the move runs, then the new folder read back by a restarted core.
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import v3Inference from '../../../shared/asleep/examples/v3-inference-complete.json';
import type { DataMoveProgress, DataMoveResult } from '../../../shared/contract';
import { dispatch } from '../../../shared/dispatch';
import type { Result } from '../../../shared/result';
import { ConsoleCore } from '../console-core';
import { CoreHost } from '../core-host';
import { tempDir } from '../test-support/temp-dir';
import { readPointer, resolveDataDir } from './data-location';
import { MOVED_NOTE } from './data-mover';

const KEY = 'move-test-key-5Gh7Jk9L';
let root: Awaited<ReturnType<typeof tempDir>>;
let from: string;
const hosts: CoreHost[] = [];

beforeEach(async () => {
  root = await tempDir('asleep-move-');
  from = join(root.path, 'data');
});
afterEach(async () => {
  while (hosts.length) await hosts.pop()!.close();
  await root.remove();
});

async function openHost(extra: Partial<Parameters<typeof CoreHost.open>[0]> = {}): Promise<CoreHost> {
  const host = await CoreHost.open({ dataDir: from, shell: 'headless', port: 0, apiKey: KEY, ...extra });
  hosts.push(host);
  return host;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Raw bytes to the webhook port; resolves with whatever came back before the connection closed. */
function rawSend(port: string, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(bytes));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (answer += d));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

/** A realistic chunk for participant `user`, chunk `n` (the sessions path runs too). */
const chunk = (user: string, n: number) => ({
  ...v3Inference,
  data: { ...v3Inference.data, user_id: user, session_id: `s-${user}`, inference_seq_num: n, seq_num: n * 10 + 9 },
});

/**
 * Posts like a sender that retries (as Asleep does): 503 and connection errors are retried after a
 * pause; every 200 is recorded with the exact body it acknowledged.
 */
async function sender(url: string, name: string, acked: Map<string, string>, stop: { now: boolean }, stats: { retries: number }, max = Infinity): Promise<void> {
  for (let n = 0; !stop.now && n < max; n++) {
    const body = JSON.stringify(n % 3 === 0 ? chunk(name, n) : { marker: `${name}-${n}`, pad: 'p'.repeat(200) });
    for (let attempt = 0; ; attempt++) {
      if (attempt > 200) throw new Error(`${name}-${n} was never accepted`);
      try {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEY }, body });
        const text = await res.text();
        if (res.status === 200) {
          acked.set((JSON.parse(text) as { capture: string }).capture, body);
          break;
        }
        if (res.status !== 503) throw new Error(`unexpected ${res.status}: ${text}`);
      } catch (err) {
        if (err instanceof Error && err.message.startsWith('unexpected')) throw err;
      }
      stats.retries++;
      await sleep(20);
    }
  }
}

async function seed(host: CoreHost, count: number): Promise<Map<string, string>> {
  const acked = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const body = JSON.stringify(i % 2 === 0 ? chunk('seed', i) : { marker: `seed-${i}`, pad: 'q'.repeat(2_000) });
    const res = await fetch(host.core.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEY }, body });
    expect(res.status).toBe(200);
    acked.set((JSON.parse(await res.text()) as { capture: string }).capture, body);
  }
  return acked;
}

async function expectAllPresent(core: ConsoleCore, acked: Map<string, string>): Promise<void> {
  for (const [id, body] of acked) {
    const c = await core.getCapture(id);
    expect(c?.body, id).toBe(body);
  }
}

async function snapshotNames(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string, prefix: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const rel = `${prefix}${e.name}`;
      if (e.isDirectory()) await walk(join(d, e.name), `${rel}/`);
      else out.push(rel);
    }
  };
  await walk(dir, '');
  return out.sort();
}

const move = (host: CoreHost, to: string) => dispatch(host.handlers, 'moveDataFolder', { to }) as Promise<Result<DataMoveResult>>;

describe('moving the data folder', () => {
  it('loses no acknowledged webhook while senders keep posting, then serves from the new folder, also after a restart', async () => {
    const pointerFile = join(root.path, 'app', 'data-location.json');
    const acked = new Map<string, string>();
    const stats = { retries: 0 };
    const once = { now: false };
    const waiting: Promise<void>[] = [];
    let garbage: Promise<string> = Promise.resolve('');
    let url = '';
    const host = await openHost({
      dataPointer: { file: pointerFile, defaultDir: from },
      startedWith: 'default',
      moveTestHooks: {
        // Acknowledged after the live copy: only the last, quiet pass can bring these to the new folder.
        afterLiveCopy: async () => {
          await Promise.all(Array.from({ length: 5 }, (_, i) => sender(url, `late${i}`, acked, once, stats, 1)));
        },
        // Sent while the store switches: they wait at the port and are answered by the new folder's store.
        whileHeld: async () => {
          for (let i = 0; i < 5; i++) waiting.push(sender(url, `held${i}`, acked, once, stats, 1));
          // Bytes that are not HTTP: refused by the listener itself, kept for the new folder, never written to the old one.
          garbage = rawSend(new URL(url).port, 'NOT-HTTP at all\r\n\r\n');
          await sleep(200);
        },
      },
    });
    url = host.core.webhookUrl;
    for (const [id, body] of await seed(host, 300)) acked.set(id, body);
    const progress: DataMoveProgress[] = [];
    const events: string[] = [];
    host.on((event, payload) => {
      if (event === 'dataMoveProgress') progress.push(payload as DataMoveProgress);
      else events.push(event);
    });

    const stop = { now: false };
    const senders = ['a', 'b', 'c', 'd'].map((name) => sender(url, name, acked, stop, stats));
    await sleep(300);
    const to = join(root.path, 'elsewhere', 'moved-data');
    const before = acked.size;
    const result = await move(host, to);
    const duringMove = acked.size - before;
    await sleep(300); // and after the switch, on the same URL
    stop.now = true;
    await Promise.all([...senders, ...waiting]);
    expect(await garbage).toMatch(/^HTTP\/1\.1 400/);
    const refused = await host.core.listCaptures({ limit: 50, status: '400' });
    expect(refused.map((c) => c.reason)).toEqual([expect.stringMatching(/^The request is not valid HTTP\/1\.1 .*HPE_INVALID_METHOD/)]);
    // ...and only there: once its store closed, the old folder was not written to.
    for (const name of await snapshotNames(from)) expect(await readFile(join(from, name), 'utf8'), name).not.toContain('HPE_INVALID_METHOD');
    expect(stats.retries).toBe(0); // nobody was even asked to retry
    for (const name of ['late0', 'held0']) expect([...acked.values()].some((b) => b.includes(`"${name}-0"`) || b.includes(`"s-${name}"`)), name).toBe(true);

    expect(result).toMatchObject({ ok: true, value: { from, to, pointerFile } });
    const value = (result as { value: DataMoveResult }).value;
    expect(value.nextStart).toContain(pointerFile);
    expect(duringMove).toBeGreaterThan(0);
    expect(host.core.dataDir).toBe(to);
    expect(host.core.webhookUrl).toBe(url);
    expect(host.core.status().storage.dataDir).toBe(to);

    // Phases in order, counts that add up, and events that kept flowing to a listener added before the move.
    const phases = progress.map((p) => p.phase).filter((p, i, all) => all.indexOf(p) === i);
    expect(phases).toEqual(['checking', 'copying', 'verifying', 'switching', 'done']);
    const done = progress.at(-1)!;
    expect(done).toMatchObject({ phase: 'done', from, to, files: value.files, bytes: value.bytes });
    expect(done.files).toBe(done.filesTotal);
    expect(events.filter((e) => e === 'captureAdded').length).toBeGreaterThan(duringMove);

    // Every 2xx is in the new folder, byte for byte.
    await expectAllPresent(host.core, acked);
    expect(host.core.status().storage.captureCount).toBe(acked.size);

    // The old folder: left in place, with the note, unlocked, and not written after the switch.
    const note = await readFile(join(from, MOVED_NOTE), 'utf8');
    expect(note).toContain(to);
    await expect(stat(join(from, 'console.lock'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await stat(join(from, 'captures'))).isDirectory()).toBe(true);
    expect((await stat(join(to, 'console.lock'))).isFile()).toBe(true);

    // The next start finds the new folder through the pointer.
    expect(readPointer(pointerFile)).toMatchObject({ dataDir: to, movedFrom: from });
    expect(resolveDataDir({ pointerFile, defaultDir: from })).toEqual({ dir: to, source: 'pointer', problem: null });

    // The move is in the new folder's log (the old one's ends with the switch).
    const log = await readFile(join(to, 'logs', 'console.log'), 'utf8');
    expect(log).toContain('"event":"data.move-started"');
    expect(log).toContain('"event":"data.moved"');
    const switched = log.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { event: string; held?: number }).find((l) => l.event === 'data.switched');
    expect(switched?.held).toBeGreaterThan(0);

    // Restart: a fresh core on the new folder has every acknowledged capture.
    await hosts.pop()!.close();
    const again = await ConsoleCore.open({ dataDir: to, shell: 'headless', port: 0 });
    try {
      await expectAllPresent(again, acked);
      expect(again.status().storage.captureCount).toBe(acked.size);
      expect(again.status().storage.corruptFiles).toEqual([]);
    } finally {
      await again.close();
    }
  });

  it('refuses a folder that is not empty, inside the current one, the current one, or relative, and changes nothing', async () => {
    const host = await openHost();
    await seed(host, 5);
    const full = join(root.path, 'full');
    await mkdir(full);
    await writeFile(join(full, 'keep-me.txt'), 'mine');
    const topLevel = (await readdir(from)).sort();

    const cases: [string, string][] = [
      [full, 'TARGET_NOT_EMPTY'],
      [join(full, 'keep-me.txt'), 'TARGET_NOT_EMPTY'],
      [join(from, 'sub'), 'TARGET_INSIDE_SOURCE'],
      [from, 'BAD_ARGS'],
      ['relative/folder', 'BAD_ARGS'],
      [root.path, 'TARGET_NOT_EMPTY'], // holds the data folder itself
    ];
    for (const [to, code] of cases) {
      const r = await move(host, to);
      expect(r, to).toMatchObject({ ok: false, error: { code } });
      expect((r as { error: { message: string } }).error.message.length).toBeGreaterThan(20);
    }
    expect(await readdir(full)).toEqual(['keep-me.txt']);
    await expect(stat(join(from, 'sub'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(stat(join(from, MOVED_NOTE))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(host.core.dataDir).toBe(from);
    expect((await readdir(from)).sort()).toEqual(topLevel);
    // Still recording in the old folder.
    await seed(host, 1);
  });

  it('refuses a folder holding a symbolic link instead of leaving what it points to behind, and says so in the progress', async () => {
    const host = await openHost();
    await seed(host, 2);
    const outside = join(root.path, 'outside');
    await mkdir(outside);
    await writeFile(join(outside, 'big.bin'), 'data kept elsewhere');
    await symlink(outside, join(from, 'linked'));
    const progress: DataMoveProgress[] = [];
    host.on((event, payload) => {
      if (event === 'dataMoveProgress') progress.push(payload as DataMoveProgress);
    });
    const to = join(root.path, 'target');
    const r = await move(host, to);
    expect(r).toMatchObject({ ok: false, error: { code: 'MOVE_FAILED', message: expect.stringContaining('linked, which is not a plain file or folder') } });
    expect(progress.map((p) => p.phase)).toEqual(['checking', 'failed']);
    expect(progress[1]!.error).toContain('symbolic link');
    await expect(stat(to)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(host.core.dataDir).toBe(from);
  });

  it('refuses an unwritable target and one without enough free space (real read-only and tiny file systems)', async (ctx) => {
    const ro = join(root.path, 'ro');
    const tiny = join(root.path, 'tiny');
    await mkdir(ro);
    await mkdir(tiny);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', ro], { stdio: 'ignore' });
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', tiny], { stdio: 'ignore' });
    } catch {
      ctx.skip(); // printed as skipped: mounting a tmpfs needs root
    }
    try {
      const host = await openHost();
      await seed(host, 3);
      const unwritable = await move(host, join(ro, 'data'));
      expect(unwritable).toMatchObject({ ok: false, error: { code: 'TARGET_UNWRITABLE' } });
      const noSpace = await move(host, join(tiny, 'data'));
      expect(noSpace).toMatchObject({ ok: false, error: { code: 'NO_SPACE' } });
      expect((noSpace as { error: { message: string } }).error.message).toMatch(/MiB free; the data folder needs/);
      // Nothing left behind on either, and the console still records where it was.
      expect(await readdir(tiny)).toEqual([]);
      expect(await readdir(ro)).toEqual([]);
      expect(host.core.dataDir).toBe(from);
      await seed(host, 1);
    } finally {
      execFileSync('umount', ['-l', ro]);
      execFileSync('umount', ['-l', tiny]);
    }
  });

  it('undoes a switch that fails at the new folder: the old folder stays in use and complete, the copy is removed', async () => {
    const pointerFile = join(root.path, 'app', 'data-location.json');
    const host = await openHost({ dataPointer: { file: pointerFile, defaultDir: from }, startedWith: 'default' });
    const acked = await seed(host, 20);
    const to = join(root.path, 'target');
    // Another (live) process takes the new folder's lock while the copy is being verified.
    host.on((event, payload) => {
      if (event === 'dataMoveProgress' && (payload as DataMoveProgress).phase === 'verifying') {
        void writeFile(join(to, 'console.lock'), JSON.stringify({ pid: process.ppid, host: 'elsewhere', startedAt: new Date().toISOString() }));
      }
    });
    const r = await move(host, to);
    expect(r).toMatchObject({ ok: false, error: { code: 'MOVE_FAILED' } });
    expect((r as { error: { message: string } }).error.message).toMatch(new RegExp(`in use by another console.*Nothing was changed: the console still uses ${from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));

    expect(host.core.dataDir).toBe(from);
    await expect(stat(join(from, MOVED_NOTE))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(stat(pointerFile)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readdir(to)).toEqual(['console.lock']); // only what the other process put there
    for (const [id, body] of await seed(host, 5)) acked.set(id, body);
    await expectAllPresent(host.core, acked);
  });

  it('runs one move at a time', async () => {
    const host = await openHost();
    await seed(host, 50);
    const [a, b] = await Promise.all([move(host, join(root.path, 'one')), move(host, join(root.path, 'two'))]);
    expect(a.ok).toBe(true);
    expect(b).toMatchObject({ ok: false, error: { code: 'BUSY' } });
    await expect(stat(join(root.path, 'two'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
