import { describe, expect, it } from 'vitest';
import { ancestors, containerPaths, isNumberArray, nearestPath, parseBody, placeIssues } from './tree';

const body = { data: { sleep_stages: [0, 1, 9], session: { id: 'x' }, list: [{ a: 1 }] } };

describe('tree helpers', () => {
  it.each([
    ['data.sleep_stages.2', 'data.sleep_stages.2'],
    ['data.inference_seq_num', 'data'],
    ['data.sleep_stages.7', 'data.sleep_stages'],
    ['data.list.0.a', 'data.list.0'.concat('.a')],
    ['data.list.x', 'data.list'],
    ['nothing.here', ''],
    ['', ''],
  ])('nearestPath(%s) = %s', (path, want) => {
    expect(nearestPath(body, path)).toBe(want);
  });

  it('places issues and warnings on their nodes', () => {
    const m = placeIssues(body, [{ path: 'data.sleep_stages.2', message: 'bad stage' }, { path: 'data.user_id', message: 'missing' }], [
      { path: 'data.session.id', message: 'odd' },
    ]);
    expect(m.get('data.sleep_stages.2')?.[0]).toMatchObject({ message: 'bad stage', tone: 'bad' });
    expect(m.get('data')?.[0]).toMatchObject({ path: 'data.user_id', nodePath: 'data', tone: 'bad' });
    expect(m.get('data.session.id')?.[0]).toMatchObject({ tone: 'warn' });
  });

  it('lists foldable nodes and ancestors', () => {
    expect(containerPaths(body)).toEqual(['', 'data', 'data.sleep_stages', 'data.session', 'data.list', 'data.list.0']);
    expect(ancestors('data.sleep_stages.3')).toEqual(['', 'data', 'data.sleep_stages']);
    expect(ancestors('')).toEqual([]);
  });

  it('parses or explains', () => {
    expect(parseBody('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseBody('{').ok).toBe(false);
    expect(parseBody(undefined).ok).toBe(false);
    // A hostile body nested 100,000 levels deep is shown raw, never walked recursively.
    const deep = parseBody('['.repeat(100_000) + ']'.repeat(100_000));
    expect(deep.ok).toBe(false);
    if (!deep.ok) expect(deep.error).toMatch(/more than 64 levels deep/);
    expect(parseBody('['.repeat(60) + ']'.repeat(60)).ok).toBe(true);
    expect(isNumberArray([1, 2])).toBe(true);
    expect(isNumberArray([1, '2'])).toBe(false);
    expect(isNumberArray([])).toBe(false);
  });
});
