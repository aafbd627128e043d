// The desktop shell: lifecycle, window and IPC around the same core the headless shell uses.
import { join } from 'node:path';
import { app, BrowserWindow, dialog } from 'electron';
// settings and data: the host replaces the core when the data folder moves; the pointer a move leaves
import { CoreHost } from '../core/core-host';
import { POINTER_FILE_NAME, resolveDataDir } from '../core/data-move/data-location';
import { openLogsFolder } from './logs-folder';
import { APP_ID } from '../../shared/desktop/app-id';
import { startDesktopCompanion, type DesktopCompanion } from './desktop-companion';
import { readPrefs } from './desktop-prefs';
import { bindIpc } from './ipc';
import { MainWindow } from './main-window';
import { saveReportPdf } from './report-pdf';
import { installMenu } from './menu';
import { keepAwakeWhile, onWake } from './power';
import { hardenSessions, isOwnPage } from './window';

// Tests give each run its own folder; nothing else changes under test. Without that variable, the
// folder a "Move data folder" left in the pointer file, else userData/data.
const pointerFile = join(app.getPath('userData'), POINTER_FILE_NAME);
const defaultDir = join(app.getPath('userData'), 'data');
const located = resolveDataDir({ env: process.env.ASLEEP_CONSOLE_DATA_DIR, pointerFile, defaultDir });
const dataDir = located.dir;

// Windows attributes notifications to this id; it must be the installer's appId (electron-builder.yml).
if (process.platform === 'win32') app.setAppUserModelId(APP_ID);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let core: CoreHost | null = null;
  let closed = false;
  let unbind: () => void = () => undefined;
  let awake: ReturnType<typeof keepAwakeWhile> | null = null;
  let stopWake: () => void = () => undefined;
  let companion: DesktopCompanion | null = null;
  const mainWindow = new MainWindow({
    keepRunningWhenClosed: () => companion?.trayPresent === true,
    hiddenByClose: () => companion?.explainHidden(),
    visibilityChanged: () => companion?.windowChanged(),
  });

  // Starting the app again (e.g. from the launcher while it sits in the tray) brings the window back.
  app.on('second-instance', () => {
    if (mainWindow.exists()) mainWindow.show();
  });

  app.whenReady().then(async () => {
    hardenSessions();
    try {
      if (located.problem) throw new Error(located.problem);
      core = await CoreHost.open({ dataDir, shell: 'desktop', dataPointer: { file: pointerFile, defaultDir }, startedWith: located.source });
    } catch (err) {
      dialog.showErrorBox('The console could not start', err instanceof Error ? err.message : String(err));
      closed = true;
      app.quit();
      return;
    }
    const live = core;
    unbind = bindIpc(live, isOwnPage, () => BrowserWindow.getAllWindows(), { saveReportPdf, openLogsFolder: openLogsFolder(live) });
    awake = keepAwakeWhile(() => live.core.hasLiveSessions());
    // sleep and resume: probe the tunnel and recompute session states at once on waking
    stopWake = onWake((reason) => live.core.resumed(reason));
    live.on((event) => {
      if (event === 'sessionUpdated') awake?.check();
    });
    // Tray and notifications; the tray's and the menu's Quit ask first while nights are being recorded.
    companion = await startDesktopCompanion(live, {
      openWindow: () => mainWindow.show(),
      windowVisible: () => mainWindow.visible(),
      quit: () => app.quit(),
    }).catch((err: unknown) => {
      console.error('Tray and notifications are off:', err);
      return null;
    });
    const withTray = companion?.trayPresent === true;
    installMenu(live, { quit: () => (companion ? void companion.confirmQuit() : app.quit()), keepsRecordingWhenClosed: withTray });
    // Start minimized to the tray only when there is a tray to come back from.
    const prefs = await readPrefs(live);
    mainWindow.create(!(prefs.startMinimized && withTray));
    app.on('activate', () => mainWindow.show());
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Graceful quit: stop the listener and flush the store before the process goes, with a timeout.
  app.on('before-quit', (event) => {
    mainWindow.quitting = true;
    if (closed || !core) return;
    event.preventDefault();
    closed = true;
    awake?.stop();
    stopWake();
    companion?.stop();
    unbind();
    void core.close(5_000).finally(() => app.quit());
  });
}
