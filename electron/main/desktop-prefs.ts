import { dispatch } from '../../shared/dispatch';
import { readDesktopPrefs, type DesktopPrefs } from '../../shared/desktop/preferences';
import type { CommandHandlers } from '../../shared/contract';

/**
 * The one place the desktop shell reads its preferences (Settings → Desktop: start minimized,
 * which notifications). Read fresh each time: the Settings page may have changed them a moment ago.
 * Anything unreadable gives the defaults (shown at start, every notification on).
 */
export async function readPrefs(core: { readonly handlers: CommandHandlers }): Promise<DesktopPrefs> {
  const r = await dispatch(core.handlers, 'getSettings', {});
  return readDesktopPrefs(r.ok ? (r.value as { desktop?: unknown }).desktop : undefined);
}
