// The headless shell's side of the data folder: which folder a start opens, and what the terminal
// says when the folder is moved from the UI.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EventPayloads } from '../../shared/contract';
import type { CoreHost } from '../core/core-host';
import { defaultDataDir } from '../core/data-dir';
import { defaultPointerFile, resolveDataDir, type ResolvedDataDir } from '../core/data-move/data-location';
import { MOVED_NOTE } from '../core/data-move/data-mover';

/**
 * `--data` decides; without it a start follows the pointer a move left (same file as the desktop
 * app's), else the default folder. A pointer to a folder that is not there (an unplugged drive) is
 * an error, not a reason to start an empty folder in its place.
 */
export function locateDataDir(flag: string | undefined): ResolvedDataDir & { pointer: { file: string; defaultDir: string } } {
  const pointer = { file: defaultPointerFile(), defaultDir: defaultDataDir() };
  return { ...resolveDataDir({ flag, pointerFile: pointer.file, defaultDir: pointer.defaultDir }), pointer };
}

/** A folder that was moved away still works, but new webhooks would land in the old copy: say so. */
export function movedAwayWarning(dataDir: string): string | null {
  if (!existsSync(join(dataDir, MOVED_NOTE))) return null;
  return `!! ${dataDir} was moved elsewhere (see ${join(dataDir, MOVED_NOTE)}); webhooks received now are stored in this old copy.`;
}

/** One terminal line per phase of a move started from the UI, and what the next start needs. */
export function reportMoves(host: CoreHost, print: (line: string) => void): () => void {
  let phase = '';
  return host.on((event, payload) => {
    if (event !== 'dataMoveProgress') return;
    const p = payload as EventPayloads['dataMoveProgress'];
    if (p.phase === phase) return;
    phase = p.phase;
    if (p.phase === 'checking') print(`Moving the data folder to ${p.to}…`);
    else if (p.phase === 'switching') print(`Switching to ${p.to} (webhooks wait at the port for a moment)…`);
    else if (p.phase === 'done') {
      print(`Data folder moved: ${p.from} → ${p.to} (${p.files} files, ${(p.bytes / 1024 / 1024).toFixed(1)} MiB). The old folder is left in place with ${MOVED_NOTE}.`);
      if (p.nextStart) print(`!! ${p.nextStart}`);
    } else if (p.phase === 'failed') print(`Moving the data folder failed: ${p.error ?? 'unknown error'}`);
  });
}
