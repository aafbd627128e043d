import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, realpath, rmdir, stat, statfs, unlink } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { ErrorCode } from '../../../shared/result';

export class MoveRefused extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Room kept free beyond the folder's size: it keeps growing while it is copied, and a full disk helps nobody. */
export function spaceNeeded(bytes: number): number {
  return Math.ceil(bytes * 1.05) + 64 * 1024 * 1024;
}

export interface PreparedTarget {
  /** The target as it will be used (absolute, normalized, symlinks of existing parents resolved). */
  dir: string;
  /** Folders this check created; removed again if the move does not happen. */
  created: string[];
}

const isInside = (child: string, parent: string) => {
  const rel = relative(parent, child);
  return rel === '' || (!isAbsolute(rel) && rel.split(sep)[0] !== '..');
};

/** `p` with the symlinks of its nearest existing ancestor resolved (the rest does not exist yet). */
async function realish(p: string): Promise<string> {
  let existing = p;
  const rest: string[] = [];
  for (;;) {
    try {
      return join(await realpath(existing), ...rest.reverse());
    } catch {
      const parent = dirname(existing);
      if (parent === existing) return p;
      rest.push(existing.slice(parent.length).replace(/^[\\/]+/, ''));
      existing = parent;
    }
  }
}

/**
 * Everything that can be known before copying a byte: the target is absolute, is not the current
 * folder or inside it, is empty or absent, can be written, and its volume has room. The target
 * folder is created here (an empty one is the only trace a refused move leaves, and it is removed).
 */
export async function prepareTarget(from: string, to: string, sourceBytes: number): Promise<PreparedTarget> {
  if (!isAbsolute(to)) throw new MoveRefused('BAD_ARGS', `"${to}" is not an absolute path: give the full path of the new folder.`);
  const source = await realpath(from);
  const target = await realish(resolve(to));
  if (target === source) throw new MoveRefused('BAD_ARGS', `The console already uses ${from}.`);
  if (isInside(target, source)) {
    throw new MoveRefused('TARGET_INSIDE_SOURCE', `${to} is inside the current data folder ${from}; choose a folder outside it.`);
  }
  if (isInside(source, target)) {
    throw new MoveRefused('TARGET_NOT_EMPTY', `${to} contains the current data folder; choose an empty folder or a new one.`);
  }
  const existing = await stat(target).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw new MoveRefused('TARGET_UNWRITABLE', `${to} cannot be checked (${err.code ?? err.message}).`);
  });
  if (existing && !existing.isDirectory()) throw new MoveRefused('TARGET_NOT_EMPTY', `${to} is a file, not a folder; choose a folder.`);
  if (existing) {
    const entries = await readdir(target).catch((err: NodeJS.ErrnoException) => {
      throw new MoveRefused('TARGET_UNWRITABLE', `${to} cannot be read (${err.code ?? err.message}); choose a folder you own.`);
    });
    if (entries.length > 0) {
      throw new MoveRefused('TARGET_NOT_EMPTY', `${to} is not empty (${entries.length} item${entries.length === 1 ? '' : 's'}); choose an empty folder or a new one.`);
    }
  }
  const created = existing ? [] : await makeFolders(target, to);
  try {
    await probeWrite(target, to);
    await checkSpace(target, to, sourceBytes);
  } catch (err) {
    await removeCreated(created);
    throw err;
  }
  return { dir: target, created };
}

async function makeFolders(target: string, shown: string): Promise<string[]> {
  const missing: string[] = [];
  for (let p = target; ; p = dirname(p)) {
    if (await stat(p).then(() => true, () => false)) break;
    missing.push(p);
    if (dirname(p) === p) break;
  }
  try {
    await mkdir(target, { recursive: true });
  } catch (err) {
    await removeCreated(missing);
    throw new MoveRefused('TARGET_UNWRITABLE', `${shown} cannot be created (${code(err)}); choose a folder you can write to.`);
  }
  return missing;
}

/** Deepest first; a folder that is not empty (someone put something there) stays. */
export async function removeCreated(created: string[]): Promise<void> {
  for (const dir of created) await rmdir(dir).catch(() => undefined);
}

async function probeWrite(target: string, shown: string): Promise<void> {
  const probe = join(target, `.write-check-${randomBytes(4).toString('hex')}`);
  try {
    const handle = await open(probe, 'wx');
    try {
      await handle.writeFile('ok');
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (err) {
    throw new MoveRefused('TARGET_UNWRITABLE', `${shown} cannot be written (${code(err)}); choose a folder you can write to.`);
  } finally {
    await unlink(probe).catch(() => undefined);
  }
}

async function checkSpace(target: string, shown: string, sourceBytes: number): Promise<void> {
  let free: number;
  try {
    const fs = await statfs(target);
    free = Number(fs.bavail) * Number(fs.bsize);
  } catch {
    return; // A file system that cannot say: the copy itself will fail cleanly if it runs out.
  }
  const needed = spaceNeeded(sourceBytes);
  if (free < needed) {
    throw new MoveRefused('NO_SPACE', `${shown} has ${mib(free)} free; the data folder needs ${mib(needed)} (its ${mib(sourceBytes)} plus room to grow). Free some space or choose another drive.`);
  }
}

const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
const code = (err: unknown) => (err as NodeJS.ErrnoException)?.code ?? (err instanceof Error ? err.message : String(err));
