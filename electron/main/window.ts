import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, session, shell } from 'electron';
import { allowNavigation, decideWindowOpen, isOwnPage as isPage, type OwnPage } from './window-policy';

const devServer = process.env.ELECTRON_RENDERER_URL;

/** The page's own address: IPC is accepted from here and navigation to anywhere else is refused. */
export function ownPage(): OwnPage {
  return { url: devServer ?? pathToFileURL(join(__dirname, '../renderer/index.html')).toString(), devServer: devServer !== undefined };
}

export function pageUrl(): string {
  return ownPage().url;
}

export function isOwnPage(url: string): boolean {
  return isPage(ownPage(), url);
}

/** Electron's security checklist, applied once for the whole app (decisions in window-policy.ts). */
export function hardenSessions(): void {
  // The page needs no permission at all: camera, geolocation, notifications from the page, HID/USB/serial…
  // (Copying falls back to a user-gesture copy, which needs none.)
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.setDevicePermissionHandler(() => false);
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!allowNavigation(ownPage(), url)) event.preventDefault();
    });
    // Sub-frames too (the CSP allows none from elsewhere; this holds even if it did).
    contents.on('will-frame-navigate', (event) => {
      if (!allowNavigation(ownPage(), event.url)) event.preventDefault();
    });
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      const decision = decideWindowOpen(url);
      if (decision.openExternally) void shell.openExternal(decision.openExternally);
      return { action: decision.action };
    });
  });
}

export function createWindow(options: { show: boolean } = { show: true }): BrowserWindow {
  const win = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 900,
    minHeight: 560,
    backgroundColor: '#0f1218',
    title: 'Asleep Webhook Console',
    icon: join(__dirname, '../../resources/icon.png'),
    show: false,
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // Middle-click would otherwise open links in a new window (refused anyway by the open handler).
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    },
  });
  // Started minimized to the tray: the window is built (the page loads, the bridge is live) but stays hidden.
  if (options.show) win.once('ready-to-show', () => win.show());
  void win.loadURL(pageUrl());
  return win;
}
