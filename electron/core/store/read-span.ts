import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { segmentName, type RecordLocation } from './append-log';

/** One read covers neighbouring records up to this many bytes (a search reads thousands of records). */
const MAX_SPAN_BYTES = 1024 * 1024;

/**
 * Read many records with few system calls: records of the same segment that lie close together are
 * read with one `read` of the span that holds them, instead of an open/read/close per record.
 * Returns the text of each location (in the order given); a location that cannot be read gives null.
 */
export async function readRecords(dir: string, locs: readonly RecordLocation[]): Promise<(string | null)[]> {
  const out: (string | null)[] = locs.map(() => null);
  const bySegment = new Map<number, number[]>();
  locs.forEach((loc, i) => {
    let list = bySegment.get(loc.segment);
    if (!list) bySegment.set(loc.segment, (list = []));
    list.push(i);
  });
  for (const [segment, indexes] of bySegment) {
    indexes.sort((a, b) => locs[a]!.offset - locs[b]!.offset);
    const handle = await open(join(dir, segmentName(segment)), 'r').catch(() => null);
    if (!handle) continue;
    try {
      let start = 0;
      while (start < indexes.length) {
        const first = locs[indexes[start]!]!;
        let end = start;
        let spanEnd = first.offset + first.length;
        while (end + 1 < indexes.length) {
          const next = locs[indexes[end + 1]!]!;
          const nextEnd = Math.max(spanEnd, next.offset + next.length);
          if (nextEnd - first.offset > MAX_SPAN_BYTES) break;
          spanEnd = nextEnd;
          end++;
        }
        const buf = Buffer.alloc(spanEnd - first.offset);
        const { bytesRead } = await handle.read(buf, 0, buf.length, first.offset);
        for (let k = start; k <= end; k++) {
          const i = indexes[k]!;
          const loc = locs[i]!;
          const from = loc.offset - first.offset;
          if (from + loc.length > bytesRead) continue;
          out[i] = buf.subarray(from, from + loc.length).toString('utf8').trimEnd();
        }
        start = end + 1;
      }
    } finally {
      await handle.close();
    }
  }
  return out;
}
