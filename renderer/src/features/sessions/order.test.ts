import { describe, expect, it } from 'vitest';
import type { SessionSummary } from '../../../../shared/session';
import { countByState, effectiveState, sortSessions } from './order';

const NOW = Date.parse('2025-01-15T03:00:00Z');
const ago = (min: number) => new Date(NOW - min * 60_000).toISOString();

function session(id: string, state: SessionSummary['state'], lastMin: number): SessionSummary {
  return {
    userId: `u-${id}`,
    sessionId: id,
    state,
    startTime: null,
    startTimeSource: null,
    endTime: null,
    timezone: null,
    firstEventAt: ago(lastMin + 60),
    lastEventAt: ago(lastMin),
    lastChunkAt: ago(lastMin),
    chunkMinutes: 5,
    epochCount: 10,
    chunkCount: 1,
    duplicateCount: 0,
    conflictCount: 0,
    layout: 'v3',
    version: 'V3',
    peculiarities: [],
  };
}

describe('sessions order', () => {
  it('shows a quiet live session as stale after the threshold', () => {
    expect(effectiveState(session('a', 'live', 3), NOW, 15)).toBe('live');
    expect(effectiveState(session('a', 'live', 16), NOW, 15)).toBe('stale');
    expect(effectiveState(session('a', 'complete', 600), NOW, 15)).toBe('complete');
  });

  it('puts live first, then stale, then complete, newest first', () => {
    const items = [
      session('done-old', 'complete', 300),
      session('stale', 'stale', 40),
      session('live-old', 'live', 10),
      session('done-new', 'complete', 5),
      session('live-new', 'live', 1),
      session('quiet', 'live', 20),
    ];
    expect(sortSessions(items, NOW, 15).map((s) => s.sessionId)).toEqual([
      'live-new',
      'live-old',
      'quiet',
      'stale',
      'done-new',
      'done-old',
    ]);
    expect(countByState(items, NOW, 15)).toEqual({ live: 2, stale: 2, complete: 2 });
  });
});
