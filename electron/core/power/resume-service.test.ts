import { describe, expect, it } from 'vitest';
import { ResumeService, type ResumeTargets } from './resume-service';

function targets(log: string[]): ResumeTargets {
  return {
    probeTunnel: () => (log.push('probe'), 'probing'),
    recomputeSessions: () => (log.push('sessions'), 2),
    statusChanged: () => void log.push('status'),
  };
}

describe('ResumeService', () => {
  it('probes the tunnel, recomputes sessions and pushes the status; a second call within 2 s does nothing', () => {
    const log: string[] = [];
    let now = 1_000_000;
    const service = new ResumeService(targets(log), () => now);
    expect(service.resumed('resume')).toEqual({ reason: 'resume', at: new Date(1_000_000).toISOString(), tunnel: 'probing', sessionsChanged: 2 });
    now += 500;
    expect(service.resumed('unlock-screen')).toMatchObject({ reason: 'unlock-screen', tunnel: 'skipped', sessionsChanged: 0 });
    expect(log).toEqual(['probe', 'sessions', 'status']);
    now += 5_000;
    service.resumed('unlock-screen');
    expect(log).toHaveLength(6);
    expect(service.last()?.reason).toBe('unlock-screen');
  });

  it('notices a sleep by itself: a timer tick arriving long after it was due (the wall clock jumped)', async () => {
    const log: string[] = [];
    let now = 5_000_000;
    const service = new ResumeService(targets(log), () => now);
    service.watchClock(20);
    try {
      await new Promise((r) => setTimeout(r, 70));
      expect(log).toEqual([]); // ticks on time: no sleep
      now += 45 * 60_000; // 45 minutes asleep
      await new Promise((r) => setTimeout(r, 70));
      expect(log).toEqual(['probe', 'sessions', 'status']);
      expect(service.last()?.reason).toBe('clock-jump');
    } finally {
      service.stop();
    }
  });
});
