// The captures list is newest first (highest seq first). These keep it that way without re-sorting
// the whole list: with 100,000 summaries in memory a Map + sort per page or per live capture is what
// makes scrolling stutter, a linear merge is not.

interface Sequenced {
  id: string;
  seq: number;
}

/**
 * `incoming` (any order) merged into `current` (newest first): same id = the incoming one wins.
 * O(current + incoming·log incoming), at most `max` items (the oldest are dropped).
 */
export function mergeNewestFirst<T extends Sequenced>(current: readonly T[], incoming: readonly T[], max: number): T[] {
  if (incoming.length === 0) return current.length > max ? current.slice(0, max) : (current as T[]);
  const fresh = [...new Map(incoming.map((c) => [c.id, c])).values()].sort((a, b) => b.seq - a.seq);
  const replaced = new Set(fresh.map((c) => c.id));
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (out.length < max && (i < current.length || j < fresh.length)) {
    const a = current[i];
    if (a !== undefined && replaced.has(a.id)) {
      i++;
      continue;
    }
    const b = fresh[j];
    if (b === undefined || (a !== undefined && a.seq > b.seq)) {
      out.push(a!);
      i++;
    } else {
      out.push(b);
      j++;
    }
  }
  return out;
}

/** An older page appended at the end; anything not strictly older than the current oldest is ignored. */
export function appendOlder<T extends Sequenced>(current: readonly T[], page: readonly T[], max: number): T[] {
  const oldest = current.at(-1)?.seq ?? Infinity;
  const older = page.filter((c) => c.seq < oldest).sort((a, b) => b.seq - a.seq);
  return current.concat(older).slice(0, max);
}

/** How many items (newest first) are newer than `seenSeq`: the "n new" above what the user has seen. */
export function countNewer(items: readonly Sequenced[], seenSeq: number | null): number {
  if (seenSeq === null) return 0;
  let n = 0;
  while (n < items.length && items[n]!.seq > seenSeq) n++;
  return n;
}
