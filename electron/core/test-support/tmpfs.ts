// A real small disk for the storage tests: a tmpfs mounted on a test folder, remounted read-only and
// back (needs root, as on CI and the dev machines). Shared by the Vitest and the Playwright suites.
import { execFileSync } from 'node:child_process';

const stderrOf = (err: unknown) => String((err as { stderr?: Buffer }).stderr ?? err).trim();

/** Mount a tmpfs of `size` (e.g. '8m') on `dir`; null when mounted, else why not (the test skips with it). */
export function mountTmpfs(dir: string, size: string): string | null {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
    return null;
  } catch (err) {
    return `mounting a tmpfs is not permitted here (${stderrOf(err)}); this test needs root`;
  }
}

export function unmount(dir: string): void {
  execFileSync('umount', ['-l', dir]);
}

/**
 * `mount -o remount,ro` fails with EBUSY while any file on the disk is open for writing; the console
 * closes idle write handles within seconds (IDLE_CLOSE_MS), so this is retried until `withinMs`.
 */
export async function remount(dir: string, mode: 'ro' | 'rw', withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      execFileSync('mount', ['-o', `remount,${mode}`, dir], { stdio: 'pipe' });
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`mount -o remount,${mode} kept failing: ${stderrOf(err)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
