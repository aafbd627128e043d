import type { ChildProcess } from 'node:child_process';
import { Agent } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleCore } from './console-core';
import { postWebhook, startReadyChild } from './test-support/core-child';
import { tempDir } from './test-support/temp-dir';

const KEY = 'crash-test-key-1234';
let dir: Awaited<ReturnType<typeof tempDir>>;
let child: ChildProcess | null = null;

beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  child?.kill('SIGKILL');
  await dir.remove();
});

async function startChild(): Promise<number> {
  const ready = await startReadyChild(join(__dirname, 'test-support/run-core.ts'), [dir.path, KEY]);
  child = ready.proc;
  return ready.port;
}

const chunk = (user: number, seq: number) =>
  JSON.stringify({
    event: 'INFERENCE_COMPLETE',
    version: 'V3',
    data: {
      user_id: `participant-${user}`,
      session_id: `night-${user}`,
      seq_num: seq * 10 + 9,
      inference_seq_num: seq,
      sleep_stages: Array.from({ length: 10 }, (_, i) => (seq + i) % 4),
      breath_stages: null,
      snoring_stages: Array(10).fill(0),
    },
  });

const post = (port: number, body: string, agent: Agent) => postWebhook(port, body, agent, KEY);

describe('crash safety (SIGKILL a real child process mid-stream)', () => {
  it('keeps every acknowledged capture and rebuilds the sessions from them, kill after kill', async () => {
    const acked = new Map<string, { user: number; seq: number }>();
    const nextSeq = Array.from({ length: 8 }, () => 0);
    for (let round = 0; round < 3; round++) {
      const port = await startChild();
      const agent = new Agent({ keepAlive: true, maxSockets: 16 });
      const target = acked.size + 150 + Math.floor(Math.random() * 100);
      let killed = false;
      const streams = Array.from({ length: 8 }, async (_, user) => {
        while (!killed) {
          const seq = nextSeq[user]!++;
          const res = await post(port, chunk(user, seq), agent);
          if (res.status === 200 && res.capture) acked.set(res.capture, { user, seq });
          if (acked.size >= target && !killed) {
            killed = true;
            child!.kill('SIGKILL');
          }
        }
      });
      await Promise.all(streams);
      agent.destroy();
      await new Promise((r) => child!.once('close', r));
    }

    const core = await ConsoleCore.open({ dataDir: dir.path, shell: 'headless', port: 0 });
    try {
      for (const [id, { user, seq }] of acked) {
        const capture = await core.getCapture(id);
        expect(capture?.status, id).toBe(200);
        const session = await core.handlers.getSession({ userId: `participant-${user}`, sessionId: `night-${user}` });
        expect(session.ok && session.value.live.sleep.slice(seq * 10, seq * 10 + 10), `${id} placed`).toEqual(
          Array.from({ length: 10 }, (_, i) => (seq + i) % 4),
        );
      }
      expect(core.status().storage.ok).toBe(true);
    } finally {
      await core.close();
    }
  });
});
