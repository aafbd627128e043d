import { describe, expect, it } from 'vitest';
import type { InferenceChunk } from '../../../../shared/asleep/model';
import type { ReplayCapture } from '../../../../shared/contract';
import { delayBefore, detailAfter } from './replayModel';

const chunk = (n: number): InferenceChunk => ({
  kind: 'inference',
  userId: 'u1',
  sessionId: 's1',
  seqNum: null,
  inferenceSeqNum: n,
  sleep: Array.from({ length: 10 }, (_, i) => (i + n) % 4),
  snoring: null,
  breath: null,
  firstEpoch: 10 * n,
  timeWindow: null,
  timestamp: null,
});

const capture = (seq: number, n: number, minute: number, duplicate: ReplayCapture['duplicate'] = 'no'): ReplayCapture => ({
  id: `c${seq}`,
  seq,
  receivedAt: new Date(Date.UTC(2025, 0, 15, 3, minute)).toISOString(),
  event: 'INFERENCE_COMPLETE',
  layout: 'v3',
  version: 'V3',
  valid: true,
  duplicate,
  duplicateOf: duplicate === 'no' ? null : 'c1',
  warnings: 0,
  normalized: chunk(n),
});

const captures = [capture(1, 0, 0), capture(2, 1, 5), capture(3, 1, 6, 'same'), capture(4, 2, 10)];

describe('replay model', () => {
  it('rebuilds the session after each capture', () => {
    const at = (k: number) => detailAfter('u1', 's1', captures, k);
    expect(at(1)).toMatchObject({ epochCount: 10, chunkCount: 1, duplicateCount: 0 });
    expect(at(2)).toMatchObject({ epochCount: 20, chunkCount: 2 });
    expect(at(3)).toMatchObject({ epochCount: 20, chunkCount: 2, duplicateCount: 1 });
    expect(at(4)).toMatchObject({ epochCount: 30, chunkCount: 3, duplicateCount: 1, conflictCount: 0 });
    expect(at(4).epochs.sleep).toHaveLength(30);
    expect(at(1).lastEventAt).toBe(captures[0]!.receivedAt);
  });

  it('waits the original spacing, scaled', () => {
    expect(delayBefore(captures, 1, 1)).toBe(5 * 60_000);
    expect(delayBefore(captures, 1, 100)).toBe(3_000);
    expect(delayBefore(captures, 1, 'max')).toBe(0);
    expect(delayBefore(captures, 0, 1)).toBe(0);
  });
});
