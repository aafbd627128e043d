import { describe, expect, it } from 'vitest';
import { appendOlder, countNewer, mergeNewestFirst } from './listMerge';

const c = (seq: number, tag = '') => ({ id: `c${seq}`, seq, tag });
const seqs = (list: { seq: number }[]) => list.map((x) => x.seq);

describe('captures list merging', () => {
  it('merges newer, older and interleaved captures, newest first', () => {
    const current = [c(9), c(7), c(5), c(3)];
    expect(seqs(mergeNewestFirst(current, [c(11), c(10)], 100))).toEqual([11, 10, 9, 7, 5, 3]);
    expect(seqs(mergeNewestFirst(current, [c(4), c(8), c(1)], 100))).toEqual([9, 8, 7, 5, 4, 3, 1]);
    expect(seqs(mergeNewestFirst([], [c(2), c(6), c(4)], 100))).toEqual([6, 4, 2]);
  });

  it('replaces a capture it already has (same id) and never duplicates it', () => {
    const merged = mergeNewestFirst([c(9), c(7, 'old'), c(5)], [c(7, 'new'), c(7, 'newer')], 100);
    expect(seqs(merged)).toEqual([9, 7, 5]);
    expect(merged[1]!.tag).toBe('newer');
  });

  it('keeps at most max, dropping the oldest', () => {
    expect(seqs(mergeNewestFirst([c(9), c(7), c(5)], [c(10)], 3))).toEqual([10, 9, 7]);
    expect(seqs(mergeNewestFirst([c(9), c(7), c(5)], [], 2))).toEqual([9, 7]);
  });

  it('appends an older page, ignoring anything not older than what it has', () => {
    expect(seqs(appendOlder([c(9), c(7)], [c(5), c(7), c(8), c(2)], 100))).toEqual([9, 7, 5, 2]);
    expect(seqs(appendOlder([], [c(2), c(5)], 100))).toEqual([5, 2]);
    expect(seqs(appendOlder([c(9)], [c(5), c(3)], 2))).toEqual([9, 5]);
  });

  it('counts what arrived above the newest capture the user has seen', () => {
    const items = [c(12), c(11), c(10), c(8)];
    expect(countNewer(items, 10)).toBe(2);
    expect(countNewer(items, 12)).toBe(0);
    expect(countNewer(items, null)).toBe(0);
    expect(countNewer(items, 1)).toBe(4);
    expect(countNewer([], 5)).toBe(0);
  });
});
