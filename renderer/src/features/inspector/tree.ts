// Pure helpers behind the JSON tree: which node an issue belongs to, which nodes can fold.
import type { ValidationIssue } from '../../../../shared/asleep/model';
import { joinPath } from '../../../../shared/diff/json-diff';
import { MAX_NESTING, tooDeep } from '../../../../shared/asleep/nesting';

export type ParsedBody = { ok: true; value: unknown } | { ok: false; error: string };

export function parseBody(body: string | undefined): ParsedBody {
  if (body === undefined) return { ok: false, error: 'The body was not stored as text.' };
  let value: unknown;
  try {
    value = JSON.parse(body) as unknown;
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  // The tree and the JSON diff walk the value recursively: a hostile body nested thousands of levels
  // deep would overflow the stack and take the whole page down. Such a body is shown raw only.
  const deep = tooDeep(value);
  if (deep) return { ok: false, error: `The body nests more than ${MAX_NESTING} levels deep (at ${deep.slice(0, 8).join('.')}…), so it is shown raw only.` };
  return { ok: true, value };
}

export function isContainer(v: unknown): v is object {
  return v !== null && typeof v === 'object';
}

/** Arrays of plain numbers (stage arrays) are shown on one line with their indices. */
export function isNumberArray(v: unknown): v is number[] {
  return Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number');
}

function child(v: unknown, key: string): { found: boolean; value: unknown } {
  if (Array.isArray(v)) {
    if (!/^\d+$/.test(key)) return { found: false, value: undefined };
    const i = Number(key);
    return i < v.length ? { found: true, value: v[i] } : { found: false, value: undefined };
  }
  if (isContainer(v) && Object.prototype.hasOwnProperty.call(v, key)) return { found: true, value: (v as Record<string, unknown>)[key] };
  return { found: false, value: undefined };
}

/** The deepest existing node on `path` (an issue about a missing field lands on its parent). */
export function nearestPath(root: unknown, path: string): string {
  if (path === '') return '';
  let at = '';
  let v = root;
  for (const key of path.split('.')) {
    const c = child(v, key);
    if (!c.found) return at;
    at = joinPath(at, key);
    v = c.value;
  }
  return at;
}

export interface PlacedIssue extends ValidationIssue {
  /** The node that shows it (the issue's own path, or its nearest existing ancestor). */
  nodePath: string;
  tone: 'bad' | 'warn';
}

/** Issues (and warnings) grouped by the node that shows them. */
export function placeIssues(root: unknown, issues: ValidationIssue[], warnings: ValidationIssue[] = []): Map<string, PlacedIssue[]> {
  const out = new Map<string, PlacedIssue[]>();
  const add = (i: ValidationIssue, tone: 'bad' | 'warn') => {
    const nodePath = nearestPath(root, i.path);
    const list = out.get(nodePath) ?? [];
    list.push({ ...i, nodePath, tone });
    out.set(nodePath, list);
  };
  for (const i of issues) add(i, 'bad');
  for (const w of warnings) add(w, 'warn');
  return out;
}

/** Paths of every foldable node (objects and arrays, the root included as `''`). */
export function containerPaths(root: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, path: string) => {
    if (!isContainer(v)) return;
    out.push(path);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, joinPath(path, i)));
    else for (const [k, x] of Object.entries(v)) walk(x, joinPath(path, k));
  };
  walk(root, '');
  return out;
}

/** `a.b.3` → [``, `a`, `a.b`] (the nodes to unfold to reveal it). */
export function ancestors(path: string): string[] {
  if (path === '') return [];
  const parts = path.split('.');
  const out = [''];
  for (let i = 1; i < parts.length; i++) out.push(parts.slice(0, i).join('.'));
  return out;
}
