import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaptureRecord } from '../store/capture-journal';
import { tempDir } from '../test-support/temp-dir';
import { Forwarder } from './forwarder';
import { startBackend, waitFor } from './test-support/backend';

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.remove();
});

const record = (id: string, seq: number): CaptureRecord =>
  ({ id, seq, method: 'POST', body: `{"n":${seq}}`, rawHeaders: ['Content-Type', 'application/json', 'x-api-key', '[redacted]', 'Host', 'x'] }) as unknown as CaptureRecord;

describe('forwarding journal replay', () => {
  it('records a try cut off by a crash as interrupted, ignores a torn last line, and sends the rest once', async () => {
    const backend = await startBackend(() => 200);
    const fwdDir = join(dir.path, 'forwarding');
    await mkdir(fwdDir, { recursive: true });
    const at = new Date().toISOString();
    const lines = [
      { t: 'on', seq: 0, at },
      { t: 'enq', id: 'c1', seq: 1, at },
      { t: 'enq', id: 'c2', seq: 2, at },
      { t: 'send', id: 'c1', n: 1, at },
    ];
    await appendFile(join(fwdDir, 'seg-000001.jsonl'), lines.map((l) => JSON.stringify(l) + '\n').join('') + '{"t":"att","captureId":"c1","n":1,"st');
    const forwarder = new Forwarder({
      dir: fwdDir,
      config: () => ({ enabled: true, url: backend.url, apiKey: 'the-real-key' }),
      readCapture: async (id) => record(id, Number(id.slice(1))),
      changed: () => undefined,
      timing: { baseMs: 10 },
    });
    try {
      // c3 is in the capture log but not in the journal (crash between the 200 and the enqueue).
      await forwarder.open([
        { id: 'c1', seq: 1, status: 200 },
        { id: 'c2', seq: 2, status: 200 },
        { id: 'c3', seq: 3, status: 200 },
        { id: 'c4', seq: 4, status: 401 },
      ]);
      await waitFor(() => forwarder.state().delivered === 3, 5_000, 'three deliveries');
      expect(backend.received.map((r) => r.id)).toEqual(['c1', 'c2', 'c3']);
      expect(forwarder.attempts('c1').map((a) => a.outcome)).toEqual(['interrupted', 'delivered']);
      expect(backend.received[0]!.headers['x-api-key']).toBe('the-real-key');
      expect(backend.received[0]!.body.toString()).toBe('{"n":1}');
    } finally {
      await forwarder.close();
      await backend.close();
    }
    const text = await readFile(join(fwdDir, 'seg-000001.jsonl'), 'utf8');
    expect(text.split('\n').filter(Boolean).every((l) => JSON.parse(l) as unknown)).toBe(true);
  });
});
