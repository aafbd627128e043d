// The desktop shell: lifecycle, window and IPC around the same core the headless shell uses.
import { join } from 'node:path';
import { app, BrowserWindow, dialog } from 'electron';
import { ConsoleCore } from '../core/console-core';
import type { EventPayloads } from '../../shared/contract';
import { bindIpc } from './ipc';
import { notifyTunnelUrlChanged } from './notify';
import { saveReportPdf } from './report-pdf';
import { installMenu } from './menu';
import { keepAwakeWhile } from './power';
import { createWindow, hardenSessions, isOwnPage } from './window';

// Tests give each run its own folder; nothing else changes under test.
const dataDir = process.env.ASLEEP_CONSOLE_DATA_DIR ?? join(app.getPath('userData'), 'data');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let core: ConsoleCore | null = null;
  let closed = false;
  let unbind: () => void = () => undefined;
  let awake: ReturnType<typeof keepAwakeWhile> | null = null;

  app.on('second-instance', () => {
    const win = BrowserWindow.getAllWindows()[0];
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  app.whenReady().then(async () => {
    hardenSessions();
    try {
      core = await ConsoleCore.open({ dataDir, shell: 'desktop' });
    } catch (err) {
      dialog.showErrorBox('The console could not start', err instanceof Error ? err.message : String(err));
      closed = true;
      app.quit();
      return;
    }
    const live = core;
    unbind = bindIpc(live, isOwnPage, () => BrowserWindow.getAllWindows(), { saveReportPdf });
    installMenu(live);
    awake = keepAwakeWhile(() => live.hasLiveSessions());
    live.on((event, payload) => {
      if (event === 'sessionUpdated') awake?.check();
      if (event === 'tunnelUrlChanged') notifyTunnelUrlChanged(payload as EventPayloads['tunnelUrlChanged']);
    });
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Graceful quit: stop the listener and flush the store before the process goes, with a timeout.
  app.on('before-quit', (event) => {
    if (closed || !core) return;
    event.preventDefault();
    closed = true;
    awake?.stop();
    unbind();
    void core.close(5_000).finally(() => app.quit());
  });
}
