import { createHash } from 'node:crypto';
import { lstat, mkdir, open, readdir, unlink } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { fsyncDir } from '../store/fsync';

/** Enough to tell that a file changed since it was copied: appended (size), rewritten (times), replaced (inode). */
export interface FileState {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

export interface CopiedFile {
  /** Source state before the copy; `size: -1` when the file changed while it was being read. */
  state: FileState;
  bytes: number;
  /** SHA-256 of the bytes read from the source. */
  hash: string;
}

/** The lock belongs to the process that holds the folder; the new folder gets its own. */
const SKIP_NAMES = new Set(['console.lock', 'MOVED-TO.txt']);
/** DurableJSONFile's temp files (`.<file>.<pid>.<hex>.tmp`): half-written, renamed or deleted a moment later. */
const TEMP_RE = /^\..+\.\d+\.[0-9a-f]{8}\.tmp$/;
const CHUNK = 1024 * 1024;

export const sameState = (a: FileState, b: FileState) => a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;

const stateOf = (s: { size: number; mtimeMs: number; ctimeMs: number; ino: number }): FileState => ({ size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, ino: s.ino });

/**
 * Every regular file under `root` (relative paths with `/`), with its state; the lock and temp files
 * left out. Anything else (a symbolic link, a socket) goes to `special`: it cannot be copied as data.
 */
export async function listFiles(root: string, special: (rel: string) => void = () => undefined): Promise<Map<string, FileState>> {
  const out = new Map<string, FileState>();
  const walk = async (dir: string, prefix: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' && prefix !== '') return [];
      throw err;
    });
    for (const e of entries) {
      const rel = prefix ? `${prefix}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(join(dir, e.name), rel);
      else if (!e.isFile()) special(rel);
      else if (!(prefix === '' && SKIP_NAMES.has(e.name)) && !TEMP_RE.test(e.name)) {
        const s = await lstat(join(dir, e.name)).catch(() => null);
        if (s?.isFile()) out.set(rel, stateOf(s));
      }
    }
  };
  await walk(root, '');
  return out;
}

export const toPath = (root: string, rel: string) => join(root, ...rel.split('/'));

/**
 * Copy one file byte for byte, hashing what was read, and fsync the copy. Returns null when the
 * source vanished (a file renamed or pruned meanwhile; the next pass sees what replaced it).
 */
export async function copyOne(fromRoot: string, toRoot: string, rel: string, onBytes: (n: number) => void = () => undefined): Promise<CopiedFile | null> {
  const src = toPath(fromRoot, rel);
  const dst = toPath(toRoot, rel);
  let input;
  try {
    input = await open(src, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    const before = stateOf(await input.stat());
    await mkdir(dirname(dst), { recursive: true });
    // Readable by the user only, like settings.json (it holds the key): captures are participants' data too.
    const output = await open(dst, 'w', 0o600);
    const hash = createHash('sha256');
    let bytes = 0;
    try {
      const buf = Buffer.allocUnsafe(CHUNK);
      for (;;) {
        const { bytesRead } = await input.read(buf, 0, CHUNK, bytes);
        if (bytesRead === 0) break;
        const chunk = buf.subarray(0, bytesRead);
        hash.update(chunk);
        let written = 0;
        while (written < bytesRead) written += (await output.write(chunk, written, bytesRead - written, bytes + written)).bytesWritten;
        bytes += bytesRead;
        onBytes(bytesRead);
      }
      await output.sync();
    } finally {
      await output.close();
    }
    const after = stateOf(await input.stat());
    const stable = sameState(before, after) && after.size === bytes;
    return { state: stable ? before : { ...before, size: -1 }, bytes, hash: hash.digest('hex') };
  } finally {
    await input.close();
  }
}

export async function hashFile(path: string, onBytes: (n: number) => void = () => undefined): Promise<{ hash: string; size: number }> {
  const handle = await open(path, 'r');
  try {
    const hash = createHash('sha256');
    const buf = Buffer.allocUnsafe(CHUNK);
    let size = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, CHUNK, size);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
      size += bytesRead;
      onBytes(bytesRead);
    }
    return { hash: hash.digest('hex'), size };
  } finally {
    await handle.close();
  }
}

export async function removeCopy(toRoot: string, rel: string): Promise<void> {
  await unlink(toPath(toRoot, rel)).catch(() => undefined);
}

/** Make the new names durable: fsync every folder that received a file, deepest first, then the root. */
export async function fsyncFolders(toRoot: string, rels: Iterable<string>): Promise<void> {
  const dirs = new Set<string>([toRoot]);
  for (const rel of rels) {
    const parts = rel.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(toPath(toRoot, parts.slice(0, i).join('/')));
  }
  const ordered = [...dirs].sort((a, b) => b.split(sep).length - a.split(sep).length);
  for (const d of ordered) await fsyncDir(d);
}
