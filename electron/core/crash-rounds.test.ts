import type { ChildProcess } from 'node:child_process';
import { Agent } from 'node:http';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CorruptFileReport } from '../../shared/contract';
import { ConsoleCore } from './console-core';
import { postWebhook, startReadyChild } from './test-support/core-child';
import { tempDir } from './test-support/temp-dir';

// SIGKILL, again and again, at random moments while several clients post webhooks. The seed fixes
// the kill moments and the traffic mix (thread timing still varies); a failure prints it:
//   CRASH_SEED=<seed> npx vitest run electron/core/crash-rounds.test.ts
// CRASH_ROUNDS=<n> runs more rounds.
const SEED = process.env.CRASH_SEED ? Number(process.env.CRASH_SEED) : Math.floor(Math.random() * 2 ** 32);
const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 20);
const KEY = 'crash-rounds-key-1234';
const CLIENTS = 4;
/** Chunks per session before a participant starts the next night (a night holds at most 48 h). */
const CHUNKS_PER_NIGHT = 400;
/** A torn last record is the one kind of damage a kill may leave: it was never acknowledged. */
const TORN_TAIL = /unfinished \(never acknowledged\) record/;

let dir: Awaited<ReturnType<typeof tempDir>>;
let child: ChildProcess | null = null;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  child?.kill('SIGKILL');
  await dir.remove();
});

/** mulberry32: a small seeded generator (public-domain algorithm by Tommy Ettinger). */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Started {
  port: number;
  pid: number;
  storage: { ok: boolean; error: string | null; corruptFiles: CorruptFileReport[] };
  stderr: () => string;
}

async function startChild(): Promise<Started> {
  const ready = await startReadyChild(join(__dirname, 'test-support/run-core.ts'), [dir.path, KEY]);
  child = ready.proc;
  return { port: ready.port, ...(JSON.parse(ready.rest) as Omit<Started, 'port' | 'stderr'>), stderr: ready.stderr };
}

const stages = (user: number, seq: number) => Array.from({ length: 10 }, (_, i) => (user + seq + i) % 4);
const night = (user: number, seq: number) => ({ userId: `participant-${user}`, sessionId: `night-${user}-${Math.floor(seq / CHUNKS_PER_NIGHT)}` });

function chunkBody(user: number, seq: number, padding: number): string {
  const { userId, sessionId } = night(user, seq);
  const inferenceSeq = seq % CHUNKS_PER_NIGHT;
  return JSON.stringify({
    event: 'INFERENCE_COMPLETE',
    version: 'V3',
    data: {
      user_id: userId,
      session_id: sessionId,
      seq_num: inferenceSeq * 10 + 9,
      inference_seq_num: inferenceSeq,
      sleep_stages: stages(user, seq),
      breath_stages: null,
      snoring_stages: Array(10).fill(0),
      // Some bodies are large, so that a kill can land in the middle of a long write.
      ...(padding > 0 ? { note: 'x'.repeat(padding) } : {}),
    },
  });
}

const post = (port: number, body: string, agent: Agent, key = KEY) => postWebhook(port, body, agent, key);

interface Acked {
  user: number;
  seq: number;
}

/** Every acknowledged capture is there with its 200, and every chunk sits at its place in its night. */
async function expectAllAcknowledged(core: ConsoleCore, acked: Map<string, Acked>, context: string): Promise<void> {
  const stored = new Map((await core.listCaptures({ limit: Number.MAX_SAFE_INTEGER })).map((c) => [c.id, c]));
  const missing = [...acked.keys()].filter((id) => stored.get(id)?.status !== 200);
  expect(missing, `${context}: acknowledged captures missing`).toEqual([]);

  const byNight = new Map<string, { userId: string; sessionId: string; chunks: Acked[] }>();
  for (const a of acked.values()) {
    const n = night(a.user, a.seq);
    const key = `${n.userId}/${n.sessionId}`;
    if (!byNight.has(key)) byNight.set(key, { ...n, chunks: [] });
    byNight.get(key)!.chunks.push(a);
  }
  for (const [key, { userId, sessionId, chunks }] of byNight) {
    const session = await core.handlers.getSession({ userId, sessionId });
    expect(session.ok, `${context}: session ${key}`).toBe(true);
    const sleep = session.ok ? session.value.live.sleep : [];
    const misplaced = chunks.filter(({ user, seq }) => {
      const at = (seq % CHUNKS_PER_NIGHT) * 10;
      return JSON.stringify(sleep.slice(at, at + 10)) !== JSON.stringify(stages(user, seq));
    });
    expect(misplaced, `${context}: chunks not placed in ${key}`).toEqual([]);
  }
}

