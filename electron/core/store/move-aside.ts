import { open, rename, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CorruptFileReport } from '../../../shared/contract';
import { segmentName } from './append-log';

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');

/** Read-only review: report a file that does not parse without touching it (`movedTo` is empty). */
export function reportInPlace(file: string, reason: string): CorruptFileReport {
  return { file, movedTo: '', at: new Date().toISOString(), reason: `${reason} (read-only review: left in place)` };
}

/** Rename a file that does not parse to `<file>.corrupt-<time>` so the rest can load. */
export async function moveAside(file: string, reason: string): Promise<CorruptFileReport> {
  const movedTo = `${file}.corrupt-${stamp()}`;
  await rename(file, movedTo);
  return { file, movedTo, at: new Date().toISOString(), reason };
}

/**
 * A log segment whose last record was cut short by a crash: keep the partial bytes in a side
 * file for inspection, then cut the segment back to its last whole record. That record was never
 * acknowledged (the answer waits for the fsync of the whole line).
 */
export async function saveAside(dir: string, segment: number, validEnd: number, size: number): Promise<CorruptFileReport> {
  const file = join(dir, segmentName(segment));
  const movedTo = `${file}.corrupt-${stamp()}`;
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(size - validEnd);
    await handle.read(buf, 0, buf.length, validEnd);
    await writeFile(movedTo, buf, { flush: true });
  } finally {
    await handle.close();
  }
  await truncate(file, validEnd);
  return {
    file,
    movedTo,
    at: new Date().toISOString(),
    reason: `${size - validEnd} bytes of an unfinished (never acknowledged) record at the end were set aside`,
  };
}
