import { describe, expect, it } from 'vitest';
import { DEFAULT_LISTENER_LIMITS, kib, resolveListenerLimits, seconds } from './listener-limits';

describe('resolveListenerLimits', () => {
  it('gives the defaults the README documents', () => {
    const l = resolveListenerLimits();
    expect(l).toMatchObject({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 5_000,
      checkIntervalMs: 1_000,
      maxHeaderBytes: 16_384,
      maxConnections: 256,
      authFailures: { maxFailures: 20, windowMs: 60_000, coolDownMs: 60_000, maxAddresses: 10_000 },
    });
    expect(l.now).toBe(DEFAULT_LISTENER_LIMITS.now);
  });

  it('applies overrides, nested ones included', () => {
    const now = () => 5;
    const l = resolveListenerLimits({ headersTimeoutMs: 100, requestTimeoutMs: 200, now, authFailures: { maxFailures: 3 } });
    expect(l).toMatchObject({ headersTimeoutMs: 100, requestTimeoutMs: 200, keepAliveTimeoutMs: 5_000, now, authFailures: { maxFailures: 3, windowMs: 60_000 } });
  });

  it('refuses values that cannot work', () => {
    expect(() => resolveListenerLimits({ maxConnections: 0 })).toThrow('maxConnections must be a whole number above 0');
    expect(() => resolveListenerLimits({ authFailures: { windowMs: 1.5 } })).toThrow('authFailures.windowMs');
    expect(() => resolveListenerLimits({ headersTimeoutMs: 40_000 })).toThrow('cannot be longer than requestTimeoutMs');
  });
});

describe('wording', () => {
  it('states seconds and KiB plainly', () => {
    expect([seconds(10_000), seconds(300), seconds(650), seconds(1_234)]).toEqual(['10 s', '0.3 s', '0.65 s', '1.23 s']);
    expect([kib(16_384), kib(1_536)]).toEqual(['16 KiB (16384 bytes)', '1.5 KiB (1536 bytes)']);
  });
});
