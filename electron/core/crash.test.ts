import { spawn, type ChildProcess } from 'node:child_process';
import { request, Agent } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleCore } from './console-core';
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

function startChild(): Promise<number> {
  child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'test-support/run-core.ts'), dir.path, KEY], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child!.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child!.on('exit', (code) => reject(new Error(`child exited early (${code})`)));
  });
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

function post(port: number, body: string, agent: Agent): Promise<{ status: number; capture?: string }> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/webhook', method: 'POST', agent, headers: { 'content-type': 'application/json', 'x-api-key': KEY } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, capture: (JSON.parse(text) as { capture?: string }).capture });
        } catch {
          resolve({ status: res.statusCode ?? 0 });
        }
      });
      res.on('error', () => resolve({ status: 0 }));
    });
    req.on('error', () => resolve({ status: 0 }));
    req.end(body);
  });
}

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
