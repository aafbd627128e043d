// The only bridge between the page and the main process: two functions, nothing else.
// (Sandboxed preload: CommonJS, no Node APIs beyond what Electron allows here.)
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../main/channels';

contextBridge.exposeInMainWorld('asleepConsole', {
  call: (name: string, args: unknown): Promise<unknown> => ipcRenderer.invoke(CALL_CHANNEL, String(name), args),
  on: (event: string, listener: (payload: unknown) => void): (() => void) => {
    // Deliberately drop the IPC event object: it carries the sender and must not reach the page.
    const handler = (_e: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  },
});
