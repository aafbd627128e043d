// Acceptance: the simulator against the real listener (real HTTP on loopback, real files in a
// temporary folder). Every night must end complete, its final timeline must equal the simulator's
// ground truth, the recomputed statistics must show zero discrepancies, and every injected fault
// must show up as the right flag.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Layout } from '../../../shared/asleep/model';
import type { CaptureDetail } from '../../../shared/capture';
import type { SessionDetail } from '../../../shared/session';
import { FAULT_KINDS } from '../../../shared/simulator/faults';
import { flatStat } from '../../../shared/simulator/report';
import { chunkPlan, planSimulation, type SimSession, type Simulation, type SimulationOptions } from '../../../shared/simulator/traffic';
import { ConsoleCore } from '../console-core';
import { tempDir } from '../test-support/temp-dir';
import { sendPlan, type SendResult, type SendSummary } from './send';

const KEY = 'sim-test-key-0123456789';
const ROOT = resolve(__dirname, '../../..');
const START = Date.UTC(2025, 0, 15, 22, 30, 0);

let dir: Awaited<ReturnType<typeof tempDir>>;
let core: ConsoleCore;

beforeEach(async () => {
  dir = await tempDir('asleep-simulator-');
  core = await ConsoleCore.open({ dataDir: dir.path, shell: 'headless', port: 0, apiKey: KEY });
});
afterEach(async () => {
  await core.close();
  await dir.remove();
});

async function simulate(options: Omit<SimulationOptions, 'startMs' | 'apiKey'>): Promise<{ sim: Simulation; sent: SendSummary }> {
  const sim = planSimulation({ startMs: START, apiKey: KEY, ...options });
  const sent = await sendPlan(sim.requests, { url: core.webhookUrl, speed: 'max' });
  return { sim, sent };
}

async function detailOf(s: SimSession): Promise<SessionDetail> {
  const r = await core.handlers.getSession({ userId: s.userId, sessionId: s.sessionId });
  if (!r.ok) throw new Error(`${s.userId}/${s.sessionId}: ${r.error.message}`);
  return r.value;
}

async function captureOf(result: SendResult): Promise<CaptureDetail> {
  expect(result.captureId, `answer of request ${result.index}: ${result.body}`).toMatch(/^c\d+$/);
  const c = await core.getCapture(result.captureId!);
  if (!c) throw new Error(`capture ${result.captureId} not found`);
  return c;
}

/**
 * What the live timeline must be: each chunk the console accepted and applied (answered 200, valid,
 * not a duplicate or conflict) placed at its epochs; nothing elsewhere.
 */
function expectedLive(s: SimSession, results: SendResult[], track: 'sleep' | 'snoring' | 'breath'): (number | null)[] {
  const out: (number | null)[] = [];
  for (const r of results) {
    const q = r.request;
    if (q.session !== s.index || q.event !== 'INFERENCE_COMPLETE' || r.status !== 200) continue;
    if (q.fault && q.fault.kind !== 'reorder') continue; // dup/conflict are not applied, invalid is not valid
    const truth = s.groundTruth[track];
    if (truth.length === 0) continue;
    if (track === 'snoring' && (s.layout === 'v1' || s.layout === 'v2')) continue; // V1/V2 chunks carry no snoring
    const chunk = chunkPlan(s.epochs, s.plan).find((c) => c.seq === q.seq)!;
    while (out.length < chunk.firstEpoch + chunk.length) out.push(null);
    for (let i = chunk.firstEpoch; i < chunk.firstEpoch + chunk.length; i++) out[i] = truth[i] ?? null;
  }
  return out;
}

