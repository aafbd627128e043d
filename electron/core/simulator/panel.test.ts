import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands, type SimulationProgress } from '../../../shared/contract';
import { ConsoleCore } from '../console-core';
import { tempDir } from '../test-support/temp-dir';

const KEY = 'test-key-0123456789';
let dir: Awaited<ReturnType<typeof tempDir>>;
let core: ConsoleCore;
let events: SimulationProgress[];

beforeEach(async () => {
  dir = await tempDir();
  core = await ConsoleCore.open({ dataDir: dir.path, shell: 'headless', port: 0, apiKey: KEY });
  events = [];
  core.on((event, payload) => {
    if (event === 'simulationProgress') events.push(payload as SimulationProgress);
  });
});
afterEach(async () => {
  await core.close();
  await dir.remove();
});

async function until(test: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('simulator panel', () => {
  it('runs a night against the console itself, with its key, and reports progress to done', async () => {
    const r = await core.handlers.startSimulation(commands.startSimulation.args.parse({ hours: 1, seed: 7 }));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.url).toBe(core.webhookUrl);
    const { runId, total } = r.value;
    expect(total).toBeGreaterThan(10);
    await until(() => events.some((e) => e.runId === runId && e.done));
    const last = events.filter((e) => e.runId === runId).at(-1)!;
    expect(last).toMatchObject({ sent: total, ok: total, clientErrors: 0, serverErrors: 0, unreachable: 0, done: true, stopReason: null });
    expect(core.status().storage.captureCount).toBe(total);
    const sessions = await core.handlers.listSessions({});
    expect(sessions.ok && sessions.value.items).toHaveLength(1);
  });

  it('stops a run at real time', async () => {
    const r = await core.handlers.startSimulation(commands.startSimulation.args.parse({ speed: 1, participants: 2 }));
    if (!r.ok) throw new Error(r.error.message);
    const stopped = await core.handlers.stopSimulation({ runId: r.value.runId });
    if (!stopped.ok) throw new Error(stopped.error.message);
    expect(stopped.value).toMatchObject({ done: true, stopReason: 'stopped by the user', sent: 0 });
    expect(events.at(-1)).toMatchObject({ runId: r.value.runId, done: true });
    const unknown = await core.handlers.stopSimulation({ runId: 'nope' });
    expect(unknown.ok).toBe(false);
  });

  it('refuses a bad start time and reports an unreachable target', async () => {
    const bad = await core.handlers.startSimulation(commands.startSimulation.args.parse({ start: 'yesterday' }));
    expect(bad.ok ? null : bad.error.code).toBe('BAD_ARGS');
    const r = await core.handlers.startSimulation(commands.startSimulation.args.parse({ url: 'http://127.0.0.1:1/webhook', hours: 0.5 }));
    if (!r.ok) throw new Error(r.error.message);
    await until(() => events.some((e) => e.runId === r.value.runId && e.done));
    const last = events.filter((e) => e.runId === r.value.runId).at(-1)!;
    expect(last.unreachable).toBe(1);
    expect(last.stopReason).toMatch(/could not reach/);
  });
});
