// A console whose older capture summaries have left memory (cold segments, see store/cold-segment.ts),
// against a real core (real HTTP, real files): every view that needs old captures still sees them all,
// the same as when everything was in memory, and a night is rebuilt from cold captures after its files
// are lost.
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import v3Inference from '../../shared/asleep/examples/v3-inference-complete.json';
import { commands } from '../../shared/contract';
import type { CaptureSummary } from '../../shared/capture';
import { ConsoleCore } from './console-core';
import { tempDir } from './test-support/temp-dir';

const KEY = 'cold-captures-test-key-0123';
const LIMITS = { maxSegmentRecords: 8, memoryRecords: 12 };
let dir: Awaited<ReturnType<typeof tempDir>>;
let core: ConsoleCore;

const openCore = (captureLimits = LIMITS) => ConsoleCore.open({ dataDir: dir.path, shell: 'headless', port: 0, apiKey: KEY, captureLimits });

beforeEach(async () => {
  dir = await tempDir();
  core = await openCore();
});
afterEach(async () => {
  await core.close();
  await dir.remove();
});

const PARTICIPANTS = 3;
const CHUNKS = 20;
const ref = (p: number) => ({ userId: `cold-user-${p}`, sessionId: `cold-night-${p}` });

/** Three nights, chunk by chunk, taking turns; every fifth request has a wrong key (refused). */
async function sendNights(): Promise<void> {
  for (let i = 0; i < CHUNKS; i++) {
    for (let p = 0; p < PARTICIPANTS; p++) {
      const { userId, sessionId } = ref(p);
      const body = JSON.stringify({ ...v3Inference, data: { ...v3Inference.data, user_id: userId, session_id: sessionId, inference_seq_num: i, seq_num: i * 10 + 9 } });
      const key = (i * PARTICIPANTS + p) % 5 === 4 ? 'wrong-key-0123456789' : KEY;
      const res = await fetch(core.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body });
      expect(res.status).toBe(key === KEY ? 200 : 401);
      await res.text();
    }
  }
}

async function everyPage(limit: number, query: Record<string, unknown> = {}): Promise<CaptureSummary[]> {
  const out: CaptureSummary[] = [];
  for (let beforeSeq: number | undefined; ; ) {
    const page = await core.listCaptures(commands.listCaptures.args.parse({ ...query, limit, ...(beforeSeq ? { beforeSeq } : {}) }));
    out.push(...page);
    if (page.length < limit) return out;
    beforeSeq = page.at(-1)!.seq;
  }
}

describe('captures whose summaries have left memory', () => {
  it('are listed, paged, filtered, read, exported and counted like the ones in memory', async () => {
    await sendNights();
    const total = CHUNKS * PARTICIPANTS;
    const accepted = total - total / 5;
    const footprint = core.memoryFootprint();
    expect(footprint.capturesCold).toBeGreaterThan(0);
    expect(footprint.capturesInMemory).toBeLessThanOrEqual(LIMITS.memoryRecords + LIMITS.maxSegmentRecords);
    expect(core.status().storage.captureCount).toBe(accepted);

    const all = await everyPage(7);
    expect(all).toHaveLength(total);
    expect(all.map((c) => c.seq)).toEqual(all.map((c) => c.seq).sort((a, b) => b - a));
    expect(new Set(all.map((c) => c.id)).size).toBe(total);
    const oldest = all.at(-1)!;
    expect((await core.getCapture(oldest.id))?.normalized).not.toBeNull();
    const night0 = await everyPage(3, { session: `${ref(0).userId}/${ref(0).sessionId}` });
    expect(night0.filter((c) => c.status === 200)).toHaveLength(all.filter((c) => c.userId === ref(0).userId && c.status === 200).length);
    const since = all.find((c) => c.seq === 20)!.receivedAt;
    expect((await everyPage(4, { from: since })).map((c) => c.id)).toEqual(all.filter((c) => c.receivedAt >= since).map((c) => c.id));
    expect((await everyPage(4, { to: since })).map((c) => c.id)).toEqual(all.filter((c) => c.receivedAt <= since).map((c) => c.id));
    const found = await core.queryCaptures(commands.listCaptures.args.parse({ limit: 5, q: '"inference_seq_num":0,' }));
    expect(found.items.map((c) => c.userId).sort()).toEqual(all.filter((c) => c.seq <= PARTICIPANTS && c.status === 200).map((c) => c.userId).sort());

    const replay = await core.handlers.sessionCaptures(ref(1));
    expect(replay.ok && replay.value.items.length).toBe(all.filter((c) => c.userId === ref(1).userId && c.status === 200).length);
    const metrics = await core.handlers.getMetrics({ window: 'week', offsetMinutes: 0 });
    expect(metrics.ok && metrics.value.totals.all).toBe(total);
    const exported = await core.handlers.exportSession({ ...ref(2), format: 'json' });
    expect(exported.ok && (JSON.parse(exported.value.content) as { captures: unknown[] }).captures).toHaveLength(
      all.filter((c) => c.userId === ref(2).userId).length,
    );
  });

  it('rebuild a night from cold captures when its session files are lost, and keep everything across restarts', async () => {
    await sendNights();
    const before = await Promise.all([0, 1, 2].map((p) => core.handlers.getSession(ref(p))));
    const listed = await everyPage(50);
    await core.close();
    expect((await readdir(join(dir.path, 'captures'))).some((n) => n.endsWith('.index.jsonl'))).toBe(true);
    await rm(join(dir.path, 'sessions'), { recursive: true });

    core = await openCore();
    const after = await Promise.all([0, 1, 2].map((p) => core.handlers.getSession(ref(p))));
    expect(after).toEqual(before);
    expect((await everyPage(50)).map((c) => c.id)).toEqual(listed.map((c) => c.id));

    // The same folder with everything in memory (no limit on memory) sees the same.
    await core.close();
    core = await openCore({ maxSegmentRecords: 8, memoryRecords: 1_000_000 });
    expect(core.memoryFootprint().capturesCold).toBeGreaterThan(0); // cold files stay cold; they are read when needed
    expect((await everyPage(50)).map((c) => c.id)).toEqual(listed.map((c) => c.id));
  });
});
