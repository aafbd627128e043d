import { homedir } from 'node:os';
import { join } from 'node:path';

/** The product name Electron derives `userData` from; both shells share the same folder. */
export const PRODUCT_NAME = 'Asleep Webhook Console';

/** Where Electron's `app.getPath('appData')` points on each platform. */
export function appDataDir(): string {
  if (process.platform === 'win32') return process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support');
  return process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config');
}

/** Same place as the desktop app's `app.getPath('userData')/data`. */
export function defaultDataDir(): string {
  return join(appDataDir(), PRODUCT_NAME, 'data');
}
