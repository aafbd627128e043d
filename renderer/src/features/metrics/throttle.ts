// At most one run per interval: the first call runs at once, calls during the wait fold into one run
// at its end (so the last change is never lost). For live refreshes driven by bursts of events.
export interface Throttled {
  (): void;
  cancel(): void;
}

export function throttle(run: () => void, intervalMs: number, clock: { now(): number; set(fn: () => void, ms: number): unknown; clear(t: unknown): void } = defaultClock): Throttled {
  let last = -Infinity;
  let timer: unknown = null;
  const fire = () => {
    timer = null;
    last = clock.now();
    run();
  };
  const throttled = (() => {
    if (timer !== null) return;
    const wait = last + intervalMs - clock.now();
    if (wait <= 0) fire();
    else timer = clock.set(fire, wait);
  }) as Throttled;
  throttled.cancel = () => {
    if (timer !== null) clock.clear(timer);
    timer = null;
  };
  return throttled;
}

const defaultClock = {
  now: () => Date.now(),
  set: (fn: () => void, ms: number) => setTimeout(fn, ms),
  clear: (t: unknown) => clearTimeout(t as ReturnType<typeof setTimeout>),
};
