import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { CorruptFileReport } from '../../../shared/contract';
import type { SessionStore } from '../sessions/session-store';
import { listSegments, segmentName } from '../store/append-log';
import type { SessionInSegment } from '../store/capture-journal';
import { coldName } from '../store/cold-segment';
import { DurableJSONFile } from '../store/durable-json-file';
import { fsyncDir } from '../store/fsync';
import { moveAside } from '../store/move-aside';

/**
 * A prune is several steps (index, segment files, session files). Before the first one, what will
 * go is written to `prune.json` in the data folder; it is removed after the last one. If the
 * process dies in between, the next start finishes the same prune from this file, so a prune is
 * either not started or completed, never half done, whichever step it died after.
 */
export const PRUNE_INTENT_FILE = 'prune.json';

const segmentList = z.array(z.number().int().positive());
const intentSchema = z.object({
  format: z.literal(1),
  at: z.string(),
  before: z.string(),
  captures: segmentList,
  rejected: segmentList,
  sessions: z.array(z.object({ userId: z.string(), sessionId: z.string(), lastSeq: z.number() })),
});
export type PruneIntent = z.infer<typeof intentSchema>;

export const JOURNAL_FOLDERS = { captures: 'captures', rejected: 'rejected' } as const;

export async function writeIntent(dataDir: string, intent: PruneIntent): Promise<void> {
  await new DurableJSONFile<string>(join(dataDir, PRUNE_INTENT_FILE)).writeRaw(JSON.stringify(intent, null, 1));
}

export async function clearIntent(dataDir: string): Promise<void> {
  await unlink(join(dataDir, PRUNE_INTENT_FILE)).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
  await fsyncDir(dataDir);
}

/**
 * Start-up, before the capture journals open: if a prune was interrupted, delete its segments now
 * (the journals then drop their index lines, as after any lost segment). The sessions part needs
 * the journals and the session store: call `finishInterruptedPrune` once they are open.
 */
export async function resumePrune(dataDir: string): Promise<{ intent: PruneIntent | null; reports: CorruptFileReport[] }> {
  const file = join(dataDir, PRUNE_INTENT_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { intent: null, reports: [] };
  }
  let parsed: PruneIntent;
  try {
    parsed = intentSchema.parse(JSON.parse(text));
  } catch (err) {
    // Written atomically, so this is not a torn write: something else changed it. Do not guess.
    const reason = `an interrupted prune could not be finished (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); nothing was deleted`;
    return { intent: null, reports: [await moveAside(file, reason)] };
  }
  await deleteSegments(join(dataDir, JOURNAL_FOLDERS.captures), parsed.captures);
  await deleteSegments(join(dataDir, JOURNAL_FOLDERS.rejected), parsed.rejected);
  return { intent: parsed, reports: [] };
}

/** The last step of an interrupted prune: its sessions (unless a capture of theirs is still there), then the intent. */
export async function finishInterruptedPrune(dataDir: string, intent: PruneIntent, accepted: readonly SessionInSegment[], store: SessionStore): Promise<void> {
  const remaining = new Set(accepted.map((s) => `${s.userId}\u0000${s.sessionId}`));
  await store.remove(intent.sessions.filter((s) => !remaining.has(`${s.userId}\u0000${s.sessionId}`)));
  await clearIntent(dataDir);
}

async function deleteSegments(dir: string, segments: readonly number[]): Promise<void> {
  if (segments.length === 0) return;
  const existing = await listSegments(dir);
  const newest = existing.at(-1);
  // The log appends to its newest segment: if that one goes, start the next number now so a
  // deleted segment's number is never used again.
  if (newest !== undefined && segments.includes(newest)) {
    const handle = await open(join(dir, segmentName(newest + 1)), 'a');
    await handle.close();
    await fsyncDir(dir);
  }
  for (const n of segments) {
    for (const name of [segmentName(n), coldName(n)]) {
      await unlink(join(dir, name)).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
    }
  }
  await fsyncDir(dir);
}
