import { open, readFile, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

export class DataFolderInUseError extends Error {
  readonly code = 'DATA_FOLDER_IN_USE';
  constructor(dir: string, pid: number) {
    super(`The data folder ${dir} is in use by another console (process ${pid}). Close it, or choose another folder with --data.`);
  }
}

/**
 * One process per data folder: two writers would interleave the capture log and overwrite each
 * other's session files. A lock left by a process that no longer runs (after a crash) is taken over.
 */
export class DataLock {
  /** Folders locked by this process: the pid check alone cannot tell two consoles in one process apart. */
  private static readonly heldHere = new Set<string>();
  private file: string;
  private held = false;

  constructor(readonly dir: string) {
    this.file = join(dir, 'console.lock');
  }

  async acquire(): Promise<void> {
    if (DataLock.heldHere.has(this.dir)) throw new DataFolderInUseError(this.dir, process.pid);
    const content = JSON.stringify({ pid: process.pid, host: hostname(), startedAt: new Date().toISOString() });
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const handle = await open(this.file, 'wx');
        await handle.writeFile(content);
        await handle.sync();
        await handle.close();
        this.held = true;
        DataLock.heldHere.add(this.dir);
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const owner = await this.owner();
      if (owner !== null && owner !== process.pid && isAlive(owner)) throw new DataFolderInUseError(this.dir, owner);
      await unlink(this.file).catch(() => undefined);
    }
    // Lost a race with another process taking over the same stale lock.
    const owner = await this.owner();
    throw new DataFolderInUseError(this.dir, owner ?? -1);
  }

  async release(): Promise<void> {
    if (!this.held) return;
    this.held = false;
    DataLock.heldHere.delete(this.dir);
    if ((await this.owner()) === process.pid) await unlink(this.file).catch(() => undefined);
  }

  private async owner(): Promise<number | null> {
    try {
      const pid = (JSON.parse(await readFile(this.file, 'utf8')) as { pid?: unknown }).pid;
      return typeof pid === 'number' ? pid : null;
    } catch {
      return null;
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

