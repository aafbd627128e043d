// "Print / Save as PDF": the desktop shell saves a PDF itself (webContents.printToPDF); a browser prints
// the page, whose print stylesheet (report.css) leaves only the report.
import { getApi } from '../../api';

export interface ReportRef {
  userId: string;
  sessionId: string;
}

export type PrintOutcome =
  | { kind: 'printed' }
  | { kind: 'saved'; path: string | null }
  | { kind: 'cancelled' }
  | { kind: 'error'; message: string };

/** The desktop shell exposes `window.asleepConsole` (preload); the headless shell does not. */
export const isDesktop = (): boolean => typeof window !== 'undefined' && !!window.asleepConsole;

/** Desktop: the main process prints the window (the print stylesheet leaves only the report) to a PDF file. */
function saveReportPdf(ref: ReportRef) {
  return getApi().call('saveReportPdf', { userId: ref.userId, sessionId: ref.sessionId });
}

export async function printReport(ref: ReportRef): Promise<PrintOutcome> {
  if (!isDesktop()) {
    window.print();
    return { kind: 'printed' };
  }
  const r = await saveReportPdf(ref);
  if (r.ok) return r.value.cancelled ? { kind: 'cancelled' } : { kind: 'saved', path: r.value.path };
  // A desktop build without the command yet: the system print dialog can still save a PDF.
  if (r.error.code === 'UNKNOWN_COMMAND') {
    window.print();
    return { kind: 'printed' };
  }
  return { kind: 'error', message: r.error.message };
}
