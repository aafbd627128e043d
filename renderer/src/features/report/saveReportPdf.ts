// "Print / Save as PDF": the desktop shell saves a PDF itself (webContents.printToPDF); a browser prints
// the page, whose print stylesheet (report.css) leaves only the report.
import type { Result } from '../../../../shared/result';
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

/**
 * TODO(lead): contract command `saveReportPdf({ userId, sessionId })` → `{ path: string } | { cancelled: true }`.
 * Desktop shell: `webContents.printToPDF({ printBackground: true })` of the window that shows the
 * report (its print stylesheet hides everything else and fits one A4/Letter portrait page), then a
 * save dialog. Until the command is in shared/contract.ts, TypeScript does not know the name: hence
 * the cast, in this one place.
 */
function saveReportPdf(ref: ReportRef): Promise<Result<unknown>> {
  const api = getApi() as unknown as { call(name: string, args: unknown): Promise<Result<unknown>> };
  return api.call('saveReportPdf', { userId: ref.userId, sessionId: ref.sessionId });
}

export async function printReport(ref: ReportRef): Promise<PrintOutcome> {
  if (!isDesktop()) {
    window.print();
    return { kind: 'printed' };
  }
  const r = await saveReportPdf(ref);
  if (r.ok) {
    const v = (r.value ?? {}) as { path?: unknown; cancelled?: unknown };
    if (v.cancelled === true) return { kind: 'cancelled' };
    return { kind: 'saved', path: typeof v.path === 'string' ? v.path : null };
  }
  // A desktop build without the command yet: the system print dialog can still save a PDF.
  if (r.error.code === 'UNKNOWN_COMMAND') {
    window.print();
    return { kind: 'printed' };
  }
  return { kind: 'error', message: r.error.message };
}
