import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import v3Inference from '../../shared/asleep/examples/v3-inference-complete.json';
import { ConsoleCore } from './console-core';
import { tempDir } from './test-support/temp-dir';
import { mountTmpfs, unmount } from './test-support/tmpfs';

// A real full disk: a small tmpfs mounted for the test (needs root, as on CI and the dev machines).
const KEY = 'disk-full-key-1234';
let dir: Awaited<ReturnType<typeof tempDir>>;
let mounted = false;

beforeAll(async () => {
  dir = await tempDir();
  mounted = mountTmpfs(dir.path, '4m') === null;
});
afterAll(async () => {
  if (mounted) unmount(dir.path);
  await dir.remove();
});

async function fillDisk(file: string): Promise<void> {
  const handle = await open(file, 'w');
  const block = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) await handle.write(block);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    await handle.close().catch(() => undefined);
  }
}

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEY }, body: JSON.stringify(body) });

const chunk = (seq: number) => ({ ...v3Inference, data: { ...v3Inference.data, inference_seq_num: seq, seq_num: seq * 10 + 9 } });

describe('disk full', () => {
  it('answers 503 (never 2xx) while the disk is full, says so, and resumes by itself', async (ctx) => {
    if (!mounted) ctx.skip(); // printed as skipped: mounting a tmpfs needs root
    const data = join(dir.path, 'data');
    const core = await ConsoleCore.open({ dataDir: data, shell: 'headless', port: 0, apiKey: KEY });
    try {
      expect((await post(core.webhookUrl, chunk(0))).status).toBe(200);
      const filler = join(dir.path, 'filler');
      await fillDisk(filler);

      const full = await post(core.webhookUrl, { ...chunk(1), padding: 'x'.repeat(200_000) });
      expect(full.status).toBe(503);
      expect(full.headers.get('retry-after')).toBe('30');
      expect(core.status().storage.ok).toBe(false);
      expect(core.status().storage.error).toMatch(/ENOSPC|no space/i);
      // The refused request is still visible, with the reason.
      const [refused] = await core.listCaptures({ limit: 1 });
      expect(refused).toMatchObject({ status: 503, stage: 'store' });

      await rm(filler);
      const again = await post(core.webhookUrl, chunk(1));
      expect(again.status).toBe(200);
      expect(core.status().storage.ok).toBe(true);
      const id = ((await again.json()) as { capture: string }).capture;
      expect((await core.getCapture(id))?.body).toBe(JSON.stringify(chunk(1)));
    } finally {
      await core.close();
    }
    // Nothing acknowledged was lost, and the log holds no partial record.
    const reopened = await ConsoleCore.open({ dataDir: data, shell: 'headless', port: 0 });
    try {
      expect((await reopened.listCaptures({ limit: 10, valid: true })).filter((c) => c.status === 200)).toHaveLength(2);
      expect(reopened.status().storage.corruptFiles).toEqual([]);
    } finally {
      await reopened.close();
    }
  });
});
