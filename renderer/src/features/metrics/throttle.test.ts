import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttle } from './throttle';

describe('throttle', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs at once, then at most once per interval, and never drops the last call', () => {
    const run = vi.fn();
    const t = throttle(run, 2000);
    t();
    expect(run).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 50; i++) {
      vi.advanceTimersByTime(10);
      t();
    }
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1500);
    expect(run).toHaveBeenCalledTimes(2); // the burst folded into one run, 2 s after the first
    vi.advanceTimersByTime(5000);
    expect(run).toHaveBeenCalledTimes(2);
    t();
    expect(run).toHaveBeenCalledTimes(3); // quiet for longer than the interval: immediately
  });

  it('cancel drops a pending run', () => {
    const run = vi.fn();
    const t = throttle(run, 1000);
    t();
    t();
    t.cancel();
    vi.advanceTimersByTime(5000);
    expect(run).toHaveBeenCalledTimes(1);
  });
});
