import type { ChildProcess } from 'node:child_process';
import { Agent } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleCore } from '../console-core';
import { postWebhook, startReadyChild } from '../test-support/core-child';
import { tempDir } from '../test-support/temp-dir';
import { freePort, startBackend, waitFor } from './test-support/backend';

const KEY = 'forward-crash-key-1234';
let dir: Awaited<ReturnType<typeof tempDir>>;
let child: ChildProcess | null = null;

beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  child?.kill('SIGKILL');
  await dir.remove();
});

async function startChild(url: string): Promise<number> {
  const ready = await startReadyChild(join(__dirname, 'test-support/run-forwarding-core.ts'), [dir.path, KEY, url]);
  child = ready.proc;
  return ready.port;
}

const chunk = (user: number, seq: number) =>
  JSON.stringify({
    event: 'INFERENCE_COMPLETE',
    version: 'V3',
    data: { user_id: `participant-${user}`, session_id: `night-${user}`, seq_num: seq * 10 + 9, inference_seq_num: seq, sleep_stages: Array(10).fill(seq % 4), breath_stages: null, snoring_stages: Array(10).fill(0) },
  });

async function post(port: number, body: string, agent: Agent): Promise<string | null> {
  const r = await postWebhook(port, body, agent, KEY);
  return r.status === 200 ? (r.capture ?? null) : null;
}

describe('forwarding survives SIGKILL', () => {
  it('forwards the rest of the queue after a restart, each capture exactly once', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/hook`;
    // Run 1: the backend is down; captures pile up in the queue; the console is killed mid-stream.
    const consolePort = await startChild(url);
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    const acked = new Map<string, string>();
    let killed = false;
    await Promise.all(
      Array.from({ length: 4 }, async (_, user) => {
        for (let seq = 0; !killed; seq++) {
          const body = chunk(user, seq);
          const id = await post(consolePort, body, agent);
          if (id) acked.set(id, body);
          if (acked.size >= 80 && !killed) {
            killed = true;
            child!.kill('SIGKILL');
          }
        }
      }),
    );
    agent.destroy();
    await new Promise((r) => child!.once('close', r));

    // Run 2: the backend is up; everything acknowledged before the kill arrives, once.
    const backend = await startBackend(() => 200, port);
    try {
      const started = Date.now();
      await startChild(url);
      await waitFor(() => [...acked.keys()].every((id) => backend.countById().has(id)), 20_000, 'every acknowledged capture at the backend');
      const drained = Date.now() - started;
      await new Promise((r) => setTimeout(r, 500));
      const counts = backend.countById();
      const twice = [...counts].filter(([, n]) => n > 1);
      expect(twice).toEqual([]);
      for (const r of backend.received) {
        const sent = acked.get(r.id);
        if (sent) expect(r.body.toString('utf8'), r.id).toBe(sent);
      }
      child!.kill('SIGKILL');
      await new Promise((r) => child!.once('close', r));
      child = null;

      // The journal agrees: nothing left in the queue, every forwarded capture marked delivered.
      const core = await ConsoleCore.open({ dataDir: dir.path, shell: 'headless', port: 0 });
      try {
        const f = core.status().forwarding!;
        expect(f.queueLength).toBe(0);
        expect(f.delivered).toBe(counts.size);
        expect(f.dead).toEqual([]);
      } finally {
        await core.close();
      }
      console.log(`forwarding crash test: ${acked.size} acknowledged, ${counts.size} forwarded after restart in ${drained} ms`);
    } finally {
      await backend.close();
    }
  });
});
