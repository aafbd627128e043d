import { DEFAULT_AUTH_FAILURE_LIMITS, type AuthFailureLimits } from './auth-failure-limiter';

/**
 * What the webhook port tolerates from one connection or sender. Asleep sends small JSON bodies with
 * a few hundred bytes of headers in one go, so these are generous for it and short for a client that
 * holds a connection without finishing its request.
 */
export interface ListenerLimits {
  /** The request line and headers must arrive within this (Node's `headersTimeout`); also closes connections that never send anything. */
  headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this (Node's `requestTimeout`). */
  requestTimeoutMs: number;
  /** An idle kept-alive connection is closed after this (Node's `keepAliveTimeout`). */
  keepAliveTimeoutMs: number;
  /** How often Node checks the two time-outs above (its default, 30 s, would let a slow client overstay by that much). */
  checkIntervalMs: number;
  /** Larger request headers are answered 431 (Node's `maxHeaderSize`). */
  maxHeaderBytes: number;
  /** Open connections at most; at the cap the most idle one makes room (see connection-table.ts). */
  maxConnections: number;
  /** Failed API-key attempts per sender before failures are answered 429. */
  authFailures: AuthFailureLimits;
  /** Clock for the API-key limiter, in milliseconds (monotonic; tests inject their own). */
  now: () => number;
}

/** Test-only overrides (and the shape CoreOptions accepts). */
export type ListenerLimitsInput = Partial<Omit<ListenerLimits, 'authFailures'>> & { authFailures?: Partial<AuthFailureLimits> };

export const DEFAULT_LISTENER_LIMITS: ListenerLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  checkIntervalMs: 1_000,
  maxHeaderBytes: 16 * 1024,
  maxConnections: 256,
  authFailures: DEFAULT_AUTH_FAILURE_LIMITS,
  now: () => performance.now(),
};

/** Defaults with overrides applied; throws on a combination Node would refuse or that cannot work. */
export function resolveListenerLimits(input: ListenerLimitsInput = {}): ListenerLimits {
  const limits: ListenerLimits = {
    ...DEFAULT_LISTENER_LIMITS,
    ...input,
    authFailures: { ...DEFAULT_AUTH_FAILURE_LIMITS, ...input.authFailures },
  };
  const positive: [string, number][] = [
    ['headersTimeoutMs', limits.headersTimeoutMs],
    ['requestTimeoutMs', limits.requestTimeoutMs],
    ['keepAliveTimeoutMs', limits.keepAliveTimeoutMs],
    ['checkIntervalMs', limits.checkIntervalMs],
    ['maxHeaderBytes', limits.maxHeaderBytes],
    ['maxConnections', limits.maxConnections],
    ['authFailures.maxFailures', limits.authFailures.maxFailures],
    ['authFailures.windowMs', limits.authFailures.windowMs],
    ['authFailures.coolDownMs', limits.authFailures.coolDownMs],
    ['authFailures.maxAddresses', limits.authFailures.maxAddresses],
  ];
  for (const [name, value] of positive) {
    if (!Number.isInteger(value) || value <= 0) throw new RangeError(`Listener limit ${name} must be a whole number above 0, got ${value}.`);
  }
  // Node refuses a headers time-out longer than the request time-out.
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new RangeError(`headersTimeoutMs (${limits.headersTimeoutMs}) cannot be longer than requestTimeoutMs (${limits.requestTimeoutMs}).`);
  }
  return limits;
}

/** "10 s", "0.3 s": time-outs as the reasons in captures state them. */
export function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : Number(s.toFixed(2))} s`;
}

/** "16 KiB (16384 bytes)". */
export function kib(bytes: number): string {
  const k = bytes / 1024;
  return `${Number.isInteger(k) ? k : k.toFixed(1)} KiB (${bytes} bytes)`;
}
