// Desktop: start minimized to the tray, and which desktop notifications to show. Each box is saved
// as soon as it changes; the headless console stores them too but has no tray or notifications.
import { useEffect, useState } from 'react';
import { NOTIFICATION_KINDS, type DesktopSettings, type NotificationKind, type SettingsView } from '../../../../shared/settings';
import { useSettings } from './settingsStore';

const LABELS: Record<NotificationKind, string> = {
  nightCompleted: 'A night is complete (SESSION_COMPLETE arrived)',
  participantStale: 'A participant goes stale (no chunk for the stale threshold)',
  tunnelDown: 'The tunnel goes down',
  urlChanged: "The tunnel's public URL changes (Asleep's callback URL must be updated)",
};

export function DesktopSection({ view, shell }: { view: SettingsView; shell: 'desktop' | 'headless' }) {
  // The box follows the click at once; it goes back (with the reason) if the core refuses the change.
  const [shown, setShown] = useState<DesktopSettings>(view.desktop);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setShown(view.desktop), [view.desktop]);
  const save = async (next: DesktopSettings) => {
    setShown(next);
    setError(null);
    const r = await useSettings.getState().update({ desktop: next });
    if (!r.ok) {
      setShown(useSettings.getState().view?.desktop ?? view.desktop);
      setError(`Not saved: ${r.error.message}`);
    }
  };
  const disabled = view.readOnly;
  return (
    <section aria-labelledby="settings-desktop-title" data-testid="settings-desktop">
      <h3 id="settings-desktop-title">Desktop</h3>
      <p className="muted small">
        {shell === 'desktop'
          ? 'For this desktop app; saved with the data folder.'
          : 'These apply to the desktop app (tray and notifications); this browser console stores them for it but does not use them.'}
      </p>
      <label className="inline">
        <input
          type="checkbox"
          checked={shown.startMinimized}
          disabled={disabled}
          onChange={(e) => void save({ ...shown, startMinimized: e.target.checked })}
          data-testid="desktop-start-minimized"
        />{' '}
        Start minimized to the tray
      </label>
      <fieldset className="settings-fieldset" disabled={disabled}>
        <legend className="muted">Notify me when</legend>
        {NOTIFICATION_KINDS.map((kind) => (
          <label key={kind} className="inline">
            <input
              type="checkbox"
              checked={shown.notifications[kind]}
              onChange={(e) => void save({ ...shown, notifications: { ...shown.notifications, [kind]: e.target.checked } })}
              data-testid={`notify-${kind}`}
            />{' '}
            {LABELS[kind]}
          </label>
        ))}
      </fieldset>
      {error ? (
        <div className="error-text" role="alert">
          {error}
        </div>
      ) : null}
    </section>
  );
}
