// Session details for the export tests (not shipped: only *.test.ts import this).
import type { SessionDetail } from '../session';
import { computeStat } from '../stats/compute';

export function detail(over: Partial<SessionDetail> = {}): SessionDetail {
  const sleep = over.epochs?.sleep ?? [0, 0, 1, 2, 2, 3, 3, 0, 1, null, 1, 0];
  const startTime = over.startTime === undefined ? '2025-01-15T13:50:00+00:00' : over.startTime;
  const endTime = over.endTime === undefined && startTime ? new Date(Date.parse(startTime) + sleep.length * 30_000).toISOString() : (over.endTime ?? null);
  const epochs = over.epochs ?? { sleep, snoring: sleep.map((v) => (v === 2 ? 1 : v === null ? null : 0)), breath: [] };
  return {
    userId: 'G-user',
    sessionId: '20250115135000_abcde',
    state: 'complete',
    chunkMinutes: null,
    startTime,
    startTimeSource: 'report',
    endTime,
    timezone: 'Asia/Seoul',
    firstEventAt: '2025-01-15T13:55:00.000Z',
    lastEventAt: '2025-01-15T14:00:00.000Z',
    lastChunkAt: '2025-01-15T13:59:00.000Z',
    epochCount: sleep.filter((v) => v !== null).length,
    chunkCount: 2,
    duplicateCount: 0,
    conflictCount: 0,
    layout: 'v3',
    version: 'V3',
    peculiarities: [],
    epochs,
    live: epochs,
    final: epochs,
    serverStat: null,
    statUnits: null,
    computedStat: computeStat({ sleep, snoring: epochs.snoring, startTime, endTime }),
    discrepancies: [],
    missingDataRatio: 0,
    chunks: [{ inferenceSeqNum: 0, firstEpoch: 0, length: 10, captureId: 'c1', receivedAt: '2025-01-15T13:55:00.000Z' }],
    conflicts: [],
    completeCaptureId: 'c3',
    warnings: [],
    ...over,
  };
}
