import { readdir, rmdir, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { DataMovePhase, DataMoveProgress, DataMoveResult } from '../../../shared/contract';
import { listSegments, segmentName } from '../store/append-log';
import { fsyncDir } from '../store/fsync';
import { copyOne, fsyncFolders, hashFile, listFiles, removeCopy, sameState, toPath, type CopiedFile, type FileState } from './copy-tree';
import { MoveRefused, prepareTarget, removeCreated, type PreparedTarget } from './move-checks';

export const MOVED_NOTE = 'MOVED-TO.txt';
/** The journals whose newest segment is appended to while the console runs (see electron/core/store). */
const JOURNALS = ['captures', 'rejected'];

export interface MoveHooks {
  /**
   * Stop every write to the old folder: webhooks wait at the port (see RequestHold), requests being
   * handled finish, the store is flushed and closed, its lock released. After this the old folder
   * does not change.
   */
  quiesce(): Promise<void>;
  /** Open the console on `dir` (the new folder; or the old one again when the switch failed) and let waiting webhooks in. */
  reopen(dir: string): Promise<void>;
  progress(p: DataMoveProgress): void;
  log(level: 'info' | 'warn' | 'error', event: string, msg: string, fields?: Record<string, unknown>): void;
  /** Write the pointer for the next start, if this folder is the one a plain start opens; returns its path or null. Undone by `unremember`. */
  remember(to: string): Promise<string | null>;
  unremember(): Promise<void>;
  /** What the next start needs, given where the pointer went (null: not written). */
  nextStart(to: string, pointerFile: string | null): string;
  /** Test-only: runs after the live copy is verified, before ingestion pauses. */
  afterLiveCopy?: () => Promise<void>;
  signal?: AbortSignal;
}

export type MoveOutcome = DataMoveResult;

/**
 * Move a live data folder without losing an acknowledged webhook.
 *
 * Design: the console keeps accepting into the old folder while the bulk is copied (pass 1) and
 * copied again where it changed meanwhile (pass 2), and every copy is checked against the SHA-256
 * of the bytes read. Only then does ingestion pause, for as long as the last changes take to copy:
 * the store is closed (quiesce), pass 3 copies what changed since pass 2, and the result is checked
 * again with the old folder quiet (same files, same sizes, recopied files and the journals' newest
 * segments by checksum). The console then reopens on the new folder. A webhook that arrives during
 * the pause waits at the open port and is answered by the new folder's store, so every 2xx ever
 * sent is backed by a record in whichever folder the console used at that moment, and every record
 * of the old folder is in the new one. A failure at any step leaves the old folder in use, as it was.
 */
export async function moveDataFolder(fromDir: string, toDir: string, hooks: MoveHooks): Promise<MoveOutcome> {
  const from = resolve(fromDir);
  let phase: DataMovePhase = 'checking';
  const counts = { files: 0, filesTotal: 0, bytes: 0, bytesTotal: 0 };
  let lastSent = 0;
  let to = resolve(toDir);
  const report = (force = false) => {
    const now = Date.now();
    if (!force && now - lastSent < 100) return;
    lastSent = now;
    hooks.progress({ phase, from, to, ...counts });
  };
  const enter = (next: DataMovePhase) => {
    phase = next;
    report(true);
  };
  const checkAbort = () => {
    if (hooks.signal?.aborted) throw new MoveRefused('MOVE_FAILED', 'The move was cancelled because the console is closing; the old folder is still in use.');
  };

  report(true);
  let target: PreparedTarget;
  let planned: Map<string, FileState>;
  try {
    ({ planned, target } = await check(from, to));
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    hooks.progress({ phase: 'failed', from, to, ...counts, error });
    hooks.log('warn', 'data.move-refused', `Moving the data folder to ${to} was refused: ${error}`, { from, to, code: (err as MoveRefused).code ?? null });
    throw err;
  }
  to = target.dir;
  counts.filesTotal = planned.size;
  counts.bytesTotal = sum(planned);
  hooks.log('info', 'data.move-started', `Moving the data folder from ${from} to ${to} (${planned.size} files, ${mib(counts.bytesTotal)}).`, { from, to, files: planned.size, bytes: counts.bytesTotal });

  const copied = new Map<string, CopiedFile>();
  let quiet = false;
  let switched = false;
  let pointerFile: string | null = null;
  let noteWritten = false;
  try {
    // Pass 1 and 2: live.
    enter('copying');
    await copyChanged(from, to, copied, counts, report, checkAbort);
    await copyChanged(from, to, copied, counts, report, checkAbort);
    await fsyncFolders(to, copied.keys());

    enter('verifying');
    counts.files = 0;
    counts.bytes = 0;
    counts.filesTotal = copied.size;
    counts.bytesTotal = [...copied.values()].reduce((n, c) => n + c.bytes, 0);
    for (const [rel, c] of copied) {
      checkAbort();
      await verifyCopy(to, rel, c, (n) => {
        counts.bytes += n;
        report();
      });
      counts.files++;
    }
    report(true);

    await hooks.afterLiveCopy?.();
    // Pass 3: quiet. From here until reopen, webhooks wait at the port.
    enter('switching');
    checkAbort();
    quiet = true;
    await hooks.quiesce();
    counts.files = 0;
    counts.bytes = 0;
    const recopied = await copyChanged(from, to, copied, counts, report, () => undefined);
    for (const rel of recopied) await verifyCopy(to, rel, copied.get(rel)!, () => undefined);
    await fsyncFolders(to, copied.keys());
    await verifyQuiet(from, to, copied);
    counts.files = copied.size;
    counts.bytes = [...copied.values()].reduce((n, c) => n + c.bytes, 0);
    counts.filesTotal = counts.files;
    counts.bytesTotal = counts.bytes;
    report(true);

    await writeNote(from, to);
    noteWritten = true;
    pointerFile = await hooks.remember(to);
    await hooks.reopen(to);
    switched = true;
    const nextStart = hooks.nextStart(to, pointerFile);
    phase = 'done';
    hooks.progress({ phase, from, to, ...counts, nextStart });
    hooks.log('info', 'data.moved', `The data folder moved from ${from} to ${to} (${counts.files} files, ${mib(counts.bytes)}); the old folder is left in place with ${MOVED_NOTE}.`, {
      from,
      to,
      files: counts.files,
      bytes: counts.bytes,
      pointerFile,
    });
    return { from, to, files: counts.files, bytes: counts.bytes, pointerFile, nextStart };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (!switched) {
      if (noteWritten) await unlink(join(from, MOVED_NOTE)).catch(() => undefined);
      if (pointerFile) await hooks.unremember().catch(() => undefined);
      if (quiet) {
        try {
          await hooks.reopen(from);
        } catch (again) {
          const why = `${message} Reopening ${from} failed too (${again instanceof Error ? again.message : String(again)}): restart the console.`;
          hooks.progress({ phase: 'failed', from, to, ...counts, error: why });
          hooks.log('error', 'data.move-failed', why, { from, to });
          throw new MoveRefused('MOVE_FAILED', why);
        }
      }
      // Our copy only: the target was empty (or absent) when the move began.
      for (const rel of copied.keys()) await removeCopy(to, rel);
      await removeEmptyFolders(to);
      await removeCreated(target.created);
    }
    const error = `${message}${switched ? '' : ` Nothing was changed: the console still uses ${from}.`}`;
    phase = 'failed';
    hooks.progress({ phase, from, to, ...counts, error });
    hooks.log('error', 'data.move-failed', `Moving the data folder to ${to} failed: ${error}`, { from, to });
    throw err instanceof MoveRefused ? new MoveRefused(err.code, error) : new MoveRefused('MOVE_FAILED', error);
  }
}

/** Checking: what is there to copy, and whether the target can take it (see prepareTarget). */
async function check(from: string, to: string): Promise<{ planned: Map<string, FileState>; target: PreparedTarget }> {
  const special: string[] = [];
  const planned = await listFiles(from, (rel) => special.push(rel));
  if (special.length > 0) {
    // A linked folder would be left behind silently (and its data with it): refuse instead.
    const names = `${special.slice(0, 3).join(', ')}${special.length > 3 ? ` and ${special.length - 3} more` : ''}`;
    throw new MoveRefused(
      'MOVE_FAILED',
      `The data folder holds ${names}, which ${special.length === 1 ? 'is' : 'are'} not a plain file or folder (a symbolic link?). Only plain files are copied: put the real files in place, or move the folder by hand.`,
    );
  }
  return { planned, target: await prepareTarget(from, to, sum(planned)) };
}

/**
 * Copy every file that is new or changed since its last copy, and remove copies of files that are
 * gone (a pruned segment, a replaced temp). Returns the files copied in this pass.
 */
async function copyChanged(
  from: string,
  to: string,
  copied: Map<string, CopiedFile>,
  counts: { files: number; filesTotal: number; bytes: number; bytesTotal: number },
  report: () => void,
  checkAbort: () => void,
): Promise<string[]> {
  const now = await listFiles(from);
  const todo = [...now].filter(([rel, state]) => !isCurrent(copied.get(rel), state));
  counts.filesTotal = counts.files + todo.length;
  counts.bytesTotal = counts.bytes + todo.reduce((n, [, s]) => n + s.size, 0);
  const done: string[] = [];
  for (const [rel] of todo) {
    checkAbort();
    const c = await copyOne(from, to, rel, (n) => {
      counts.bytes += n;
      report();
    });
    counts.files++;
    if (c) {
      copied.set(rel, c);
      done.push(rel);
    } else {
      copied.delete(rel);
      await removeCopy(to, rel);
    }
  }
  for (const rel of [...copied.keys()]) {
    if (!now.has(rel)) {
      copied.delete(rel);
      await removeCopy(to, rel);
    }
  }
  return done;
}

const isCurrent = (c: CopiedFile | undefined, state: FileState) => c !== undefined && c.state.size >= 0 && sameState(c.state, state);

async function verifyCopy(to: string, rel: string, c: CopiedFile, onBytes: (n: number) => void): Promise<void> {
  const { hash, size } = await hashFile(toPath(to, rel), onBytes).catch((err: unknown) => {
    throw new MoveRefused('MOVE_FAILED', `The copy of ${rel} cannot be read back (${describe(err)}).`);
  });
  if (size !== c.bytes || hash !== c.hash) {
    throw new MoveRefused('MOVE_FAILED', `The copy of ${rel} does not match the original (${size} of ${c.bytes} bytes, checksum ${hash === c.hash ? 'equal' : 'different'}); the disk may be failing.`);
  }
}

/** With the old folder quiet: the same files with the same sizes, and the journals' newest segments byte-identical. */
async function verifyQuiet(from: string, to: string, copied: Map<string, CopiedFile>): Promise<void> {
  const source = await listFiles(from);
  const copy = await listFiles(to);
  for (const [rel, s] of source) {
    const d = copy.get(rel);
    if (!d) throw new MoveRefused('MOVE_FAILED', `${rel} is missing from the copy.`);
    if (d.size !== s.size) throw new MoveRefused('MOVE_FAILED', `The copy of ${rel} has ${d.size} bytes instead of ${s.size}.`);
  }
  for (const rel of copy.keys()) if (!source.has(rel)) throw new MoveRefused('MOVE_FAILED', `The copy has ${rel}, which the old folder no longer has.`);
  for (const journal of JOURNALS) {
    const newest = (await listSegments(join(from, journal))).at(-1);
    if (newest === undefined) continue;
    const rel = `${journal}/${segmentName(newest)}`;
    const [a, b] = await Promise.all([hashFile(toPath(from, rel)), hashFile(toPath(to, rel))]);
    if (a.hash !== b.hash || a.hash !== copied.get(rel)?.hash) throw new MoveRefused('MOVE_FAILED', `The copy of ${rel} does not match the original.`);
  }
}

async function writeNote(from: string, to: string): Promise<void> {
  const text = [
    `This data folder was moved to:`,
    ``,
    `    ${to}`,
    ``,
    `on ${new Date().toISOString()} by the Asleep webhook console. Every file was copied and checked`,
    `(sizes and SHA-256 checksums) before the console switched to the new folder; it records there now.`,
    ``,
    `This copy was left in place on purpose: the console never deletes your data. Once you have`,
    `checked the new folder, you may delete this one. Starting a console on this folder again would`,
    `record new webhooks here, not in the new folder.`,
    ``,
  ].join('\n');
  await writeFile(join(from, MOVED_NOTE), text, { flush: true });
  await fsyncDir(from);
}

/** Empty folders under `to`, deepest first: the target was empty when the move began, so they are ours. */
async function removeEmptyFolders(to: string): Promise<void> {
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (!e.isDirectory()) continue;
      await walk(join(dir, e.name));
      await rmdir(join(dir, e.name)).catch(() => undefined);
    }
  };
  await walk(to);
}

const sum = (files: Map<string, FileState>) => [...files.values()].reduce((n, s) => n + s.size, 0);
const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
const describe = (err: unknown) => (err as NodeJS.ErrnoException)?.code ?? (err instanceof Error ? err.message : String(err));
