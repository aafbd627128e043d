import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import v3Inference from '../../shared/asleep/examples/v3-inference-complete.json';
import { ConsoleCore } from './console-core';
import { IDLE_CLOSE_MS } from './store/append-log';
import { tempDir } from './test-support/temp-dir';
import { mountTmpfs, remount, unmount } from './test-support/tmpfs';

// A real read-only disk: a small tmpfs mounted for the test and remounted read-only while the
// console runs (needs root, as on CI and the dev machines; skipped with the reason otherwise).
const KEY = 'read-only-disk-key-1234';
let dir: Awaited<ReturnType<typeof tempDir>>;
let skipReason: string | null = null;

beforeAll(async () => {
  dir = await tempDir();
  skipReason = mountTmpfs(dir.path, '8m');
});
afterAll(async () => {
  if (skipReason === null) unmount(dir.path);
  await dir.remove();
});

const remountData = (mode: 'ro' | 'rw') => remount(dir.path, mode, IDLE_CLOSE_MS + 10_000);

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEY }, body: JSON.stringify(body) });

const chunk = (seq: number, sessionId = v3Inference.data.session_id) => ({
  ...v3Inference,
  data: { ...v3Inference.data, session_id: sessionId, inference_seq_num: seq, seq_num: seq * 10 + 9 },
});

describe('read-only data folder', () => {
  it('answers 503 with Retry-After (never 2xx) while the disk is read-only, says so in the status, and resumes by itself', async (ctx) => {
    if (skipReason !== null) {
      console.log(`skipped: ${skipReason}`);
      ctx.skip();
    }
    const data = join(dir.path, 'data');
    const acknowledged: string[] = [];
    const core = await ConsoleCore.open({ dataDir: data, shell: 'headless', port: 0, apiKey: KEY });
    try {
      const first = await post(core.webhookUrl, chunk(0));
      expect(first.status).toBe(200);
      acknowledged.push(((await first.json()) as { capture: string }).capture);

      await remountData('ro');
      const refused = await Promise.all([chunk(1), chunk(2), chunk(0, 'another-night'), chunk(0)].map((b) => post(core.webhookUrl, b)));
      for (const res of refused) {
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toBe('30');
        expect(await res.json()).toMatchObject({ error: 'storage_unavailable' });
      }
      // What the UI's storage banner shows.
      const status = await core.handlers.getStatus({});
      expect(status.ok && status.value.storage).toMatchObject({ ok: false, error: expect.stringMatching(/read-only \(EROFS/) });
      expect(status.ok && status.value.storage.error).toMatch(/remount it read-write/);
      const [newest] = await core.listCaptures({ limit: 1 });
      expect(newest).toMatchObject({ status: 503, stage: 'store' });

      await remountData('rw');
      // No restart, no command: the next webhook is stored and the banner goes away.
      for (const seq of [1, 2]) {
        const again = await post(core.webhookUrl, chunk(seq));
        expect(again.status).toBe(200);
        acknowledged.push(((await again.json()) as { capture: string }).capture);
      }
      expect(core.status().storage).toMatchObject({ ok: true, error: null });
      const session = await core.handlers.getSession({ userId: v3Inference.data.user_id, sessionId: v3Inference.data.session_id });
      expect(session.ok && session.value.chunkCount).toBe(3);
    } finally {
      await core.close();
    }

    // Nothing acknowledged was lost, the sessions hold every chunk, and no file was damaged.
    const reopened = await ConsoleCore.open({ dataDir: data, shell: 'headless', port: 0 });
    try {
      for (const id of acknowledged) expect((await reopened.getCapture(id))?.status, id).toBe(200);
      expect(reopened.status().storage).toMatchObject({ ok: true, corruptFiles: [] });
      const session = await reopened.handlers.getSession({ userId: v3Inference.data.user_id, sessionId: v3Inference.data.session_id });
      expect(session.ok && session.value.chunks.map((c) => c.captureId)).toEqual(acknowledged);
    } finally {
      await reopened.close();
    }
  }, 60_000);
});
