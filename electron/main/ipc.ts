import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { CommandHandlers } from '../../shared/contract';
import type { ConsoleCore } from '../core/console-core';
import { CALL_CHANNEL, EVENT_CHANNEL } from './channels';
import { handleIpcCall } from './ipc-handler';

/**
 * Bind the contract to IPC. Every call is checked twice (ipc-handler.ts): the sender must be our own
 * page, and the arguments must pass the contract's zod schema.
 */
export function bindIpc(
  /** The core, or the CoreHost that keeps its handlers and events across data folder moves. */
  core: Pick<ConsoleCore, 'handlers' | 'on'>,
  isOwnPage: (url: string) => boolean,
  windows: () => BrowserWindow[],
  /** Commands only the desktop shell can carry out (it has windows). */
  desktopHandlers: Partial<CommandHandlers> = {},
): () => void {
  const handlers: CommandHandlers = { ...core.handlers, ...desktopHandlers };
  // The frame that sent the message (not the top page): an iframe of another origin cannot borrow the page's rights.
  ipcMain.handle(CALL_CHANNEL, (event: IpcMainInvokeEvent, name: unknown, args: unknown) =>
    handleIpcCall(handlers, isOwnPage, event.senderFrame?.url, name, args),
  );
  const unsubscribe = core.on((event, payload) => {
    for (const win of windows()) if (!win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, event, payload);
  });
  return () => {
    ipcMain.removeHandler(CALL_CHANNEL);
    unsubscribe();
  };
}
