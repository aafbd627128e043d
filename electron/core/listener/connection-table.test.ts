import { describe, expect, it } from 'vitest';
import { ConnectionTable } from './connection-table';

const nothingPending = () => false;

describe('ConnectionTable', () => {
  it('admits up to the cap', () => {
    const t = new ConnectionTable<string>(2);
    expect(t.open('a', nothingPending)).toEqual({ kind: 'admit' });
    expect(t.open('b', nothingPending)).toEqual({ kind: 'admit' });
    expect(t.size).toBe(2);
  });

  it('at the cap, closes the oldest connection without a request to admit a new one', () => {
    const t = new ConnectionTable<string>(3);
    for (const k of ['a', 'b', 'c']) t.open(k, nothingPending);
    expect(t.open('d', nothingPending)).toEqual({ kind: 'evict', victim: 'a', why: 'idle' });
    expect(t.open('e', nothingPending)).toEqual({ kind: 'evict', victim: 'b', why: 'idle' });
    expect([t.has('a'), t.has('b'), t.has('c'), t.has('d'), t.has('e')]).toEqual([false, false, true, true, true]);
    expect(t.size).toBe(3);
  });

  it('closes an idle kept-alive connection first, the one idle longest', () => {
    const t = new ConnectionTable<string>(4);
    for (const k of ['fresh', 'k1', 'k2', 'busy']) t.open(k, nothingPending);
    t.requestStarted('k2');
    t.requestEnded('k2');
    t.requestStarted('k1');
    t.requestEnded('k1'); // k2 has been idle longer
    t.requestStarted('busy');
    expect(t.open('new', nothingPending)).toEqual({ kind: 'evict', victim: 'k2', why: 'kept-alive' });
    expect(t.open('new2', nothingPending)).toEqual({ kind: 'evict', victim: 'k1', why: 'kept-alive' });
    expect(t.open('new3', nothingPending)).toEqual({ kind: 'evict', victim: 'fresh', why: 'idle' });
  });

  it('treats a kept-alive connection with part of a next request as merely idle', () => {
    const t = new ConnectionTable<string>(2);
    t.open('old', nothingPending);
    t.open('kept', nothingPending);
    t.requestStarted('kept');
    t.requestEnded('kept');
    expect(t.open('new', (k) => k === 'kept')).toEqual({ kind: 'evict', victim: 'old', why: 'idle' });
  });

  it('never cuts a connection whose request is under way: refuses the newcomer instead', () => {
    const t = new ConnectionTable<string>(2);
    for (const k of ['a', 'b']) {
      t.open(k, nothingPending);
      t.requestStarted(k);
    }
    expect(t.open('c', nothingPending)).toEqual({ kind: 'refuse' });
    expect(t.has('c')).toBe(false);
    t.requestEnded('a');
    expect(t.open('c', nothingPending)).toEqual({ kind: 'evict', victim: 'a', why: 'kept-alive' });
  });

  it('frees a slot when a connection closes', () => {
    const t = new ConnectionTable<string>(1);
    t.open('a', nothingPending);
    t.requestStarted('a');
    t.closed('a');
    expect(t.open('b', nothingPending)).toEqual({ kind: 'admit' });
  });
});
