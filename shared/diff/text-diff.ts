// Line-based text diff (Myers' O(ND) greedy algorithm with a shortest-edit trace). Pure TypeScript.

export type LineOp = 'same' | 'added' | 'removed';

export interface DiffLine {
  op: LineOp;
  text: string;
  /** 1-based line number in the old text (same / removed). */
  oldLine?: number;
  /** 1-based line number in the new text (same / added). */
  newLine?: number;
}

/** Split keeping line content only; `\r\n` and `\n` both end a line (a trailing `\r` is kept visible). */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Beyond this many edits the middle is reported as all removed then all added (keeps memory bounded). */
export const MAX_EDITS = 2_000;

/** Edit script from `a` to `b` (sequences of lines). */
export function diffSequences(a: readonly string[], b: readonly string[], maxEdits = MAX_EDITS): DiffLine[] {
  // Trim the common prefix and suffix first: most bodies differ in a few places.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const out: DiffLine[] = [];
  for (let i = 0; i < start; i++) out.push({ op: 'same', text: a[i]!, oldLine: i + 1, newLine: i + 1 });
  out.push(...middle(a, b, start, endA, endB, maxEdits));
  for (let i = endA, j = endB; i < a.length; i++, j++) out.push({ op: 'same', text: a[i]!, oldLine: i + 1, newLine: j + 1 });
  return out;
}

function middle(a: readonly string[], b: readonly string[], start: number, endA: number, endB: number, maxEdits: number): DiffLine[] {
  const n = endA - start;
  const m = endB - start;
  const at = (x: number) => a[start + x]!;
  const bt = (y: number) => b[start + y]!;
  const fallback = (): DiffLine[] => [
    ...Array.from({ length: n }, (_, i): DiffLine => ({ op: 'removed', text: at(i), oldLine: start + i + 1 })),
    ...Array.from({ length: m }, (_, j): DiffLine => ({ op: 'added', text: bt(j), newLine: start + j + 1 })),
  ];
  if (n === 0 || m === 0) return fallback();
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  outer: for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && at(x) === bt(y)) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break outer;
      }
    }
  }
  if (found < 0) return fallback();
  // Walk the trace back from (n, m).
  const rev: DiffLine[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const vd = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[offset + k - 1]! < vd[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = vd[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      rev.push({ op: 'same', text: at(x), oldLine: start + x + 1, newLine: start + y + 1 });
    }
    if (x === prevX) {
      y--;
      rev.push({ op: 'added', text: bt(y), newLine: start + y + 1 });
    } else {
      x--;
      rev.push({ op: 'removed', text: at(x), oldLine: start + x + 1 });
    }
  }
  while (x > 0 && y > 0) {
    x--;
    y--;
    rev.push({ op: 'same', text: at(x), oldLine: start + x + 1, newLine: start + y + 1 });
  }
  return rev.reverse();
}

/** Line diff of two texts. */
export function diffLines(before: string, after: string, maxEdits = MAX_EDITS): DiffLine[] {
  return diffSequences(splitLines(before), splitLines(after), maxEdits);
}
