import { describe, expect, it } from 'vitest';
import { KeyFilter } from './key-filter';

const nightKey = (i: number) => `G-20240519213928-${i.toString(36).padStart(20, 'x')}\u000020250506221755_${(i * 7919).toString(36)}`;

describe('KeyFilter', () => {
  it('never says no to a key it holds', () => {
    const keys = Array.from({ length: 2_000 }, (_, i) => nightKey(i));
    const filter = KeyFilter.of(keys);
    for (const k of keys) expect(filter.mightHave(k)).toBe(true);
  });

  it('says yes to about 1 % of keys it does not hold, from about 1.2 bytes per key', () => {
    const filter = KeyFilter.of(Array.from({ length: 500 }, (_, i) => nightKey(i)));
    let yes = 0;
    const tries = 50_000;
    for (let i = 0; i < tries; i++) if (filter.mightHave(nightKey(1_000_000 + i))) yes++;
    expect(yes / tries).toBeLessThan(0.025);
    expect(filter.byteLength).toBeLessThanOrEqual(Math.ceil((500 * 9.6) / 8) + 1);
  });

  it('holds nothing when empty, and one key when given one', () => {
    expect(KeyFilter.of([]).mightHave('a')).toBe(false);
    const one = KeyFilter.of(['u1\u0000s1']);
    expect(one.mightHave('u1\u0000s1')).toBe(true);
    expect(one.mightHave('u1\u0000s2')).toBe(false);
  });
});
