import { describe, expect, it } from 'vitest';
import { alignStages, isStagePath, jsonDiff, type JsonChange } from './json-diff';

const cases: { name: string; a: unknown; b: unknown; want: JsonChange[] }[] = [
  { name: 'identical → empty', a: { x: 1, y: [1, 2, { z: null }] }, b: { x: 1, y: [1, 2, { z: null }] }, want: [] },
  { name: 'identical leaves', a: 's', b: 's', want: [] },
  { name: 'root leaf changed', a: 1, b: 2, want: [{ path: '', kind: 'changed', before: 1, after: 2 }] },
  {
    name: 'object keys added, removed, changed',
    a: { keep: 1, gone: true, val: 'a' },
    b: { keep: 1, val: 'b', fresh: [1] },
    want: [
      { path: 'gone', kind: 'removed', before: true },
      { path: 'val', kind: 'changed', before: 'a', after: 'b' },
      { path: 'fresh', kind: 'added', after: [1] },
    ],
  },
  {
    name: 'arrays by index',
    a: [1, 2, 3],
    b: [1, 5, 3, 4],
    want: [
      { path: '1', kind: 'changed', before: 2, after: 5 },
      { path: '3', kind: 'added', after: 4 },
    ],
  },
  { name: 'array shorter', a: [1, 2], b: [1], want: [{ path: '1', kind: 'removed', before: 2 }] },
  {
    name: 'type changes',
    a: { a: [1], b: { c: 1 }, n: null, s: '1' },
    b: { a: { 0: 1 }, b: 'x', n: 0, s: 1 },
    want: [
      { path: 'a', kind: 'changed', before: [1], after: { 0: 1 } },
      { path: 'b', kind: 'changed', before: { c: 1 }, after: 'x' },
      { path: 'n', kind: 'changed', before: null, after: 0 },
      { path: 's', kind: 'changed', before: '1', after: 1 },
    ],
  },
  {
    name: 'nested',
    a: { data: { session: { stat: { a: 1 } }, list: [{ k: 1 }] } },
    b: { data: { session: { stat: { a: 2 } }, list: [{ k: 1, j: 2 }] } },
    want: [
      { path: 'data.session.stat.a', kind: 'changed', before: 1, after: 2 },
      { path: 'data.list.0.j', kind: 'added', after: 2 },
    ],
  },
  {
    name: 'stage arrays by epoch',
    a: { data: { sleep_stages: [0, 1, 1, 2, 2, 1, 3, 3, 1, 0] } },
    b: { data: { sleep_stages: [0, 1, 1, 3, 2, 1, 3, 1, 1, 0] } },
    want: [
      { path: 'data.sleep_stages.3', kind: 'changed', before: 2, after: 3 },
      { path: 'data.sleep_stages.7', kind: 'changed', before: 3, after: 1 },
    ],
  },
];

describe('jsonDiff', () => {
  it.each(cases)('$name', ({ a, b, want }) => {
    expect(jsonDiff(a, b)).toEqual(want);
  });
  it('treats NaN-free JSON numbers exactly and -0 as a change only via Object.is', () => {
    expect(jsonDiff({ a: 1.5 }, { a: 1.5 })).toEqual([]);
  });
});

describe('alignStages', () => {
  it('aligns every stage array by epoch and lists the changed epochs', () => {
    const a = { data: { sleep_stages: [0, 1, 2], snoring_stages: [0, 0, 1], other: [1, 2] }, session: { stage_list: [1] } };
    const b = { data: { sleep_stages: [0, 2, 2, 1], snoring_stages: [0, 0, 1] }, session: { osa_stage_list: [0] } };
    expect(alignStages(a, b)).toEqual([
      { path: 'data.sleep_stages', before: [0, 1, 2, null], after: [0, 2, 2, 1], changed: [1, 3] },
      { path: 'data.snoring_stages', before: [0, 0, 1], after: [0, 0, 1], changed: [] },
      { path: 'session.stage_list', before: [1], after: [null], changed: [0] },
      { path: 'session.osa_stage_list', before: [null], after: [0], changed: [0] },
    ]);
  });
  it('finds nothing in bodies without stage arrays', () => {
    expect(alignStages({ a: 1 }, [1, 2])).toEqual([]);
  });
  it.each([
    ['data.sleep_stages.3', true],
    ['data.breath_stages.0', true],
    ['data.sleep_stages', false],
    ['data.other.3', false],
  ] as const)('isStagePath(%s) = %s', (path, want) => {
    expect(isStagePath(path)).toBe(want);
  });
});
