import { writeFile } from 'node:fs/promises';
import { BrowserWindow, dialog } from 'electron';
import type { CommandHandlers } from '../../shared/contract';
import { fail, ok } from '../../shared/result';

/**
 * Save the report the window is showing as a one-page PDF. The page's print stylesheet leaves only
 * the report, so printToPDF of the window is the report.
 */
export const saveReportPdf: CommandHandlers['saveReportPdf'] = async ({ userId, sessionId }) => {
  const win = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  if (!win) return fail('INTERNAL', 'There is no console window to print.');
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40);
  const choice = await dialog.showSaveDialog(win, {
    title: 'Save the night report as PDF',
    defaultPath: `report-${safe(userId)}-${safe(sessionId)}.pdf`,
    filters: [{ name: 'PDF', extensions: ['pdf'] }],
  });
  if (choice.canceled || !choice.filePath) return ok({ path: null, cancelled: true });
  try {
    const pdf = await win.webContents.printToPDF({ printBackground: true, pageSize: 'A4', landscape: false });
    await writeFile(choice.filePath, pdf);
    return ok({ path: choice.filePath, cancelled: false });
  } catch (err) {
    return fail('STORAGE_FAILED', `The PDF could not be saved: ${err instanceof Error ? err.message : String(err)}`);
  }
};
