import { describe, expect, it } from 'vitest';
import { diffLines, splitLines, type DiffLine } from './text-diff';

const ops = (d: DiffLine[]) => d.map((l) => `${l.op === 'same' ? ' ' : l.op === 'added' ? '+' : '-'}${l.text}`);

describe('diffLines', () => {
  it.each([
    { name: 'identical', a: 'a\nb\nc\n', b: 'a\nb\nc\n', want: [' a', ' b', ' c'] },
    { name: 'both empty', a: '', b: '', want: [] },
    { name: 'all added', a: '', b: 'x\ny', want: ['+x', '+y'] },
    { name: 'all removed', a: 'x\ny', b: '', want: ['-x', '-y'] },
    { name: 'one changed line', a: 'a\nb\nc', b: 'a\nB\nc', want: [' a', '-b', '+B', ' c'] },
    { name: 'insert in middle', a: 'a\nc', b: 'a\nb\nc', want: [' a', '+b', ' c'] },
    { name: 'delete at start', a: 'a\nb\nc', b: 'b\nc', want: ['-a', ' b', ' c'] },
    {
      name: 'classic ABCABBA → CBABAC (edit distance 5)',
      a: 'A\nB\nC\nA\nB\nB\nA',
      b: 'C\nB\nA\nB\nA\nC',
      want: null,
    },
  ])('$name', ({ a, b, want }) => {
    const d = diffLines(a, b);
    if (want) expect(ops(d)).toEqual(want);
    // Always: the old side replays to `a`, the new side to `b`, and edits are minimal-ish.
    expect(d.filter((l) => l.op !== 'added').map((l) => l.text)).toEqual(splitLines(a));
    expect(d.filter((l) => l.op !== 'removed').map((l) => l.text)).toEqual(splitLines(b));
    if (!want) expect(d.filter((l) => l.op !== 'same')).toHaveLength(5);
  });

  it('numbers lines on both sides', () => {
    expect(diffLines('a\nb', 'b\nc')).toEqual([
      { op: 'removed', text: 'a', oldLine: 1 },
      { op: 'same', text: 'b', oldLine: 2, newLine: 1 },
      { op: 'added', text: 'c', newLine: 2 },
    ]);
  });

  it('keeps \\r visible (CRLF vs LF is a difference)', () => {
    expect(ops(diffLines('a\r\nb', 'a\nb'))).toEqual(['-a\r', '+a', ' b']);
  });

  it('falls back to remove-all/add-all past the edit budget and still replays both sides', () => {
    const a = Array.from({ length: 50 }, (_, i) => `a${i}`).join('\n');
    const b = Array.from({ length: 50 }, (_, i) => `b${i}`).join('\n');
    const d = diffLines(a, b, 10);
    expect(d.filter((l) => l.op === 'removed')).toHaveLength(50);
    expect(d.filter((l) => l.op === 'added')).toHaveLength(50);
  });

  it('random edits replay exactly', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let t = 0; t < 50; t++) {
      const a = Array.from({ length: Math.floor(rnd() * 30) }, () => String(Math.floor(rnd() * 5)));
      const b = a.filter(() => rnd() > 0.2).map((x) => (rnd() > 0.8 ? 'x' : x));
      const d = diffLines(a.join('\n'), b.join('\n'));
      expect(d.filter((l) => l.op !== 'added').map((l) => l.text)).toEqual(a);
      expect(d.filter((l) => l.op !== 'removed').map((l) => l.text)).toEqual(b);
    }
  });
});
