// Where the data folder is, across restarts. After "Move data folder…" the console writes a small
// pointer file next to the default folder; a start that is not told where to look (no --data, no
// ASLEEP_CONSOLE_DATA_DIR) follows it. An explicit choice always wins over the pointer.
import { readFileSync, statSync } from 'node:fs';
import { mkdir, open, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { appDataDir, PRODUCT_NAME } from '../data-dir';
import { fsyncDir } from '../store/fsync';

export const POINTER_FORMAT = 'asleep-console-data-location/1';
export const POINTER_FILE_NAME = 'data-location.json';

/** The pointer file in the app's own folder (Electron's userData), next to the default `data` folder. */
export function defaultPointerFile(): string {
  return join(appDataDir(), PRODUCT_NAME, POINTER_FILE_NAME);
}

export interface DataPointer {
  format: typeof POINTER_FORMAT;
  dataDir: string;
  movedFrom: string | null;
  movedAt: string;
}

export type DataDirSource = 'flag' | 'env' | 'pointer' | 'default';

export interface ResolvedDataDir {
  dir: string;
  source: DataDirSource;
  /** Set when the pointer names a folder that is not there (an unplugged drive): do not create an empty one. */
  problem: string | null;
}

/** The pointer's target, or null when there is no usable pointer (absent, unreadable, or not an absolute path). */
export function readPointer(file: string): DataPointer | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
  const p = parsed as Partial<DataPointer> | null;
  if (!p || p.format !== POINTER_FORMAT || typeof p.dataDir !== 'string' || !isAbsolute(p.dataDir)) return null;
  return { format: POINTER_FORMAT, dataDir: p.dataDir, movedFrom: typeof p.movedFrom === 'string' ? p.movedFrom : null, movedAt: String(p.movedAt ?? '') };
}

/**
 * Which folder to open: an explicit folder (command line, then the environment) first, then the
 * pointer left by a move, then the default. Synchronous: shells call it once, before anything starts.
 */
export function resolveDataDir(choice: { flag?: string; env?: string; pointerFile: string; defaultDir: string }): ResolvedDataDir {
  if (choice.flag) return { dir: resolve(choice.flag), source: 'flag', problem: null };
  if (choice.env) return { dir: resolve(choice.env), source: 'env', problem: null };
  const pointer = readPointer(choice.pointerFile);
  if (!pointer) return { dir: choice.defaultDir, source: 'default', problem: null };
  let problem: string | null = null;
  try {
    if (!statSync(pointer.dataDir).isDirectory()) problem = `${pointer.dataDir} is not a folder.`;
  } catch {
    problem = `The data folder was moved to ${pointer.dataDir}, which is not there now (is its drive connected?).`;
  }
  if (problem) {
    problem += ` Connect it and start again, or start with --data DIR (or ASLEEP_CONSOLE_DATA_DIR) to use another folder; the pointer is ${choice.pointerFile}.`;
  }
  return { dir: pointer.dataDir, source: 'pointer', problem };
}

/** The folder a start without an explicit choice would open right now. */
export function folderFollowedByDefault(pointerFile: string, defaultDir: string): string {
  return readPointer(pointerFile)?.dataDir ?? defaultDir;
}

/** Write the pointer durably (temp file, fsync, rename, fsync the folder). */
export async function writePointer(file: string, dataDir: string, movedFrom: string | null): Promise<void> {
  const pointer: DataPointer = { format: POINTER_FORMAT, dataDir, movedFrom, movedAt: new Date().toISOString() };
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(pointer, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
  await fsyncDir(dirname(file));
}

/** The pointer file's text before a move, so a move that is undone can put it back exactly. */
export async function snapshotPointer(file: string): Promise<() => Promise<void>> {
  const before = await readFile(file, 'utf8').catch(() => null);
  return async () => {
    if (before === null) await unlink(file).catch(() => undefined);
    else await writeFile(file, before, { mode: 0o600, flush: true });
  };
}
