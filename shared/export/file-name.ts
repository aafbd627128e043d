/** A file name safe on every OS, from ids that may hold anything: `G-user_20250115_x.csv`. */
export function exportFileName(parts: readonly string[], extension: string): string {
  const safe = parts.map((p) => p.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^\.+/, '_').slice(0, 60) || '_');
  return `${safe.join('_')}.${extension}`;
}
