// The top bar's way in and out of the Settings page.
import { useUi } from '../../app/uiStore';

export function SettingsButton() {
  const open = useUi((s) => s.main === 'settings');
  const show = useUi((s) => s.show);
  return (
    <button
      type="button"
      className={`btn ${open ? 'primary' : ''}`}
      aria-pressed={open}
      data-testid="open-settings"
      onClick={() => show(open ? 'session' : 'settings')}
      title="Listener port and path, API key, stale threshold, data folder and retention, desktop preferences, logs"
    >
      Settings
    </button>
  );
}
