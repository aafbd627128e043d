// Faults a misbehaving sender or network produces, injected into one session's traffic:
//   dup      the same chunk again, byte for byte (the console should say duplicate: 'same')
//   conflict the same inference_seq_num again with different stages (duplicate: 'conflict')
//   reorder  a chunk held back until after its successor (neighbours swapped)
//   drop     a chunk never sent (SESSION_COMPLETE still carries the whole night)
//   invalid  a chunk sent once, with a type slip: inference_seq_num as a string (valid: false)
//   badkey   a chunk sent once, with a wrong x-api-key (answered 401)
// Only INFERENCE_COMPLETE chunks are touched, each by one fault (dup and conflict may share one when
// chunks are scarce), so the final timeline is always the SESSION_COMPLETE one. Faults that find no
// chunk (very short nights) are skipped and reported.
import type { Layout } from '../asleep/model';
import { wrongKey } from './ids';
import type { Rng } from './rng';

export const FAULT_KINDS = ['dup', 'conflict', 'reorder', 'drop', 'invalid', 'badkey'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const FAULT_DESCRIPTIONS: Readonly<Record<FaultKind, string>> = {
  dup: 'a chunk sent twice, identical',
  conflict: 'a chunk sent again with different stages',
  reorder: 'a chunk sent after the next one',
  drop: 'a chunk never sent',
  invalid: 'a chunk with inference_seq_num as a string',
  badkey: 'a chunk with a wrong x-api-key',
};

/** The fault a planned request carries (absent on ordinary requests). */
export interface PlannedFault {
  kind: FaultKind;
  /** What was done, in words. */
  note: string;
  /** `invalid`: the dotted path of the slipped field, as the console reports it. */
  path?: string;
}

/** The part of a planned request that faults read and change. */
export interface FaultableRequest {
  event: 'INFERENCE_COMPLETE' | 'SESSION_COMPLETE';
  seq: number | null;
  at: number;
  headers: Record<string, string>;
  body: string;
  fault: PlannedFault | null;
}

export interface InjectedFault {
  kind: FaultKind;
  /** inference_seq_num of the chunk it concerns. */
  seq: number;
  note: string;
  path?: string;
}

export interface FaultOutcome<R extends FaultableRequest> {
  /** The session's requests after the faults, in sending order (`at`); dropped ones are gone. */
  requests: R[];
  injected: InjectedFault[];
  skipped: { kind: FaultKind; reason: string }[];
}

/** Where a chunk's fields live: `data` (V3), `callback_data` (V1/V2), or top level (flat). */
export function chunkContainerKey(layout: Layout): 'data' | 'callback_data' | null {
  return layout === 'v3' ? 'data' : layout === 'flat' ? null : 'callback_data';
}

export function stageArrayKey(layout: Layout): 'sleep_stages' | 'stage_list' {
  return layout === 'v1' || layout === 'v2' ? 'stage_list' : 'sleep_stages';
}

function container(body: Record<string, unknown>, layout: Layout): Record<string, unknown> {
  const key = chunkContainerKey(layout);
  return key === null ? body : (body[key] as Record<string, unknown>);
}

function edit(body: string, layout: Layout, change: (c: Record<string, unknown>) => void): string {
  const parsed = JSON.parse(body) as Record<string, unknown>;
  change(container(parsed, layout));
  return JSON.stringify(parsed);
}

/** Changes 1-3 known epochs of a stage array to another valid stage of the plan. */
function alterStages(stages: number[], stagesInPlan: 2 | 4, rng: Rng): number {
  const known = stages.map((s, i) => (s === -1 ? -1 : i)).filter((i) => i >= 0);
  if (known.length === 0) {
    stages[0] = 0; // every epoch unknown: any known value is different content
    return 1;
  }
  const count = Math.min(known.length, rng.int(1, 3));
  for (const i of rng.shuffled(known).slice(0, count)) {
    const s = stages[i] as number;
    stages[i] = stagesInPlan === 2 ? 1 - s : s === 1 ? 2 : 1;
  }
  return count;
}

/**
 * Injects one of each fault in `kinds` into one session's requests (sorted by `at`).
 * `stagesInPlan` keeps a conflicting chunk's stages valid for the plan.
 */
export function injectFaults<R extends FaultableRequest>(
  requests: readonly R[],
  kinds: readonly FaultKind[],
  context: { layout: Layout; stages: 2 | 4; rng: Rng },
): FaultOutcome<R> {
  const { layout, rng } = context;
  const out: R[] = requests.map((r) => ({ ...r, headers: { ...r.headers } }));
  const chunks = out.map((r, i) => (r.event === 'INFERENCE_COMPLETE' ? i : -1)).filter((i) => i >= 0);
  const used = new Set<number>();
  const injected: InjectedFault[] = [];
  const skipped: { kind: FaultKind; reason: string }[] = [];
  const dropped = new Set<number>();
  const extra: R[] = [];
  // With enough chunks every fault gets its own, reorder (two neighbours) chosen first. When chunks are
  // scarce the faults that show up as a flag in the console go first, and dup and conflict (which
  // only add a copy after the original) may share one chunk.
  const need = kinds.reduce((n, k) => n + (k === 'reorder' ? 2 : 1), 0);
  const priority: readonly FaultKind[] =
    chunks.length >= need
      ? ['reorder', 'drop', 'invalid', 'badkey', 'dup', 'conflict']
      : ['invalid', 'badkey', 'dup', 'conflict', 'drop', 'reorder'];
  const wanted = priority.filter((k) => kinds.includes(k)); // fixed order: same seed, same faults
  const copiedOnly = new Set<number>(); // chunks used only by dup/conflict so far

  const take = (kind: FaultKind): number | null => {
    const free = chunks.filter((i) => !used.has(i));
    const copies = kind === 'dup' || kind === 'conflict';
    const pool = free.length > 0 ? free : copies ? [...copiedOnly] : [];
    if (pool.length === 0) return null;
    const i = rng.pick(pool);
    used.add(i);
    if (copies) copiedOnly.add(i);
    return i;
  };
  const seqOf = (i: number): number => out[i]?.seq ?? -1;

  for (const kind of wanted) {
    if (kind === 'reorder') {
      const pairs = chunks.filter((i, n) => {
        const next = chunks[n + 1];
        return next === i + 1 && !used.has(i) && !used.has(next);
      });
      if (pairs.length === 0) {
        skipped.push({ kind, reason: 'no two neighbouring chunks left to swap' });
        continue;
      }
      const i = rng.pick(pairs);
      used.add(i).add(i + 1);
      const held = out[i] as R;
      const next = out[i + 1] as R;
      const note = `seq ${seqOf(i)} held back until after seq ${seqOf(i + 1)}`;
      out[i] = { ...held, at: next.at + rng.int(500, 3000), fault: { kind, note } };
      injected.push({ kind, seq: seqOf(i), note });
      continue;
    }
    const i = take(kind);
    if (i === null) {
      skipped.push({ kind, reason: 'no chunk left for it' });
      continue;
    }
    const original = out[i] as R;
    const seq = seqOf(i);
    switch (kind) {
      case 'dup': {
        const note = `seq ${seq} sent again, identical`;
        extra.push({ ...original, headers: { ...original.headers }, at: original.at + rng.int(500, 3000), fault: { kind, note } });
        injected.push({ kind, seq, note });
        break;
      }
      case 'conflict': {
        let changed = 0;
        const body = edit(original.body, layout, (c) => {
          changed = alterStages(c[stageArrayKey(layout)] as number[], context.stages, rng);
        });
        const note = `seq ${seq} sent again with ${changed} epoch${changed === 1 ? '' : 's'} changed`;
        extra.push({ ...original, headers: { ...original.headers }, at: original.at + rng.int(1000, 5000), body, fault: { kind, note } });
        injected.push({ kind, seq, note });
        break;
      }
      case 'drop': {
        dropped.add(i);
        injected.push({ kind, seq, note: `seq ${seq} never sent` });
        break;
      }
      case 'invalid': {
        const key = chunkContainerKey(layout);
        const path = key === null ? 'inference_seq_num' : `${key}.inference_seq_num`;
        const body = edit(original.body, layout, (c) => {
          c['inference_seq_num'] = String(c['inference_seq_num']);
        });
        const note = `seq ${seq} sent with inference_seq_num as a string`;
        out[i] = { ...original, body, fault: { kind, note, path } };
        injected.push({ kind, seq, note, path });
        break;
      }
      case 'badkey': {
        const note = `seq ${seq} sent with a wrong x-api-key`;
        out[i] = { ...original, headers: { ...original.headers, 'x-api-key': wrongKey(rng) }, fault: { kind, note } };
        injected.push({ kind, seq, note });
        break;
      }
    }
  }
  injected.sort((a, b) => FAULT_KINDS.indexOf(a.kind) - FAULT_KINDS.indexOf(b.kind));
  skipped.sort((a, b) => FAULT_KINDS.indexOf(a.kind) - FAULT_KINDS.indexOf(b.kind));
  const kept = [...out.filter((_, i) => !dropped.has(i)), ...extra];
  // Stable: equal times keep the order above (an original before its copy).
  kept.sort((a, b) => a.at - b.at);
  return { requests: kept, injected, skipped };
}
