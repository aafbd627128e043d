import { describe, expect, it } from 'vitest';
import { interpret } from '../asleep/interpret';
import type { InferenceChunk, SessionReport } from '../asleep/model';
import { compareStat, computeStat, looksTwoStage } from '../stats';
import { generateNight } from './night-model';
import { buildReport } from './report';
import { createRng } from './rng';
import { chunkPlan, planSimulation, SIM_LAYOUTS, type PlannedRequest, type SimulationOptions } from './traffic';

const START = Date.UTC(2025, 0, 15, 22, 30, 0);
const plan = (options: Partial<SimulationOptions> = {}) => planSimulation({ seed: 7, startMs: START, apiKey: 'key-1234', hours: 3, ...options });
const body = (r: PlannedRequest) => JSON.parse(r.body) as Record<string, unknown>;

describe('traffic of each layout', () => {
  const variants = [
    { plan: 5, stages: 4, breathing: false },
    { plan: 5, stages: 4, breathing: true },
    { plan: 20, stages: 2, breathing: true },
    { plan: 40, stages: 4, breathing: false },
    { plan: 40, stages: 2, breathing: false },
  ] as const;
  for (const layout of SIM_LAYOUTS) {
    for (const v of variants) {
      it(`${layout}, ${v.plan}-minute plan, ${v.stages} stages, breathing ${v.breathing ? 'on' : 'off'}: every request valid in its layout`, () => {
        const sim = plan({ layout, participants: 2, ...v });
        for (const s of sim.sessions) {
          const own = sim.requests.filter((r) => r.session === s.index);
          const chunks = own.filter((r) => r.event === 'INFERENCE_COMPLETE');
          expect(chunks.map((r) => r.seq)).toEqual(chunkPlan(s.epochs, v.plan).map((c) => c.seq));
          expect(own.at(-1)?.event).toBe('SESSION_COMPLETE');
          for (const r of own) {
            const i = interpret(body(r));
            expect(i.valid, JSON.stringify(i.issues)).toBe(true);
            expect(i.detection).toEqual({ layout, version: layout === 'v1' ? 'V1' : layout === 'v2' ? 'V2' : 'V3', event: r.event });
            expect(i.warnings).toEqual([]);
            expect(i.userId).toBe(s.userId);
            expect(i.sessionId).toBe(s.sessionId);
            expect(r.headers).toEqual({
              'content-type': 'application/json',
              'user-agent': expect.stringMatching(/^asleep-webhook-simulator/),
              'x-api-key': 'key-1234',
              'x-user-id': s.userId,
            });
            if (r.event === 'INFERENCE_COMPLETE') {
              const n = i.normalized as InferenceChunk;
              const c = chunkPlan(s.epochs, v.plan).find((x) => x.seq === r.seq)!;
              // The console's placement rule puts the chunk exactly where it came from.
              expect(n.firstEpoch).toBe(c.firstEpoch);
              expect(n.sleep).toEqual(s.data.sleep.slice(c.firstEpoch, c.firstEpoch + c.length));
              expect(n.breath).toEqual(v.breathing ? s.data.breath!.slice(c.firstEpoch, c.firstEpoch + c.length) : null);
              expect(n.snoring).toEqual(layout === 'v1' || layout === 'v2' ? null : s.data.snoring.slice(c.firstEpoch, c.firstEpoch + c.length));
              expect(n.seqNum).toBe(r.seq! * 10 + 9);
            } else {
              const n = i.normalized as SessionReport;
              expect(n.sleep).toEqual(s.data.sleep);
              expect(n.snoring).toEqual(s.data.snoring);
              expect(n.breath).toEqual(s.data.breath);
              expect(n.startTime).toBe(s.startTime);
              expect(n.endTime).toBe(s.endTime);
              expect(n.statUnits).toBe(layout === 'flat' ? 'flat' : 'official');
              expect(n.peculiarities).toEqual(v.breathing ? [] : ['NO_BREATHING_STABILITY']);
              // The console's own recomputation agrees with the stat sent, field by field.
              const twoStage = looksTwoStage(n.stat);
              expect(twoStage).toBe(v.stages === 2);
              const computed = computeStat({ sleep: n.sleep!, snoring: n.snoring, startTime: n.startTime, endTime: n.endTime, twoStage });
              expect(compareStat(n.stat, computed, n.statUnits)).toEqual([]);
            }
          }
        }
      });
    }
  }
});

