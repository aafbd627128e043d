// The desktop shell's preferences, stored with the other settings as `desktop` (shared/settings.ts
// declares the schema). Read through `readDesktopPrefs` so an older core without the field, or a
// value that does not validate, gives the defaults instead of an error.
import { DEFAULT_NOTIFICATIONS, desktopSettingsSchema, type DesktopSettings, type NotificationKind, type NotificationSettings } from '../settings';

export type NoticeKind = NotificationKind;
export type NotificationPrefs = NotificationSettings;
export type DesktopPrefs = DesktopSettings;

export const DEFAULT_DESKTOP_PREFS: Readonly<DesktopPrefs> = Object.freeze({
  startMinimized: false,
  notifications: Object.freeze({ ...DEFAULT_NOTIFICATIONS }),
});

/** Any value (the stored `desktop` object, or nothing) → complete preferences; never throws. */
export function readDesktopPrefs(value: unknown): DesktopPrefs {
  const parsed = desktopSettingsSchema.safeParse(value ?? {});
  const prefs = parsed.success ? parsed.data : DEFAULT_DESKTOP_PREFS;
  return { startMinimized: prefs.startMinimized, notifications: { ...prefs.notifications } };
}