async function expectNightsRight(sim: Simulation, sent: SendSummary): Promise<SessionDetail[]> {
  const details: SessionDetail[] = [];
  for (const s of sim.sessions) {
    const d = await detailOf(s);
    const where = `${s.layout} p${s.participant}/n${s.night} ${s.sessionId}`;
    expect(d.state, where).toBe('complete');
    expect(d.layout, where).toBe(s.layout);
    expect(d.epochs.sleep, `${where} sleep`).toEqual(s.groundTruth.sleep);
    expect(d.epochs.snoring, `${where} snoring`).toEqual(s.groundTruth.snoring);
    expect(d.epochs.breath, `${where} breath`).toEqual(s.groundTruth.breath);
    expect(d.final, where).not.toBeNull();
    expect(d.serverStat, where).toEqual(s.report.stat === null ? null : JSON.parse(JSON.stringify(s.layout === 'flat' ? flatStat(s.report.computed) : s.report.stat)));
    expect(d.computedStat, where).not.toBeNull();
    expect(d.discrepancies, `${where} discrepancies`).toEqual([]);
    expect(d.peculiarities, where).toEqual(s.report.peculiarities);
    expect(Date.parse(d.startTime ?? ''), `${where} start`).toBe(s.startMs);
    expect(d.startTimeSource, where).toBe('report');
    expect(Date.parse(d.endTime ?? ''), `${where} end`).toBe(s.startMs + s.durationSeconds * 1000);
    // The live timeline: every applied chunk where the placement rule puts it.
    for (const track of ['sleep', 'snoring', 'breath'] as const) {
      expect(d.live[track], `${where} live ${track}`).toEqual(expectedLive(s, sent.results, track));
    }
    details.push(d);
  }
  return details;
}

describe('simulator → real listener, every layout', () => {
  const cases: [Layout, Pick<SimulationOptions, 'plan' | 'stages' | 'breathing'>][] = [
    ['v1', { plan: 5, stages: 4, breathing: true }],
    ['v2', { plan: 20, stages: 4, breathing: true }],
    ['v3', { plan: 40, stages: 2, breathing: false }],
    ['flat', { plan: 5, stages: 4, breathing: true }],
    ['flat', { plan: 20, stages: 2, breathing: false }],
    ['v1', { plan: 40, stages: 2, breathing: false }],
    ['v2', { plan: 5, stages: 2, breathing: false }],
    ['v3', { plan: 5, stages: 4, breathing: true }],
  ];

  it.each(cases)('%s %o: 2 participants, complete, timeline = ground truth, zero discrepancies', async (layout, variant) => {
    const { sim, sent } = await simulate({ seed: 11, participants: 2, hours: 2.5, layout, ...variant });
    expect(sent.sent).toBe(sim.requests.length);
    expect(sent.ok).toBe(sim.requests.length);
    for (const r of sent.results) {
      const c = await captureOf(r);
      expect(c, `request ${r.index}`).toMatchObject({ valid: true, duplicate: 'no', layout, event: r.request.event });
      expect(c.warnings, `request ${r.index} warnings`).toEqual([]);
    }
    await expectNightsRight(sim, sent);
  });

  it('a full 8-hour night on v3 (2 participants): cycles, statistics, zero discrepancies', async () => {
    const { sim, sent } = await simulate({ seed: 2024, participants: 2, hours: 8, layout: 'v3' });
    expect(sent.ok).toBe(sim.requests.length);
    const details = await expectNightsRight(sim, sent);
    for (const d of details) {
      const stat = d.serverStat as Record<string, number>;
      expect(stat['sleep_cycle_count']).toBeGreaterThanOrEqual(2);
      expect(stat['time_in_deep']).toBeGreaterThan(0);
      expect(stat['time_in_rem']).toBeGreaterThan(0);
      expect(stat['sleep_efficiency']).toBeGreaterThan(0.75);
    }
  });

  it.each([
    [0.1, ['TOO_SHORT_FOR_ANALYSIS']],
    [0.3, ['TOO_SHORT_FOR_ANALYSIS']],
    [24, []],
  ])('edge nights: %s hours gives peculiarities %o, still complete and right', async (hours, peculiarities) => {
    const { sim, sent } = await simulate({ seed: 4, participants: 1, hours, jitter: false, layout: 'v3', breathing: true });
    const [s] = sim.sessions;
    expect(s!.report.peculiarities).toEqual(peculiarities);
    const [d] = await expectNightsRight(sim, sent);
    expect(d!.serverStat === null).toBe(peculiarities.includes('TOO_SHORT_FOR_ANALYSIS'));
  });

  it.each(['v1', 'v2', 'v3', 'flat'] as const)('%s before SESSION_COMPLETE: live, start from the session id or time window, chunks placed', async (layout) => {
    const sim = planSimulation({ seed: 13, startMs: START, apiKey: KEY, participants: 2, hours: 2, layout, plan: 20, breathing: true });
    const chunks = sim.requests.filter((r) => r.event === 'INFERENCE_COMPLETE');
    const sent = await sendPlan(chunks, { url: core.webhookUrl, speed: 'max' });
    expect(sent.ok).toBe(chunks.length);
    for (const s of sim.sessions) {
      const d = await detailOf(s);
      expect(d.state).toBe('live');
      expect(d.final).toBeNull();
      expect(Date.parse(d.startTime ?? '')).toBe(s.startMs);
      expect(d.startTimeSource).toBe(layout === 'flat' ? 'time_window' : 'session_id');
      for (const track of ['sleep', 'snoring', 'breath'] as const) {
        expect(d.live[track], `${layout} live ${track}`).toEqual(expectedLive(s, sent.results, track));
      }
      expect(d.epochs).toEqual(d.live);
      expect(d.chunks.map((c) => [c.inferenceSeqNum, c.firstEpoch, c.length])).toEqual(chunkPlan(s.epochs, 20).map((c) => [c.seq, c.firstEpoch, c.length]));
    }
  });

  it('after a restart the console shows the same nights', async () => {
    const { sim, sent } = await simulate({ seed: 21, participants: 2, hours: 2, layout: 'v2', breathing: true, faults: [...FAULT_KINDS] });
    const before = await expectNightsRight(sim, sent);
    await core.close();
    core = await ConsoleCore.open({ dataDir: dir.path, shell: 'headless', port: 0, apiKey: KEY });
    const after = await Promise.all(sim.sessions.map(detailOf));
    expect(after.map((d) => [d.state, d.epochs, d.live, d.discrepancies, d.conflictCount, d.duplicateCount])).toEqual(
      before.map((d) => [d.state, d.epochs, d.live, d.discrepancies, d.conflictCount, d.duplicateCount]),
    );
  });

  it('several nights per participant: one session per night, 24 h apart', async () => {
    const { sim, sent } = await simulate({ seed: 5, participants: 2, nights: 2, hours: 1.5, layout: 'v3', breathing: true });
    expect(sim.sessions).toHaveLength(4);
    expect(new Set(sim.sessions.map((s) => s.userId)).size).toBe(2);
    await expectNightsRight(sim, sent);
    const list = await core.handlers.listSessions({});
    expect(list.ok && list.value.items.length).toBe(4);
  });
});

