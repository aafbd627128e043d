import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import v3Inference from '../../shared/asleep/examples/v3-inference-complete.json';
import v3Session from '../../shared/asleep/examples/v3-session-complete.json';
import { ConsoleCore } from './console-core';
import { tempDir } from './test-support/temp-dir';

const KEY = 'corrupt-test-key-1234';
let dir: Awaited<ReturnType<typeof tempDir>>;

beforeEach(async () => {
  dir = await tempDir();
  const core = await ConsoleCore.open({ dataDir: dir.path, shell: 'headless', port: 0, apiKey: KEY });
  for (const body of [v3Inference, v3Session]) {
    const res = await fetch(core.webhookUrl, { method: 'POST', headers: { 'x-api-key': KEY }, body: JSON.stringify(body) });
    expect(res.status).toBe(200);
  }
  await core.close();
});
afterEach(() => dir.remove());

const ref = { userId: v3Session.data.user_id, sessionId: v3Session.data.session.id };

async function sessionFile(): Promise<string> {
  const names = await readdir(join(dir.path, 'sessions'));
  return join(dir.path, 'sessions', names.find((n) => n !== 'index.json' && n.endsWith('.json'))!);
}

describe('a store file that does not parse', () => {
  it.each([
    ['empty', ''],
    ['truncated', '{"format":1,"userId":"G-'],
    ['NUL-filled', '\u0000'.repeat(512)],
  ])('a %s session file is moved aside, reported, and the night is rebuilt from the capture log', async (_kind, content) => {
    await writeFile(await sessionFile(), content);
    const core = await ConsoleCore.open({ dataDir: dir.path, shell: 'headless', port: 0 });
    try {
      const session = await core.handlers.getSession(ref);
      expect(session.ok && session.value.state).toBe('complete');
      expect(session.ok && session.value.epochs.sleep).toHaveLength(120);
      const reports = core.status().storage.corruptFiles;
      expect(reports).toHaveLength(1);
      expect(reports[0]!.movedTo).toMatch(/\.corrupt-/);
      expect(await readdir(join(dir.path, 'sessions'))).toContain(reports[0]!.movedTo.split('/').pop());
    } finally {
      await core.close();
    }
  });

  it('a corrupt session index and capture index are rebuilt, everything else loads', async () => {
    await writeFile(join(dir.path, 'sessions', 'index.json'), '{"format":1,"sess');
    await writeFile(join(dir.path, 'captures', 'index.jsonl'), '\u0000\u0000\u0000');
    const core = await ConsoleCore.open({ dataDir: dir.path, shell: 'headless', port: 0 });
    try {
      expect(await core.listCaptures({ limit: 10 })).toHaveLength(2);
      const list = await core.handlers.listSessions({});
      expect(list.ok && list.value.items.map((s) => s.sessionId)).toEqual([ref.sessionId]);
      expect(core.status().storage.corruptFiles.length).toBeGreaterThanOrEqual(2);
    } finally {
      await core.close();
    }
  });

  it('a corrupt settings file is moved aside and a new key generated', async () => {
    await writeFile(join(dir.path, 'settings.json'), 'not json');
    const core = await ConsoleCore.open({ dataDir: dir.path, shell: 'headless', port: 0 });
    try {
      expect(core.status().apiKey).not.toBe(KEY);
      expect(core.status().storage.corruptFiles.some((c) => c.file.endsWith('settings.json'))).toBe(true);
      expect(await core.listCaptures({ limit: 10 })).toHaveLength(2);
    } finally {
      await core.close();
    }
  });
});
