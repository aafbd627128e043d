import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import v3Inference from '../../shared/asleep/examples/v3-inference-complete.json';
import v3Session from '../../shared/asleep/examples/v3-session-complete.json';
import { ConsoleCore } from './console-core';
import { tempDir } from './test-support/temp-dir';

// Found by the property tests of shared/asleep: a body that JSON.parse accepts but nests so deeply
// that storing its model throws. It used to fail the session write, so the listener answered 503
// and showed a storage error for a disk that was fine, and the sender retried it forever.
const KEY = 'deep-body-key-1234';
let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await dir.remove();
});

const post = (url: string, body: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEY }, body });

describe('a body nested 300,000 levels deep', () => {
  it('is captured as invalid (200), the storage stays healthy, and the session keeps working across a restart', async () => {
    const levels = 300_000;
    const deep = JSON.stringify(v3Session).replace('"stat":{', `"stat":{"nested_extra":${'['.repeat(levels)}${']'.repeat(levels)},`);
    expect(deep.length).toBeLessThan(1024 * 1024);
    const chunk = { ...v3Inference, data: { ...v3Inference.data, user_id: v3Session.data.user_id, session_id: v3Session.data.session.id } };

    let core = await ConsoleCore.open({ dataDir: dir.path, shell: 'headless', port: 0, apiKey: KEY });
    try {
      expect((await post(core.webhookUrl, JSON.stringify(chunk))).status).toBe(200);
      const res = await post(core.webhookUrl, deep);
      expect(res.status).toBe(200);
      const answer = (await res.json()) as { capture: string; valid: boolean };
      expect(answer.valid).toBe(false);
      expect(core.status().storage).toMatchObject({ ok: true, error: null });
      const capture = await core.getCapture(answer.capture);
      expect(capture?.body).toBe(deep);
      expect(capture?.issues[0]?.message).toMatch(/nested more than 64 levels/);
      expect(capture?.sessionId).toBe(v3Session.data.session.id);
    } finally {
      await core.close();
    }
    core = await ConsoleCore.open({ dataDir: dir.path, shell: 'headless', port: 0 });
    try {
      expect(core.status().storage).toMatchObject({ ok: true, corruptFiles: [] });
      const session = await core.handlers.getSession({ userId: v3Session.data.user_id, sessionId: v3Session.data.session.id });
      expect(session.ok && session.value.chunkCount).toBe(1);
    } finally {
      await core.close();
    }
  });
});