describe('simulator faults → the right flags', () => {
  it.each(['v1', 'v2', 'v3', 'flat'] as const)('%s: dup, conflict, reorder, drop, invalid, badkey', async (layout) => {
    const { sim, sent } = await simulate({ seed: 7, participants: 2, hours: 2.5, layout, faults: [...FAULT_KINDS], breathing: layout !== 'v3' });
    for (const s of sim.sessions) {
      expect(s.faults.map((f) => f.kind)).toEqual([...FAULT_KINDS]);
      expect(s.skippedFaults).toEqual([]);
    }
    const byKind = (kind: string) => sent.results.filter((r) => r.request.fault?.kind === kind);
    // One of each per night (drop: nothing is sent).
    for (const kind of ['dup', 'conflict', 'reorder', 'invalid', 'badkey']) expect(byKind(kind), kind).toHaveLength(2);
    expect(byKind('drop')).toHaveLength(0);
    expect(sent.sent).toBe(sim.requests.length);
    expect(sent.unreachable).toBe(0);

    for (const r of byKind('dup')) {
      const c = await captureOf(r);
      expect(c).toMatchObject({ status: 200, valid: true, duplicate: 'same' });
      const original = sent.results.find((o) => o.request.session === r.request.session && o.request.seq === r.request.seq && !o.request.fault);
      expect(c.duplicateOf).toBe(original?.captureId);
    }
    for (const r of byKind('conflict')) {
      const c = await captureOf(r);
      expect(c).toMatchObject({ status: 200, valid: true, duplicate: 'conflict' });
      const d = await detailOf(sim.sessions[r.request.session]!);
      expect(d.conflicts).toEqual([{ inferenceSeqNum: r.request.seq, captureId: c.id, originalCaptureId: c.duplicateOf }]);
    }
    const slipped = layout === 'flat' ? 'inference_seq_num' : layout === 'v3' ? 'data.inference_seq_num' : 'callback_data.inference_seq_num';
    for (const r of byKind('invalid')) {
      expect(r.request.fault?.path).toBe(slipped);
      const c = await captureOf(r);
      expect(c).toMatchObject({ status: 200, valid: false, layout, sessionId: r.request.sessionId });
      expect(c.issues).toContainEqual({ path: slipped, message: expect.stringContaining('numbers must not be sent as strings') });
    }
    for (const r of byKind('badkey')) {
      expect(r.status).toBe(401);
      expect(r.captureId).toBeNull(); // the 401 answer names no capture: find it in the list
    }
    const refused = (await core.listCaptures({ limit: 10_000 })).filter((c) => c.status === 401);
    expect(refused).toHaveLength(2);
    for (const c of refused) {
      expect(c).toMatchObject({ stage: 'auth', apiKey: { present: true, matched: false } });
      expect(sim.sessions.map((s) => s.userId)).toContain(c.userId);
    }
    for (const r of byKind('reorder')) {
      const c = await captureOf(r);
      expect(c).toMatchObject({ status: 200, valid: true, duplicate: 'no' });
      const next = sent.results.find((o) => o.request.session === r.request.session && o.request.seq === r.request.seq! + s(sim, r).plan / 5);
      expect(next && next.index < r.index, 'the held-back chunk is sent after its successor').toBe(true);
    }
    // Every request without a fault was taken as is.
    for (const r of sent.results.filter((x) => !x.request.fault)) {
      expect(await captureOf(r)).toMatchObject({ status: 200, valid: true, duplicate: 'no' });
    }
    // Reordering, drops and refused chunks leave the final timeline right; the live one has holes.
    await expectNightsRight(sim, sent);
    for (const session of sim.sessions) {
      const d = await detailOf(session);
      expect(d.duplicateCount).toBe(1);
      expect(d.conflictCount).toBe(1);
      const dropped = session.faults.find((f) => f.kind === 'drop')!.seq;
      expect(d.chunks.map((c) => c.inferenceSeqNum)).not.toContain(dropped);
    }
  });
});

