// The forwarder over a long study: settled captures leave memory, the journal is compacted at
// start-up, and nothing is forwarded twice or lost. Real HTTP on loopback, real files.
import { copyFile, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaptureRecord } from '../store/capture-journal';
import { tempDir } from '../test-support/temp-dir';
import { Forwarder, type ForwardMemory } from './forwarder';
import { startBackend, waitFor } from './test-support/backend';

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.remove();
});

const record = (id: string) => ({ id, seq: Number(id.slice(1)), method: 'POST', body: `{"id":"${id}"}`, rawHeaders: ['Content-Type', 'application/json'] }) as unknown as CaptureRecord;
const accepted = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `c${i + 1}`, seq: i + 1, status: 200 }));

function forwarder(fwdDir: string, url: string, memory: Partial<ForwardMemory>) {
  return new Forwarder({
    dir: fwdDir,
    config: () => ({ enabled: true, url, apiKey: 'k' }),
    readCapture: async (id) => record(id),
    changed: () => undefined,
    timing: { baseMs: 5, maxAttempts: 2 },
    memory,
  });
}

const lineCount = async (fwdDir: string) => {
  let n = 0;
  for (const name of await readdir(fwdDir)) if (name.endsWith('.jsonl')) n += (await readFile(join(fwdDir, name), 'utf8')).split('\n').filter(Boolean).length;
  return n;
};

describe('forwarder memory over a long study', () => {
  it('keeps the tries of the newest settled captures only, never forgets a dead letter, and compacts the journal at start-up without sending anything twice', async () => {
    // c3 is refused (400: dead at once); every other capture is delivered.
    const backend = await startBackend((r) => (r.id === 'c3' ? 400 : 200));
    const fwdDir = join(dir.path, 'forwarding');
    const first = forwarder(fwdDir, backend.url, { settledInMemory: 5, compactSlackLines: 10 });
    try {
      await first.open([]);
      for (const c of accepted(30)) first.enqueue(c);
      await waitFor(() => first.state().delivered === 29 && first.state().dead.length === 1, 10_000, '29 deliveries and one dead letter');
      expect(first.attempts('c30').map((a) => a.outcome)).toEqual(['delivered']);
      expect(first.attempts('c26')).toHaveLength(1);
      expect(first.attempts('c25')).toEqual([]); // settled long ago: forgotten
      expect(first.summaryFor('c1')).toBeUndefined();
      expect(first.state().dead.map((d) => d.captureId)).toEqual(['c3']);
    } finally {
      await first.close();
    }
    const linesBefore = await lineCount(fwdDir);
    const [oldSegment] = await readdir(fwdDir);
    await copyFile(join(fwdDir, oldSegment!), join(dir.path, 'old-segment.jsonl'));

    // Start-up: the capture log still lists all 30; none is sent again, the journal shrinks to its state.
    const second = forwarder(fwdDir, backend.url, { settledInMemory: 5, compactSlackLines: 10 });
    try {
      await second.open(accepted(30));
      await new Promise((r) => setTimeout(r, 100));
      expect(backend.received).toHaveLength(30);
      expect(second.state()).toMatchObject({ delivered: 29, queueLength: 0 });
      expect(second.state().dead.map((d) => d.captureId)).toEqual(['c3']);
      expect(second.attempts('c30').map((a) => a.outcome)).toEqual(['delivered']);
      expect(second.attempts('c3').map((a) => a.status)).toEqual([400]);
    } finally {
      await second.close();
    }
    expect(await readdir(fwdDir)).toEqual(['seg-000002.jsonl']);
    expect(await lineCount(fwdDir)).toBeLessThan(linesBefore / 3);

    // A compaction cut short (the old segment still there beside the new one): the same state, and the old one goes.
    await copyFile(join(dir.path, 'old-segment.jsonl'), join(fwdDir, oldSegment!));
    const third = forwarder(fwdDir, backend.url, { settledInMemory: 5, compactSlackLines: 1_000 });
    try {
      await third.open(accepted(31)); // c31: accepted, then a crash before it was queued
      await waitFor(() => third.state().delivered === 30, 5_000, 'c31 delivered');
      expect(backend.countById().get('c31')).toBe(1);
      expect([...backend.countById().values()].every((n) => n === 1)).toBe(true);
      expect(third.state().dead.map((d) => d.captureId)).toEqual(['c3']);
      await third.retryDead('c3');
      await waitFor(() => third.state().dead.length === 1 && third.attempts('c3').length === 2, 5_000, 'c3 tried again');
    } finally {
      await third.close();
      await backend.close();
    }
    expect((await readdir(fwdDir)).sort()).toEqual(['seg-000002.jsonl']);
  });
});
