// What the Electron preload exposes on `window`. Nothing else from Electron reaches the page.
import type { Result } from '../../../shared/result';

export interface DesktopBridge {
  call(name: string, args: unknown): Promise<Result<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    asleepConsole?: DesktopBridge;
  }
}

export function desktopBridge(): DesktopBridge | null {
  const b = typeof window !== 'undefined' ? window.asleepConsole : undefined;
  return b && typeof b.call === 'function' && typeof b.on === 'function' ? b : null;
}