function s(sim: Simulation, r: SendResult): SimSession {
  return sim.sessions[r.request.session]!;
}

// ---------------------------------------------------------------- the command line

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCliProcess(args: string[]): Promise<Exit> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'electron/core/simulator/cli.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('npm run simulate (a real process)', () => {
  it('sends 2 participants at max speed and exits 0 with the summary', async () => {
    const run = await runCliProcess(['--url', core.webhookUrl, '--api-key', KEY, '--participants', '2', '--speed', 'max', '--seed', '7']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('seed 7 (repeat with --seed 7)');
    const summary = /^Summary: sent (\d+), 2xx (\d+), 4xx 0, 5xx 0, unreachable 0 in [\d.]+ s \(\d+ requests\/s\)$/m.exec(run.stdout);
    expect(summary, run.stdout.slice(-500)).not.toBeNull();
    expect(summary![1]).toBe(summary![2]);
    const lines = run.stdout.split('\n').filter((l) => /\b(INFERENCE|SESSION)_COMPLETE\b/.test(l));
    expect(lines).toHaveLength(Number(summary![1]));
    expect(lines.filter((l) => l.includes('SESSION_COMPLETE'))).toHaveLength(2);
    expect(lines.every((l) => / 200 +c\d+ /.test(l))).toBe(true);
    const sessions = await core.handlers.listSessions({});
    expect(sessions.ok && sessions.value.items.map((x) => x.state)).toEqual(['complete', 'complete']);
  });

  it('exits 1 when nothing listens at the URL', async () => {
    const port = await closedPort();
    const run = await runCliProcess(['--url', `http://127.0.0.1:${port}/webhook`, '--api-key', KEY, '--seed', '7']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/unreachable \(connection refused/);
    expect(run.stdout).toMatch(/^Summary: sent 1, 2xx 0, 4xx 0, 5xx 0, unreachable 1, not sent \d+/m);
    expect(run.stderr).toContain(`could not reach http://127.0.0.1:${port}/webhook`);
  });

  it('exits 2 with a clear message for a bad option', async () => {
    const run = await runCliProcess(['--layout', 'v4']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--layout must be one of v1, v2, v3, flat, got "v4".');
    expect(run.stdout).toBe('');
  });
});
