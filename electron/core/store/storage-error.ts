/**
 * What the storage banner says when a capture could not be written: what happened, in plain
 * words, and what to do. The system's code stays in the text (ENOSPC, EROFS, …) for searching.
 */
export function describeStorageError(dataDir: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const detail = err instanceof Error ? err.message : String(err);
  const resumes = 'Webhooks are answered 503 so the sender retries; ingestion resumes by itself once writing works again.';
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return `Writing to ${dataDir} failed: the disk is full (${code}). Free some space on it. ${resumes}`;
    case 'EROFS':
      return `Writing to ${dataDir} failed: the disk holding the data folder is read-only (EROFS; remounted read-only after an error, write-protected, or a read-only mount). Make it writable again, e.g. remount it read-write. ${resumes}`;
    case 'EACCES':
    case 'EPERM':
      return `Writing to ${dataDir} failed: this user may not write there (${code}). Fix the folder's permissions. ${resumes}`;
    case 'EIO':
      return `Writing to ${dataDir} failed: the disk reported an input/output error (EIO); check the drive. ${resumes}`;
    default:
      return `Writing to ${dataDir} failed: ${detail}. ${resumes}`;
  }
}
