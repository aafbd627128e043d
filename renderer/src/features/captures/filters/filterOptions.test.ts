import { describe, expect, it } from 'vitest';
import type { SessionSummary } from '../../../../../shared/session';
import { activeFilterCount, eventOptions, participantOptions, sessionOptions, sessionUser, withParticipant } from './filterOptions';

const session = (userId: string, sessionId: string, lastEventAt: string): SessionSummary =>
  ({ userId, sessionId, lastEventAt, startTime: null, timezone: null }) as SessionSummary;

describe('filter bar options', () => {
  it('events: the known ones, then others seen, then the current one', () => {
    const seen = [{ event: 'SESSION_COMPLETE' }, { event: 'ZZ_TEST' }, { event: null }, { event: 'AA_TEST' }];
    expect(eventOptions(seen, undefined)).toEqual(['INFERENCE_COMPLETE', 'SESSION_COMPLETE', 'AA_TEST', 'ZZ_TEST']);
    expect(eventOptions([], 'TYPO_EVENT')).toEqual(['INFERENCE_COMPLETE', 'SESSION_COMPLETE', 'TYPO_EVENT']);
    expect(eventOptions(seen, undefined, 2)).toEqual(['INFERENCE_COMPLETE', 'SESSION_COMPLETE', 'ZZ_TEST']);
  });

  it('participants once each, sessions newest first and of the chosen participant', () => {
    const all = [session('G-b', 's1', '2025-01-01T00:00:00Z'), session('G-a', 's2', '2025-01-03T00:00:00Z'), session('G-b', 's3', '2025-01-02T00:00:00Z')];
    expect(participantOptions(all)).toEqual(['G-a', 'G-b']);
    expect(sessionOptions(all, undefined).map((o) => o.value)).toEqual(['G-a/s2', 'G-b/s3', 'G-b/s1']);
    expect(sessionOptions(all, 'G-b').map((o) => o.value)).toEqual(['G-b/s3', 'G-b/s1']);
    expect(sessionOptions(all, undefined, 1)).toHaveLength(1);
  });

  it('a participant change drops a session of someone else', () => {
    expect(sessionUser('G-a/s1')).toBe('G-a');
    expect(sessionUser('s1')).toBeNull();
    expect(withParticipant({ session: 'G-a/s1' }, 'G-b')).toEqual({ user: 'G-b', session: undefined });
    expect(withParticipant({ session: 'G-a/s1' }, 'G-a')).toEqual({ user: 'G-a', session: 'G-a/s1' });
    expect(withParticipant({ session: 's1' }, 'G-b')).toEqual({ user: 'G-b', session: 's1' });
    expect(withParticipant({ user: 'G-a', session: 'G-a/s1' }, undefined)).toEqual({ user: undefined, session: 'G-a/s1' });
  });

  it('counts the filters that are on', () => {
    expect(activeFilterCount({})).toBe(0);
    expect(activeFilterCount({ status: '4xx', q: 'x', user: undefined })).toBe(2);
    expect(activeFilterCount({ from: '2025-01-01T00:00:00Z', to: '2025-01-02T00:00:00Z', valid: false })).toBe(3);
  });
});
