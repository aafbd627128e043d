// Settings: listener, API key, sessions, data (size, retention), desktop preferences, logs. Everything
// is stored in the data folder's settings.json and checked with the same schemas as the core's.
import { useEffect } from 'react';
import { ApiKeyField } from '../onboarding/ApiKeyField';
import { useStatus } from '../status/statusStore';
import { EmptyState } from '../../ui/EmptyState';
import { DataSection } from './DataSection';
import { DesktopSection } from './DesktopSection';
import { ListenerSection } from './ListenerSection';
import { LogsSection } from './LogsSection';
import { SessionsSection } from './SessionsSection';
import { useSettings } from './settingsStore';
import '../onboarding/onboarding.css';
import './settings.css';

export function SettingsView({ onClose }: { onClose(): void }) {
  const view = useSettings((s) => s.view);
  const error = useSettings((s) => s.error);
  const status = useStatus((s) => s.status);
  // Fetched when the page opens, and again when the status says the listener moved (another window, a script).
  const webhookUrl = status?.webhookUrl;
  useEffect(() => {
    void useSettings.getState().load();
  }, [webhookUrl]);

  if (!view || !status) {
    return <EmptyState title={error ? 'Cannot read the settings' : 'Loading settings…'}>{error}</EmptyState>;
  }
  return (
    <div className="setup settings" data-testid="settings-view">
      <div className="setup-inner">
        <header>
          <h2>Settings</h2>
          <p className="muted">Kept in this data folder (settings.json, readable by you only).</p>
          <span style={{ flex: 1 }} />
          <button type="button" className="btn ghost" onClick={onClose}>
            Close
          </button>
        </header>
        {view.readOnly ? (
          <div className="warn" role="status">
            Read-only review: the settings of this folder are shown but cannot be changed.
          </div>
        ) : null}
        <ListenerSection view={view} status={status} />
        <section aria-labelledby="settings-key-title" data-testid="settings-api-key">
          <h3 id="settings-key-title">API key</h3>
          <ApiKeyField apiKey={status.apiKey} />
        </section>
        <SessionsSection view={view} />
        <DataSection view={view} />
        <DesktopSection view={view} shell={status.shell} />
        <LogsSection />
      </div>
    </div>
  );
}
