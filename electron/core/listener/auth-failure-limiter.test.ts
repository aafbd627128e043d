import { describe, expect, it } from 'vitest';
import { AuthFailureLimiter, DEFAULT_AUTH_FAILURE_LIMITS, type AuthFailureLimits } from './auth-failure-limiter';

function limiter(limits: Partial<AuthFailureLimits> = {}) {
  const clock = { now: 0 };
  const l = new AuthFailureLimiter({ ...DEFAULT_AUTH_FAILURE_LIMITS, ...limits }, () => clock.now);
  return { l, clock };
}

describe('AuthFailureLimiter', () => {
  it('allows 20 failures a minute, limits the 21st with a 60 s Retry-After', () => {
    const { l, clock } = limiter();
    for (let i = 1; i <= 20; i++) {
      expect(l.failed('a')).toEqual({ limited: false, failures: i });
      clock.now += 1_000;
    }
    expect(l.failed('a')).toEqual({ limited: true, failures: 21, retryAfterSec: 60, started: true });
  });

  it('counts a sliding minute: 20 failures spread over more than a minute never limit', () => {
    const { l, clock } = limiter();
    for (let i = 0; i < 100; i++) {
      expect(l.failed('a').limited).toBe(false);
      clock.now += 3_001; // 20 failures take just over 60 s
    }
  });

  it('gives the seconds left in the cool-down, rounded up, and ends it on time', () => {
    const { l, clock } = limiter();
    for (let i = 0; i < 21; i++) l.failed('a');
    clock.now += 12_300;
    expect(l.failed('a')).toMatchObject({ limited: true, retryAfterSec: 48, started: false });
    expect(l.coolDownLeft('a')).toBe(47_700);
    clock.now += 59_999 - 12_300;
    expect(l.failed('a')).toMatchObject({ limited: true, retryAfterSec: 1 });
    clock.now += 1;
    // Over: the failures during the cool-down were 2, within the minute, so this is the 3rd.
    expect(l.failed('a')).toEqual({ limited: false, failures: 3 });
    expect(l.coolDownLeft('a')).toBe(0);
  });

  it('limits again at once a sender that kept failing through its cool-down', () => {
    const { l, clock } = limiter();
    for (let i = 0; i < 21; i++) l.failed('a');
    for (let i = 0; i < 29; i++) {
      clock.now += 2_000;
      expect(l.failed('a')).toMatchObject({ limited: true, started: false });
    }
    clock.now = 60_000; // the first cool-down is over, but the last minute holds 29 failures
    expect(l.failed('a')).toMatchObject({ limited: true, started: true, retryAfterSec: 60 });
  });

  it('keeps senders apart', () => {
    const { l } = limiter({ maxFailures: 2 });
    l.failed('a');
    l.failed('a');
    expect(l.failed('a').limited).toBe(true);
    expect(l.failed('b')).toEqual({ limited: false, failures: 1 });
  });

  it('remembers at most maxAddresses senders, forgetting the one that failed longest ago', () => {
    const { l } = limiter({ maxFailures: 1, maxAddresses: 3 });
    for (const a of ['a', 'b', 'c']) l.failed(a);
    l.failed('a'); // a is now the most recent
    l.failed('d'); // b goes
    expect(l.size).toBe(3);
    expect(l.failed('a').limited).toBe(true); // a's failures were kept
    expect(l.failed('b')).toEqual({ limited: false, failures: 1 }); // b starts over
  });

  it('forgets senders whose failures left the window, so memory follows the active senders', () => {
    const { l, clock } = limiter();
    for (let i = 0; i < 1_000; i++) l.failed(`10.0.${i >> 8}.${i & 255}`);
    expect(l.size).toBe(1_000);
    clock.now += 60_001;
    l.failed('192.0.2.1');
    expect(l.size).toBe(1);
  });

  it('keeps a sender through its cool-down even when its failures left the window', () => {
    const { l, clock } = limiter({ maxFailures: 1, windowMs: 1_000, coolDownMs: 10_000 });
    l.failed('a');
    l.failed('a');
    clock.now += 5_000;
    l.failed('b');
    expect(l.coolDownLeft('a')).toBe(5_000);
  });
});
