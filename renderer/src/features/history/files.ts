// Saving exports (Blob + <a download>, works in both shells) and reading an exported file
// (<input type=file> + File.text(): the page never touches the file system itself).
import type { ExportFile } from '../../../../shared/export';
import { exportFileName } from '../../../../shared/export/file-name';
import { nightsCsv } from '../../../../shared/export/nights-csv';
import type { NightRow } from '../../../../shared/export/night-rows';
import { sessionCsv } from '../../../../shared/export/session-csv';
import { sessionJson } from '../../../../shared/export/session-json';
import type { SessionDetail } from '../../../../shared/session';
import { getApi } from '../../api';
import { useHistory } from './historyStore';

export function saveFile(file: ExportFile): void {
  const url = URL.createObjectURL(new Blob([file.content], { type: file.mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

const CSV = 'text/csv; charset=utf-8';

/** Files for a session opened offline are built here from the file's own data (no core involved). */
export function offlineSessionFile(session: SessionDetail, format: 'json' | 'csv'): ExportFile {
  const fileName = exportFileName([session.userId, session.sessionId], format);
  return format === 'csv'
    ? { fileName, mimeType: CSV, content: sessionCsv(session) }
    : { fileName, mimeType: 'application/json; charset=utf-8', content: sessionJson(session) };
}

export function offlineNightsFile(userId: string, nights: NightRow[]): ExportFile {
  return { fileName: exportFileName([userId, 'nights'], 'csv'), mimeType: CSV, content: nightsCsv(nights) };
}

/** Largest file offered to openExport (the contract allows 64 Mi characters). */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

export async function openExportFile(file: File): Promise<void> {
  const history = useHistory.getState();
  if (file.size > MAX_FILE_BYTES) {
    history.setOpenError(`${file.name} is larger than 64 MiB: not an exported session.`);
    return;
  }
  let content: string;
  try {
    content = await file.text();
  } catch (err) {
    history.setOpenError(`${file.name} could not be read: ${err instanceof Error ? err.message : String(err)}`);
    return;
  }
  if (content.length === 0) {
    history.setOpenError(`${file.name} is empty.`);
    return;
  }
  const r = await getApi().call('openExport', { content });
  if (!r.ok) {
    history.setOpenError(`${file.name}: ${r.error.message}`);
    return;
  }
  useHistory.getState().openOffline({ session: r.value.session, exportedAt: r.value.exportedAt, fileName: file.name });
}