/**
 * What a kill may leave, and nothing more: every JSON file parses; every JSON-lines log parses
 * except perhaps a torn last line; temp files only from the process just killed (older ones were
 * swept by the start that followed them); set-aside files only for torn log tails; the lock names
 * the killed process.
 */
async function expectNoDamage(killedPid: number, context: string): Promise<{ tornTails: number; tempFiles: number }> {
  let tornTails = 0;
  let tempFiles = 0;
  const problems: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    for (const e of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, e.name);
      const name = relative(dir.path, path);
      if (e.isDirectory()) {
        await walk(path);
        continue;
      }
      const tmp = /\.(\d+)\.[0-9a-f]{8}\.tmp$/.exec(e.name);
      if (tmp) {
        tempFiles++;
        if (Number(tmp[1]) !== killedPid) problems.push(`${name}: a temp file from an earlier run was not swept`);
        continue;
      }
      if (/\.corrupt-/.test(e.name)) {
        if (!/^seg-\d{6}\.jsonl\.corrupt-/.test(e.name)) problems.push(`${name}: set aside as corrupt`);
        continue;
      }
      const text = await readFile(path, 'utf8');
      if (e.name === 'console.lock') {
        const pid = (JSON.parse(text) as { pid: number }).pid;
        if (pid !== killedPid) problems.push(`console.lock names process ${pid}, not the killed ${killedPid}`);
      } else if (e.name.endsWith('.json')) {
        try {
          JSON.parse(text);
        } catch (err) {
          problems.push(`${name}: ${String(err)}`);
        }
      } else if (e.name.endsWith('.jsonl')) {
        const lines = text.split('\n');
        const last = lines.pop()!;
        if (last !== '') tornTails++;
        lines.forEach((line, i) => {
          try {
            JSON.parse(line);
          } catch {
            problems.push(`${name}: line ${i + 1} of ${lines.length} is not JSON`);
          }
        });
      }
    }
  };
  await walk(dir.path);
  expect(problems, `${context}: damaged files`).toEqual([]);
  return { tornTails, tempFiles };
}

const onlyTornTails = (reports: CorruptFileReport[]) => reports.filter((r) => !TORN_TAIL.test(r.reason));

