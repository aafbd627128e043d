// The application menu. File > Open exported session… reads the file here (the page has no file
// system), validates it through the contract's openExport and pushes it to the window for
// read-only viewing. Reviewing a whole data folder is done by the headless shell for now.
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { app, BrowserWindow, clipboard, dialog, Menu, type MenuItemConstructorOptions } from 'electron';
import type { EventPayloads } from '../../shared/contract';
import { dispatch } from '../../shared/dispatch';
import { MAX_EXPORT_CHARS } from '../../shared/export/session-export-schema';
import type { ConsoleCore } from '../core/console-core';
import { EVENT_CHANNEL } from './channels';

export interface MenuOptions {
  /** Quit, asking first while nights are being recorded (desktop-companion.ts). */
  quit: () => void;
  /** With a tray icon, closing the window keeps the console running: the menu says so. */
  keepsRecordingWhenClosed: boolean;
}

export function installMenu(core: Pick<ConsoleCore, 'handlers'>, options: MenuOptions = { quit: () => app.quit(), keepsRecordingWhenClosed: false }): void {
  const isMac = process.platform === 'darwin';
  const quitLabel = options.keepsRecordingWhenClosed ? 'Quit (Stops Recording)…' : 'Quit';
  const closeLabel = options.keepsRecordingWhenClosed ? 'Close Window (Keeps Recording)' : 'Close Window';
  // macOS: the standard app menu, but its Quit (Cmd+Q) asks first like the tray's.
  const appMenu: MenuItemConstructorOptions = {
    label: app.name,
    submenu: [
      { role: 'about' },
      { type: 'separator' },
      { role: 'services' },
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      { label: quitLabel.replace('Quit', `Quit ${app.name}`), accelerator: 'Command+Q', click: options.quit },
    ],
  };
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [appMenu] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open Exported Session…', accelerator: 'CmdOrCtrl+O', click: () => void openExportedSession(core) },
        { label: 'Open Data Folder Read-Only…', click: () => void explainFolderReview() },
        { type: 'separator' },
        { role: 'close', label: closeLabel },
        ...(isMac ? [] : [{ label: quitLabel, accelerator: 'Ctrl+Q', click: options.quit }]),
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

const mainWindow = (): BrowserWindow | undefined => BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];

async function openExportedSession(core: Pick<ConsoleCore, 'handlers'>): Promise<void> {
  const win = mainWindow();
  const options: Electron.OpenDialogOptions = {
    title: 'Open an exported session',
    properties: ['openFile'],
    filters: [{ name: 'Exported session (JSON)', extensions: ['json'] }],
  };
  const pick = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  const file = pick.filePaths[0];
  if (pick.canceled || !file) return;
  try {
    if ((await stat(file)).size > MAX_EXPORT_CHARS * 4) throw new Error('The file is too large to be an exported session.');
    const r = await dispatch(core.handlers, 'openExport', { content: await readFile(file, 'utf8') });
    if (!r.ok) throw new Error(r.error.message);
    const { session, exportedAt } = r.value as Omit<EventPayloads['openedExport'], 'fileName'>;
    const payload: EventPayloads['openedExport'] = { session, exportedAt, fileName: basename(file) };
    for (const w of BrowserWindow.getAllWindows()) if (!w.isDestroyed()) w.webContents.send(EVENT_CHANNEL, 'openedExport', payload);
  } catch (err) {
    dialog.showErrorBox('This file cannot be opened', err instanceof Error ? err.message : String(err));
  }
}

async function explainFolderReview(): Promise<void> {
  const win = mainWindow();
  const options: Electron.OpenDialogOptions = { title: 'Choose a data folder to review', properties: ['openDirectory'] };
  const pick = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  const folder = pick.filePaths[0];
  if (pick.canceled || !folder) return;
  const command = `npm run serve -- --data "${folder}" --read-only --ui-port 0`;
  const box: Electron.MessageBoxOptions = {
    type: 'info',
    title: 'Review a data folder',
    message: 'Review this folder with the headless console',
    detail:
      `This window keeps recording in its own folder. To review ${folder} without changing anything in it ` +
      `(no lock, nothing written, no webhook listener), run in the project folder:\n\n${command}\n\n` +
      'and open the Console link it prints. To look at a single night, use File > Open Exported Session… instead.',
    buttons: ['Copy command', 'Close'],
    defaultId: 0,
    cancelId: 1,
  };
  const answer = win ? await dialog.showMessageBox(win, box) : await dialog.showMessageBox(box);
  if (answer.response === 0) clipboard.writeText(command);
}
