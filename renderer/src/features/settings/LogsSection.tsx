// Logs: the desktop app opens the folder in the file manager; a browser cannot, so it shows the path.
import { useState } from 'react';
import { getApi } from '../../api';
import { CopyButton } from '../../ui/CopyButton';

export function LogsSection() {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ path: string; opened: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const open = async () => {
    setBusy(true);
    setError(null);
    const r = await getApi().call('openLogsFolder', {});
    setBusy(false);
    if (r.ok) setResult(r.value);
    else setError(`Could not open the logs folder: ${r.error.message}`);
  };
  return (
    <section aria-labelledby="settings-logs-title" data-testid="settings-logs">
      <h3 id="settings-logs-title">Logs</h3>
      <div className="settings-control">
        <button type="button" className="btn" onClick={() => void open()} disabled={busy} data-testid="open-logs-folder">
          {busy ? 'Opening…' : 'Open logs folder'}
        </button>
        <span className="muted small">Rotating log files, with API keys and other secrets redacted: attach them to a bug report.</span>
      </div>
      {result ? (
        <div className="settings-control" data-testid="logs-folder">
          <span className="muted">{result.opened ? 'Opened' : 'The folder (a browser cannot open it for you)'}:</span>
          <code className="value">{result.path}</code>
          <CopyButton text={result.path} what="logs folder path" />
        </div>
      ) : null}
      {error ? (
        <div className="error-text" role="alert">
          {error}
        </div>
      ) : null}
    </section>
  );
}