describe('traffic shape', () => {
  it('5-minute plan: one 10-epoch block per chunk; 20/40-minute plans: 4 or 8 blocks, the last one shorter', () => {
    expect(chunkPlan(95, 5)).toEqual(Array.from({ length: 9 }, (_, seq) => ({ seq, firstEpoch: seq * 10, length: 10 })));
    expect(chunkPlan(100, 20)).toEqual([
      { seq: 3, firstEpoch: 0, length: 40 },
      { seq: 7, firstEpoch: 40, length: 40 },
      { seq: 9, firstEpoch: 80, length: 20 },
    ]);
    expect(chunkPlan(160, 40)).toEqual([
      { seq: 7, firstEpoch: 0, length: 80 },
      { seq: 15, firstEpoch: 80, length: 80 },
    ]);
    expect(chunkPlan(9, 5)).toEqual([]);
  });

  it('is deterministic with a seed', () => {
    expect(plan({ participants: 3, faults: ['dup', 'drop'] })).toEqual(plan({ participants: 3, faults: ['dup', 'drop'] }));
    expect(plan({ seed: 8 }).requests[0]?.body).not.toBe(plan({ seed: 7 }).requests[0]?.body);
    // A participant's night does not depend on how many others there are.
    expect(plan({ participants: 1 }).sessions[0]?.data).toEqual(plan({ participants: 4 }).sessions[0]?.data);
  });

  it('Asleep-like ids: session = UTC start + 5 characters, user = G-<time>-<20 characters>', () => {
    const sim = plan({ participants: 3, nights: 2 });
    for (const s of sim.sessions) {
      expect(s.sessionId).toMatch(/^\d{14}_[a-z]{5}$/);
      expect(s.sessionId.slice(0, 14)).toBe(new Date(s.startMs).toISOString().replace(/[-:T]/g, '').slice(0, 14));
      expect(s.userId).toMatch(/^G-\d{14}-[A-Za-z0-9]{20}$/);
    }
    expect(new Set(sim.sessions.map((s) => s.userId)).size).toBe(3);
    expect(new Set(sim.sessions.map((s) => s.sessionId)).size).toBe(6);
  });

  it('timing: chunks a few seconds after their block, the report after the night, nights 24 h apart', () => {
    const sim = plan({ participants: 2, nights: 2 });
    for (const s of sim.sessions) {
      const own = sim.requests.filter((r) => r.session === s.index);
      for (const r of own.filter((x) => x.event === 'INFERENCE_COMPLETE')) {
        expect(r.at - (r.seq! + 1) * 300_000).toBeGreaterThanOrEqual(2_000);
        expect(r.at - (r.seq! + 1) * 300_000).toBeLessThanOrEqual(15_000);
      }
      const report = own.at(-1)!;
      expect(report.at).toBeGreaterThanOrEqual(s.durationSeconds * 1000 + 30_000);
      expect(report.t).toBe(s.startMs - sim.originMs + report.at);
    }
    const [a, b] = sim.sessions.filter((s) => s.participant === 1);
    expect(b!.startMs - a!.startMs).toBeGreaterThan(23.5 * 3600_000);
    expect(b!.startMs - a!.startMs).toBeLessThan(24.5 * 3600_000);
    const ts = sim.requests.map((r) => r.t);
    expect(ts).toEqual([...ts].sort((x, y) => x - y));
  });

  it('without jitter: every night starts at the start time and lasts exactly the hours asked', () => {
    const sim = plan({ jitter: false, participants: 2, hours: 2 });
    for (const s of sim.sessions) {
      expect(s.startMs).toBe(START);
      expect(s.durationSeconds).toBe(7200);
      expect(s.epochs).toBe(240);
      expect(s.startTime).toBe('2025-01-15T22:30:00+00:00');
      expect(s.endTime).toBe('2025-01-16T00:30:00+00:00');
    }
  });

  it('flat layout: time_window covers the chunk, timestamp is the sending time', () => {
    const sim = plan({ layout: 'flat', plan: 20 });
    const s = sim.sessions[0]!;
    for (const r of sim.requests.filter((x) => x.event === 'INFERENCE_COMPLETE')) {
      const b = body(r);
      const c = chunkPlan(s.epochs, 20).find((x) => x.seq === r.seq)!;
      expect(b['time_window']).toEqual({
        start: new Date(s.startMs + c.firstEpoch * 30_000).toISOString().replace('.000Z', 'Z'),
        end: new Date(s.startMs + (c.firstEpoch + c.length) * 30_000).toISOString().replace('.000Z', 'Z'),
      });
      expect(b['timestamp']).toBe(new Date(s.startMs + r.at).toISOString().replace('.000Z', 'Z'));
    }
    const report = body(sim.requests.at(-1)!);
    const stat = report['stat'] as Record<string, unknown>;
    expect(stat['sleep_time']).toMatch(/^\d{2}:\d{2}:\d{2}$/);
    expect(stat['sleep_efficiency']).toBeGreaterThan(1); // percent
    expect(Array.isArray(stat['sleep_cycle'])).toBe(true);
  });

  it('V1 sends osa_stage_list, V2 breath_stages, V3 snoring too; null breath without breathing analysis', () => {
    const data = (layout: 'v1' | 'v2' | 'v3', breathing: boolean) => {
      const b = body(plan({ layout, breathing }).requests[0]!);
      return (b['data'] ?? b['callback_data']) as Record<string, unknown>;
    };
    expect(Object.keys(data('v1', true)).sort()).toEqual(['inference_seq_num', 'osa_stage_list', 'seq_num', 'session_id', 'stage_list', 'user_id']);
    expect(Object.keys(data('v2', true)).sort()).toEqual(['breath_stages', 'inference_seq_num', 'seq_num', 'session_id', 'stage_list', 'user_id']);
    expect(Object.keys(data('v3', true)).sort()).toEqual(['breath_stages', 'inference_seq_num', 'seq_num', 'session_id', 'sleep_stages', 'snoring_stages', 'user_id']);
    expect(data('v3', false)['breath_stages']).toBeNull();
    expect(data('v1', false)['osa_stage_list']).toBeNull();
  });

  it('peculiarities only when true: a 15-minute night is too short (stat null, no warning)', () => {
    const short = plan({ hours: 0.25, jitter: false, breathing: true });
    const s = short.sessions[0]!;
    expect(s.report.peculiarities).toEqual(['TOO_SHORT_FOR_ANALYSIS']);
    expect(s.report.stat).toBeNull();
    const i = interpret(body(short.requests.at(-1)!));
    expect(i.valid).toBe(true);
    expect(i.warnings).toEqual([]);
    expect(plan({ hours: 8 }).sessions[0]!.report.peculiarities).toEqual(['NO_BREATHING_STABILITY']);
    expect(plan({ hours: 24, jitter: false, breathing: true }).sessions[0]!.report.peculiarities).toEqual([]);
  });

  it('NEVER_SLEPT only for a night without sleep; TOO_LONG_FOR_ANALYSIS over 24 hours', () => {
    const awake = { ...generateNight({ epochs: 120, stages: 4, breathing: false }, createRng(1)) };
    awake.sleep = awake.sleep.map(() => 0);
    const report = buildReport({ night: awake, stages: 4, breathing: false, startTime: '2025-01-15T22:00:00+00:00', endTime: '2025-01-15T23:00:00+00:00' });
    expect(report.peculiarities).toEqual(['NEVER_SLEPT', 'NO_BREATHING_STABILITY']);
    expect(report.stat).toMatchObject({ sleep_latency: 3600, time_in_sleep: 0 });
    const long = buildReport({ night: awake, stages: 4, breathing: true, startTime: '2025-01-15T22:00:00+00:00', endTime: '2025-01-16T22:00:01+00:00' });
    expect(long.peculiarities).toEqual(['NEVER_SLEPT', 'TOO_LONG_FOR_ANALYSIS']);
  });

  it('no api key: no x-api-key header', () => {
    const sim = planSimulation({ seed: 1, startMs: START, hours: 1 });
    expect(sim.requests[0]!.headers['x-api-key']).toBeUndefined();
  });

  it('missing_data_ratio counts the -1 epochs', () => {
    const sim = plan({ hours: 8, participants: 4 });
    for (const s of sim.sessions) {
      const unknown = s.data.sleep.filter((x) => x === -1).length;
      expect(s.report.missingDataRatio).toBeCloseTo(unknown / s.epochs, 3);
      expect(s.groundTruth.sleep.filter((x) => x === null)).toHaveLength(unknown);
    }
  });
});
