// JSON-aware diff of two parsed bodies: added / removed / changed leaf paths (dotted, arrays by index),
// plus the stage arrays aligned epoch by epoch. Pure TypeScript (no Node or DOM API).

export type DiffKind = 'added' | 'removed' | 'changed';

export interface JsonChange {
  /** Dotted path, e.g. `data.sleep_stages.3` (`''` = the whole body). */
  path: string;
  kind: DiffKind;
  before?: unknown;
  after?: unknown;
}

/** Asleep's per-epoch arrays, shown as aligned epochs rather than as a list of paths. */
export const STAGE_KEYS: ReadonlySet<string> = new Set(['sleep_stages', 'stage_list', 'snoring_stages', 'breath_stages', 'osa_stage_list']);

type Shape = 'array' | 'object' | 'leaf';

function shape(v: unknown): Shape {
  if (Array.isArray(v)) return 'array';
  if (v !== null && typeof v === 'object') return 'object';
  return 'leaf';
}

export function joinPath(base: string, key: string | number): string {
  return base === '' ? String(key) : `${base}.${key}`;
}

function walk(a: unknown, b: unknown, path: string, out: JsonChange[]): void {
  const sa = shape(a);
  const sb = shape(b);
  if (sa !== sb) {
    out.push({ path, kind: 'changed', before: a, after: b });
    return;
  }
  if (sa === 'leaf') {
    if (!Object.is(a, b)) out.push({ path, kind: 'changed', before: a, after: b });
    return;
  }
  if (sa === 'array') {
    const xa = a as unknown[];
    const xb = b as unknown[];
    const n = Math.max(xa.length, xb.length);
    for (let i = 0; i < n; i++) {
      const p = joinPath(path, i);
      if (i >= xa.length) out.push({ path: p, kind: 'added', after: xb[i] });
      else if (i >= xb.length) out.push({ path: p, kind: 'removed', before: xa[i] });
      else walk(xa[i], xb[i], p, out);
    }
    return;
  }
  const oa = a as Record<string, unknown>;
  const ob = b as Record<string, unknown>;
  for (const k of Object.keys(oa)) {
    const p = joinPath(path, k);
    if (!Object.prototype.hasOwnProperty.call(ob, k)) out.push({ path: p, kind: 'removed', before: oa[k] });
    else walk(oa[k], ob[k], p, out);
  }
  for (const k of Object.keys(ob)) {
    if (!Object.prototype.hasOwnProperty.call(oa, k)) out.push({ path: joinPath(path, k), kind: 'added', after: ob[k] });
  }
}

/** Every difference from `before` to `after`; identical values give `[]`. Arrays are compared by index. */
export function jsonDiff(before: unknown, after: unknown): JsonChange[] {
  const out: JsonChange[] = [];
  walk(before, after, '', out);
  return out;
}

export interface AlignedStages {
  /** Path of the array, e.g. `data.sleep_stages`. */
  path: string;
  /** One row per epoch index (the longer of the two arrays); null = not present on that side. */
  before: unknown[];
  after: unknown[];
  /** Indices whose values differ (including ones present on one side only). */
  changed: number[];
}

function findStageArrays(v: unknown, path: string, out: Map<string, unknown[]>): void {
  if (Array.isArray(v)) {
    v.forEach((x, i) => findStageArrays(x, joinPath(path, i), out));
    return;
  }
  if (v === null || typeof v !== 'object') return;
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    const p = joinPath(path, k);
    if (STAGE_KEYS.has(k) && Array.isArray(x)) out.set(p, x);
    else findStageArrays(x, p, out);
  }
}

/** The stage arrays found in either body (same path), aligned by epoch index, in document order. */
export function alignStages(before: unknown, after: unknown): AlignedStages[] {
  const a = new Map<string, unknown[]>();
  const b = new Map<string, unknown[]>();
  findStageArrays(before, '', a);
  findStageArrays(after, '', b);
  const paths = [...a.keys(), ...[...b.keys()].filter((k) => !a.has(k))];
  return paths.map((path) => {
    const xa = a.get(path) ?? [];
    const xb = b.get(path) ?? [];
    const n = Math.max(xa.length, xb.length);
    const rowsA: unknown[] = [];
    const rowsB: unknown[] = [];
    const changed: number[] = [];
    for (let i = 0; i < n; i++) {
      const va = i < xa.length ? xa[i] : null;
      const vb = i < xb.length ? xb[i] : null;
      rowsA.push(va);
      rowsB.push(vb);
      if (i >= xa.length || i >= xb.length || jsonDiff(va, vb).length > 0) changed.push(i);
    }
    return { path, before: rowsA, after: rowsB, changed };
  });
}

/** True when `path` lies inside one of the stage arrays (`data.sleep_stages.3`). */
export function isStagePath(path: string): boolean {
  const parts = path.split('.');
  return parts.length >= 2 && STAGE_KEYS.has(parts[parts.length - 2]!) && /^\d+$/.test(parts[parts.length - 1]!);
}
