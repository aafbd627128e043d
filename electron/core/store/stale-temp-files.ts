import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/** The temp name DurableJSONFile writes before its rename: `.<file>.<pid>.<8 hex>.tmp`. */
const TEMP_RE = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/**
 * Delete the temp files a killed console left behind (a SIGKILL or power cut between the temp
 * write and its rename). They are never read, but each can be as large as a session file and
 * they would pile up crash after crash. Call only while holding the data folder's lock: then no
 * other process is writing here, and this process's own temps (its pid) are left alone.
 */
export async function removeStaleTempFiles(root: string, maxDepth = 3): Promise<string[]> {
  const removed: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory()) {
        if (depth < maxDepth) await walk(path, depth + 1);
        continue;
      }
      const m = TEMP_RE.exec(e.name);
      if (!e.isFile() || !m || Number(m[1]) === process.pid) continue;
      await unlink(path).then(
        () => removed.push(path),
        () => undefined,
      );
    }
  };
  await walk(root, 0);
  return removed;
}
