import { open } from 'node:fs/promises';

/** Make a rename or a new file in `dir` durable: fsync the folder entry itself (no-op where unsupported). */
export async function fsyncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (err) {
    // Windows cannot open or fsync a directory; the rename is still atomic there.
    if (!isUnsupported(err)) throw err;
  } finally {
    await handle?.close();
  }
}

function isUnsupported(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EISDIR' || code === 'EPERM' || code === 'EINVAL' || code === 'ENOTSUP';
}
