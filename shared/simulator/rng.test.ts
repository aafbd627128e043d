import { describe, expect, it } from 'vitest';
import { parseSpeed } from './options';
import { createRng, mixSeed } from './rng';

describe('seeded generator', () => {
  it('repeats with the same seed and differs with another', () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const xs = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 100 }, () => c.next())).not.toEqual(xs);
  });

  it('is roughly uniform in [0, 1), and int() covers both ends', () => {
    const rng = createRng(123);
    const buckets = new Array<number>(10).fill(0);
    const n = 100_000;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const x = rng.next();
      if (!(x >= 0 && x < 1)) outside++;
      else buckets[Math.floor(x * 10)]!++;
    }
    expect(outside).toBe(0);
    for (const b of buckets) expect(Math.abs(b - n / 10)).toBeLessThan(n / 100);
    const ints = new Set(Array.from({ length: 1000 }, () => rng.int(1, 6)));
    expect([...ints].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('forks are stable whatever else was drawn, and independent of each other', () => {
    const a = createRng(5);
    a.next();
    a.next();
    expect(a.fork('night', 1).next()).toBe(createRng(5).fork('night', 1).next());
    expect(createRng(5).fork('night', 1).next()).not.toBe(createRng(5).fork('night', 2).next());
    expect(mixSeed('a', 1)).not.toBe(mixSeed('a1'));
  });

  it('shuffles without losing anything', () => {
    const rng = createRng(9);
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = rng.shuffled(items);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((x, y) => x - y)).toEqual(items);
  });
});

describe('parseSpeed', () => {
  it('reads realtime, xN, a bare factor and max', () => {
    expect(parseSpeed('realtime')).toBe(1);
    expect(parseSpeed('x60')).toBe(60);
    expect(parseSpeed('X600')).toBe(600);
    expect(parseSpeed('2.5')).toBe(2.5);
    expect(parseSpeed('max')).toBe('max');
    expect(parseSpeed('fast')).toBeNull();
    expect(parseSpeed('x0')).toBeNull();
    expect(parseSpeed('-3')).toBeNull();
  });
});
