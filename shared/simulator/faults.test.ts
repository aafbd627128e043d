import { describe, expect, it } from 'vitest';
import { interpret } from '../asleep/interpret';
import type { InferenceChunk } from '../asleep/model';
import { fingerprint } from '../sessions/fingerprint';
import { FAULT_KINDS, type FaultKind } from './faults';
import { parseFaults } from './options';
import { planSimulation, SIM_LAYOUTS, type PlannedRequest, type SimulationOptions } from './traffic';

const START = Date.UTC(2025, 0, 15, 22, 30, 0);
const KEY = 'key-1234';
const plan = (faults: FaultKind[], options: Partial<SimulationOptions> = {}) =>
  planSimulation({ seed: 3, startMs: START, apiKey: KEY, hours: 2, faults, ...options });
const chunk = (r: PlannedRequest) => interpret(JSON.parse(r.body)).normalized as InferenceChunk;

describe('faults', () => {
  for (const layout of SIM_LAYOUTS) {
    it(`${layout}: each fault does what it says, and only to chunks`, () => {
      const clean = plan([], { layout });
      const cleanChunks = clean.requests.filter((r) => r.event === 'INFERENCE_COMPLETE');

      const dup = plan(['dup'], { layout });
      const [copy] = dup.requests.filter((r) => r.fault?.kind === 'dup');
      const original = dup.requests.find((r) => r.seq === copy!.seq && !r.fault)!;
      expect(copy!.body).toBe(original.body);
      expect(copy!.headers).toEqual(original.headers);
      expect(dup.requests.indexOf(copy!)).toBeGreaterThan(dup.requests.indexOf(original));
      expect(dup.requests).toHaveLength(clean.requests.length + 1);

      const conflict = plan(['conflict'], { layout });
      const [other] = conflict.requests.filter((r) => r.fault?.kind === 'conflict');
      const first = conflict.requests.find((r) => r.seq === other!.seq && !r.fault)!;
      const a = chunk(first);
      const b = chunk(other!);
      expect(interpret(JSON.parse(other!.body)).valid).toBe(true);
      expect(b.inferenceSeqNum).toBe(a.inferenceSeqNum);
      expect(b.sleep).not.toEqual(a.sleep);
      expect(b.sleep.filter((v, i) => v !== a.sleep[i]).length).toBeLessThanOrEqual(3);
      expect(fingerprint(b)).not.toBe(fingerprint(a));
      expect(conflict.requests.indexOf(other!)).toBeGreaterThan(conflict.requests.indexOf(first));

      const reorder = plan(['reorder'], { layout });
      const held = reorder.requests.find((r) => r.fault?.kind === 'reorder')!;
      const seqs = reorder.requests.filter((r) => r.event === 'INFERENCE_COMPLETE').map((r) => r.seq!);
      const i = seqs.indexOf(held.seq!);
      expect(seqs[i - 1]).toBe(held.seq! + 1); // sent right after its successor
      expect([...seqs].sort((x, y) => x - y)).toEqual(cleanChunks.map((r) => r.seq));

      const drop = plan(['drop'], { layout });
      const dropped = drop.sessions[0]!.faults[0]!;
      expect(dropped.kind).toBe('drop');
      expect(drop.requests.map((r) => r.seq)).not.toContain(dropped.seq);
      expect(drop.requests).toHaveLength(clean.requests.length - 1);

      const invalid = plan(['invalid'], { layout });
      const slipped = invalid.requests.find((r) => r.fault?.kind === 'invalid')!;
      const verdict = interpret(JSON.parse(slipped.body));
      expect(verdict.valid).toBe(false);
      expect(verdict.detection.layout).toBe(layout);
      expect(verdict.issues.map((x) => x.path)).toEqual([slipped.fault!.path]);
      expect(slipped.fault!.path).toBe(layout === 'flat' ? 'inference_seq_num' : layout === 'v3' ? 'data.inference_seq_num' : 'callback_data.inference_seq_num');
      expect(invalid.requests).toHaveLength(clean.requests.length);

      const badkey = plan(['badkey'], { layout });
      const refused = badkey.requests.find((r) => r.fault?.kind === 'badkey')!;
      expect(refused.headers['x-api-key']).not.toBe(KEY);
      expect(refused.headers['x-api-key']).toMatch(/^wrong-key-/);
      expect(interpret(JSON.parse(refused.body)).valid).toBe(true);

      // SESSION_COMPLETE is never touched and stays last.
      for (const sim of [dup, conflict, reorder, drop, invalid, badkey]) {
        expect(sim.requests.at(-1)).toEqual(clean.requests.at(-1));
      }
    });
  }

  it('all faults at once: each on its own chunk, one of each per night', () => {
    const sim = plan([...FAULT_KINDS], { participants: 3, nights: 2 });
    for (const s of sim.sessions) {
      expect(s.faults.map((f) => f.kind)).toEqual([...FAULT_KINDS]);
      const touched = s.faults.map((f) => f.seq);
      // reorder uses two neighbours, the others one chunk each: all different
      expect(new Set(touched).size).toBe(touched.length);
    }
    expect(plan([...FAULT_KINDS], { participants: 3 })).toEqual(plan([...FAULT_KINDS], { participants: 3 }));
  });

  it('short nights: the visible faults first, dup and conflict share a chunk, the rest skipped with a reason', () => {
    const sim = plan([...FAULT_KINDS], { hours: 0.3, jitter: false, plan: 5 }); // 3 chunks
    const s = sim.sessions[0]!;
    expect(s.faults.map((f) => f.kind)).toEqual(['dup', 'conflict', 'invalid', 'badkey']);
    const seqOf = (kind: FaultKind) => s.faults.find((f) => f.kind === kind)!.seq;
    expect(seqOf('dup')).toBe(seqOf('conflict'));
    expect(s.skippedFaults).toEqual([
      { kind: 'reorder', reason: 'no two neighbouring chunks left to swap' },
      { kind: 'drop', reason: 'no chunk left for it' },
    ]);
    // The copies still come after their original.
    const original = sim.requests.findIndex((r) => r.seq === seqOf('dup') && !r.fault);
    const copies = sim.requests.flatMap((r, i) => (r.fault && (r.fault.kind === 'dup' || r.fault.kind === 'conflict') ? [i] : []));
    expect(copies).toHaveLength(2);
    expect(copies.every((i) => i > original)).toBe(true);
  });
});

describe('parseFaults', () => {
  it('reads a comma list, all and none; refuses unknown names clearly', () => {
    expect(parseFaults('dup,conflict,reorder,drop,invalid,badkey')).toEqual([...FAULT_KINDS]);
    expect(parseFaults('badkey, dup')).toEqual(['dup', 'badkey']);
    expect(parseFaults('all')).toEqual([...FAULT_KINDS]);
    expect(parseFaults('none')).toEqual([]);
    expect(parseFaults('')).toEqual([]);
    expect(() => parseFaults('dup,late')).toThrow('unknown fault "late" (known: dup, conflict, reorder, drop, invalid, badkey, or all / none)');
  });
});
