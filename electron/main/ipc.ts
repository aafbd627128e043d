import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { dispatch } from '../../shared/dispatch';
import type { CommandHandlers } from '../../shared/contract';
import { fail } from '../../shared/result';
import type { ConsoleCore } from '../core/console-core';
import { CALL_CHANNEL, EVENT_CHANNEL } from './channels';

/**
 * Bind the contract to IPC. Every call is checked twice: the sender must be our own page, and the
 * arguments must pass the contract's zod schema (inside `dispatch`).
 */
export function bindIpc(
  core: ConsoleCore,
  isOwnPage: (url: string) => boolean,
  windows: () => BrowserWindow[],
  /** Commands only the desktop shell can carry out (it has windows). */
  desktopHandlers: Partial<CommandHandlers> = {},
): () => void {
  const handlers: CommandHandlers = { ...core.handlers, ...desktopHandlers };
  ipcMain.handle(CALL_CHANNEL, (event: IpcMainInvokeEvent, name: unknown, args: unknown) => {
    const url = event.senderFrame?.url ?? '';
    if (!isOwnPage(url)) return fail('UNAUTHORIZED', 'Calls are only accepted from the console window.');
    if (typeof name !== 'string') return fail('UNKNOWN_COMMAND', 'The command name must be a string.');
    return dispatch(handlers, name, args);
  });
  const unsubscribe = core.on((event, payload) => {
    for (const win of windows()) if (!win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, event, payload);
  });
  return () => {
    ipcMain.removeHandler(CALL_CHANNEL);
    unsubscribe();
  };
}
