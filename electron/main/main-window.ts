// The one console window. With a tray icon, closing it hides it: an overnight study must not stop
// because someone closed a window. Quitting (tray, File menu, Cmd+Q) is the way to stop recording.
import type { BrowserWindow } from 'electron';
import { createWindow } from './window';

export interface MainWindowHooks {
  /** Is there a tray to come back from? Without one, closing the window closes it (and quits). */
  keepRunningWhenClosed(): boolean;
  /** The window was hidden by its close button. */
  hiddenByClose(): void;
  /** Shown or hidden. */
  visibilityChanged(): void;
}

export class MainWindow {
  private win: BrowserWindow | null = null;
  /** Set once the app is quitting: the close button then really closes. */
  quitting = false;

  constructor(private readonly hooks: MainWindowHooks) {}

  create(show: boolean): BrowserWindow {
    const win = createWindow({ show });
    win.on('close', (event) => {
      if (this.quitting || !this.hooks.keepRunningWhenClosed()) return;
      event.preventDefault();
      win.hide();
      this.hooks.hiddenByClose();
    });
    win.on('show', () => this.hooks.visibilityChanged());
    win.on('hide', () => this.hooks.visibilityChanged());
    win.on('closed', () => {
      if (this.win === win) this.win = null;
      this.hooks.visibilityChanged();
    });
    this.win = win;
    return win;
  }

  /** Bring the console to the front, creating the window again if it was closed. */
  show(): void {
    const win = this.win;
    if (!win || win.isDestroyed()) {
      this.create(true); // shown when ready
      return;
    }
    if (win.isMinimized()) win.restore();
    if (!win.isVisible()) win.show();
    win.focus();
  }

  visible(): boolean {
    return this.win !== null && !this.win.isDestroyed() && this.win.isVisible() && !this.win.isMinimized();
  }

  exists(): boolean {
    return this.win !== null && !this.win.isDestroyed();
  }
}
