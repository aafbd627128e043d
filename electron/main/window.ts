import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, session, shell } from 'electron';

const devServer = process.env.ELECTRON_RENDERER_URL;

/** The page's own address: IPC is accepted from here and navigation to anywhere else is refused. */
export function pageUrl(): string {
  return devServer ?? pathToFileURL(join(__dirname, '../renderer/index.html')).toString();
}

export function isOwnPage(url: string): boolean {
  const own = new URL(pageUrl());
  try {
    const u = new URL(url);
    return devServer ? u.origin === own.origin : u.protocol === 'file:' && u.pathname === own.pathname;
  } catch {
    return false;
  }
}

/** Electron's security checklist, applied once for the whole app. */
export function hardenSessions(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isOwnPage(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    // Links in payloads are never opened; only our own help links (https) go to the system browser.
    contents.setWindowOpenHandler(({ url }) => {
      if (url.startsWith('https://docs-en.asleep.ai/')) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}

export function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 900,
    minHeight: 560,
    backgroundColor: '#0f1218',
    title: 'Asleep Webhook Console',
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
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(pageUrl());
  return win;
}
