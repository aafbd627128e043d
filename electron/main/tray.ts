// The tray icon: its colour says all-good / attention / down (decided in shared/desktop/tray-state.ts),
// its menu holds the quick actions (shared/desktop/tray-menu.ts). This file only draws what they decide.
import { join } from 'node:path';
import { clipboard, Menu, nativeImage, Tray, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import type { ConsoleStatus } from '../../shared/contract';
import { trayMenu, type TrayAction, type TrayMenuItem } from '../../shared/desktop/tray-menu';
import { trayState, type TrayLevel, type TrayState } from '../../shared/desktop/tray-state';
import type { SessionSummary } from '../../shared/session';

export interface TrayHandlers {
  open(): void;
  toggleTunnel(): void;
  quit(): void;
  windowVisible(): boolean;
}

/** tray-<level>.png; Electron loads tray-<level>@2x.png next to it on HiDPI screens. */
function loadImages(): Record<TrayLevel, NativeImage> {
  const load = (level: TrayLevel) => {
    const image = nativeImage.createFromPath(join(__dirname, '../../resources', `tray-${level}.png`));
    if (image.isEmpty()) throw new Error(`The tray icon resources/tray-${level}.png is missing or unreadable.`);
    return image;
  };
  return { ok: load('ok'), attention: load('attention'), down: load('down') };
}

export class ConsoleTray {
  private readonly tray: Tray;
  private readonly images: Record<TrayLevel, NativeImage>;
  private level: TrayLevel | null = null;
  private tooltip = '';
  private menuKey = '';
  private last: { status: ConsoleStatus; state: TrayState } | null = null;

  /** Throws where the system has no tray (the caller then keeps the window as the only way in). */
  constructor(private readonly handlers: TrayHandlers) {
    this.images = loadImages();
    this.tray = new Tray(this.images.ok);
    // Windows (and Linux panels that report clicks): a left click opens the console, the menu is on the
    // right button. On macOS a click opens the menu, as menu-bar items do.
    if (process.platform !== 'darwin') {
      this.tray.on('click', () => handlers.open());
      this.tray.on('double-click', () => handlers.open());
    }
  }

  update(status: ConsoleStatus, sessions: Iterable<SessionSummary>): void {
    const state = trayState(status, [...sessions]);
    this.last = { status, state };
    if (state.level !== this.level) {
      this.level = state.level;
      this.tray.setImage(this.images[state.level]);
    }
    if (state.tooltip !== this.tooltip) {
      this.tooltip = state.tooltip;
      this.tray.setToolTip(state.tooltip);
    }
    this.renderMenu();
  }

  /** The window was shown or hidden: "Open" / "Show" follows. */
  refresh(): void {
    this.renderMenu();
  }

  destroy(): void {
    if (!this.tray.isDestroyed()) this.tray.destroy();
  }

  private renderMenu(): void {
    if (!this.last) return;
    const items = trayMenu(this.last.status, this.last.state, this.handlers.windowVisible());
    // Rebuilding a native menu on every status tick flickers an open menu on some desktops: only on change.
    const key = JSON.stringify(items);
    if (key === this.menuKey) return;
    this.menuKey = key;
    this.tray.setContextMenu(Menu.buildFromTemplate(items.map((item) => this.toNative(item))));
  }

  private toNative(item: TrayMenuItem): MenuItemConstructorOptions {
    if (item.kind === 'separator') return { type: 'separator' };
    if (item.kind === 'info') return { label: item.label, enabled: false };
    return { label: item.label, enabled: item.enabled, click: () => this.run(item.action, item.text) };
  }

  private run(action: TrayAction, text: string | undefined): void {
    if (action === 'copy' && text) clipboard.writeText(text);
    else if (action === 'open') this.handlers.open();
    else if (action === 'toggleTunnel') this.handlers.toggleTunnel();
    else if (action === 'quit') this.handlers.quit();
  }
}
