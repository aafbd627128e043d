export interface AuthFailureLimits {
  /** More failed attempts than this from one sender within `windowMs` start a cool-down. */
  maxFailures: number;
  windowMs: number;
  /** How long failed attempts are answered 429 once the cool-down starts. */
  coolDownMs: number;
  /** Senders remembered at most; the ones that failed longest ago are forgotten first. */
  maxAddresses: number;
}

export const DEFAULT_AUTH_FAILURE_LIMITS: AuthFailureLimits = {
  maxFailures: 20,
  windowMs: 60_000,
  coolDownMs: 60_000,
  maxAddresses: 10_000,
};

export type FailureVerdict =
  /** Answer 401 as usual; `failures` counts this one and the others within the window. */
  | { limited: false; failures: number }
  /** Answer 429 with `Retry-After: retryAfterSec`; `started` = this attempt started the cool-down. */
  | { limited: true; failures: number; retryAfterSec: number; started: boolean };

interface Sender {
  /** When the newest failures happened, oldest first; never more than maxFailures + 1 kept. */
  times: number[];
  coolUntil: number;
}

/**
 * Counts failed API-key attempts per sender and says when to answer 429 instead of 401. It only
 * throttles failures: the listener still accepts a request with the right key during a cool-down,
 * because every request through the tunnel can share one address and losing a real Asleep event is
 * worse than letting a guesser keep guessing a long random key.
 *
 * A cool-down has a fixed end (attempts during it do not push it back), but those attempts are
 * counted, so a sender that kept failing through it is limited again at its next failure.
 * Memory is bounded: senders are kept in order of their last failure, the oldest are forgotten.
 */
export class AuthFailureLimiter {
  private readonly senders = new Map<string, Sender>();

  constructor(
    private readonly limits: AuthFailureLimits,
    private readonly now: () => number,
  ) {}

  /** Record a failed attempt from `address` and say how to answer it. */
  failed(address: string): FailureVerdict {
    const t = this.now();
    this.forgetExpired(t);
    let sender = this.senders.get(address);
    if (sender) this.senders.delete(address);
    else sender = { times: [], coolUntil: -Infinity };
    this.senders.set(address, sender);
    while (this.senders.size > this.limits.maxAddresses) this.senders.delete(this.senders.keys().next().value!);

    sender.times.push(t);
    if (sender.times.length > this.limits.maxFailures + 1) sender.times.shift();
    const failures = sender.times.filter((x) => x > t - this.limits.windowMs).length;
    if (t < sender.coolUntil) return { limited: true, failures, retryAfterSec: retryAfter(sender.coolUntil - t), started: false };
    if (failures > this.limits.maxFailures) {
      sender.coolUntil = t + this.limits.coolDownMs;
      return { limited: true, failures, retryAfterSec: retryAfter(this.limits.coolDownMs), started: true };
    }
    return { limited: false, failures };
  }

  /** Milliseconds left in `address`'s cool-down, 0 when it has none. */
  coolDownLeft(address: string): number {
    const sender = this.senders.get(address);
    return sender ? Math.max(0, sender.coolUntil - this.now()) : 0;
  }

  /** Senders currently remembered. */
  get size(): number {
    return this.senders.size;
  }

  /** Drop senders whose failures have all left the window and who are not cooling down (oldest first). */
  private forgetExpired(t: number): void {
    for (const [address, sender] of this.senders) {
      const newest = sender.times[sender.times.length - 1] ?? -Infinity;
      if (newest > t - this.limits.windowMs || sender.coolUntil > t) return;
      this.senders.delete(address);
    }
  }
}

/** Whole seconds, rounded up, at least 1: a sender waiting that long finds the cool-down over. */
function retryAfter(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