describe(`crash safety, ${ROUNDS} rounds (SIGKILL a real child process at random moments; seed ${SEED})`, () => {
  it('keeps every acknowledged capture, leaves no corrupt file and recovers the lock, kill after kill', async () => {
    console.log(`crash rounds: seed ${SEED} (repeat with CRASH_SEED=${SEED}), ${ROUNDS} rounds`);
    const killAt = generator(SEED);
    const traffic = generator(SEED ^ 0x5eed);
    const acked = new Map<string, Acked>();
    const nextSeq = Array.from({ length: CLIENTS }, () => 0);
    const totals = { requests: 0, acked: 0, duplicates: 0, refused: 0, tornTails: 0, tornReports: 0, tempFilesLeft: 0 };

    for (let round = 0; round < ROUNDS; round++) {
      const context = `seed ${SEED}, round ${round + 1}`;
      const started = await startChild();
      // The lock left by the previous (killed) child is taken over; start-up recovered without complaint.
      expect(started.storage.ok, `${context}: storage after start`).toBe(true);
      expect(onlyTornTails(started.storage.corruptFiles), `${context}: corrupt files reported at start`).toEqual([]);
      totals.tornReports += started.storage.corruptFiles.length;

      const agent = new Agent({ keepAlive: true, maxSockets: 2 * CLIENTS });
      // The kill comes 20 ms to 1.5 s after the first answer of the round: traffic is flowing, and the
      // session files and indexes written behind the log (about 1 s later) are caught mid-write too.
      const delayMs = 20 + Math.floor(killAt() * 1_480);
      let killed = false;
      let timer: NodeJS.Timeout | null = null;
      const armKill = () => {
        timer ??= setTimeout(() => {
          killed = true;
          child!.kill('SIGKILL');
        }, delayMs);
      };
      const clients = Array.from({ length: CLIENTS }, async (_, user) => {
        const mine: string[] = [];
        while (!killed) {
          const roll = traffic();
          totals.requests++;
          if (roll < 0.05) {
            // A wrong key: refused (401) and kept in the rejected log, never acknowledged.
            if ((await post(started.port, chunkBody(user, 0, 0), agent, 'wrong-key-0000')).status === 401) totals.refused++;
          } else if (roll < 0.15 && mine.length > 0) {
            // The same chunk again (a sender's retry): acknowledged as a duplicate, placed once.
            const again = acked.get(mine[Math.floor(traffic() * mine.length)]!)!;
            const res = await post(started.port, chunkBody(user, again.seq, 0), agent);
            if (res.status === 200 && res.capture) {
              acked.set(res.capture, again);
              totals.duplicates++;
            }
          } else {
            const seq = nextSeq[user]!++;
            const padding = roll > 0.98 ? 10_000 + Math.floor(traffic() * 70_000) : 0;
            const res = await post(started.port, chunkBody(user, seq, padding), agent);
            if (res.status === 200 && res.capture) {
              acked.set(res.capture, { user, seq });
              mine.push(res.capture);
            }
          }
          armKill();
        }
      });
      await Promise.all(clients);
      if (timer) clearTimeout(timer);
      agent.destroy();
      await new Promise((r) => (child!.exitCode !== null || child!.signalCode !== null ? r(null) : child!.once('close', r)));
      expect(child!.signalCode, `${context}: the child was killed, not stopped`).toBe('SIGKILL');
      expect(started.stderr(), `${context}: the child complained`).toBe('');

      // After the kill: what a restart would find (a read-only look, so the next child still has to
      // recover the folder and take over the lock itself).
      const { tornTails, tempFiles } = await expectNoDamage(started.pid, context);
      totals.tornTails += tornTails;
      totals.tempFilesLeft += tempFiles;
      const look = await ConsoleCore.open({ dataDir: dir.path, shell: 'headless', readOnly: true });
      try {
        expect(onlyTornTails(look.status().storage.corruptFiles), `${context}: corrupt files`).toEqual([]);
        await expectAllAcknowledged(look, acked, context);
      } finally {
        await look.close();
      }
    }
    totals.acked = acked.size;

    // A last restart with write access recovers everything; the one after it finds nothing to repair.
    for (const pass of ['recovering', 'clean']) {
      const core = await ConsoleCore.open({ dataDir: dir.path, shell: 'headless', port: 0 });
      try {
        const storage = core.status().storage;
        expect(storage.ok).toBe(true);
        expect(pass === 'clean' ? storage.corruptFiles : onlyTornTails(storage.corruptFiles), `seed ${SEED}, ${pass} restart`).toEqual([]);
        await expectAllAcknowledged(core, acked, `seed ${SEED}, ${pass} restart`);
      } finally {
        await core.close();
      }
    }
    const leftovers = (await readdir(dir.path, { recursive: true })).filter((f) => f.endsWith('.tmp') || f === 'console.lock');
    expect(leftovers).toEqual([]);
    console.log(`crash rounds: seed ${SEED}: ${JSON.stringify(totals)}`);
    expect(totals.acked).toBeGreaterThan(ROUNDS * 10);
  }, 180_000);
});
