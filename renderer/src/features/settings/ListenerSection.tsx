// Listener: the port and path Asleep posts to. Apply moves the running listener (nothing in flight is
// lost; a taken port leaves everything as it was) and stores the values for the next start.
import { useEffect, useState } from 'react';
import type { ConsoleStatus } from '../../../../shared/contract';
import { portSchema, webhookPathSchema, type SettingsPatch, type SettingsView } from '../../../../shared/settings';
import { CopyButton } from '../../ui/CopyButton';
import { check, parseNumber, sentence, webhookUrlFor } from './fields';
import { useSettings } from './settingsStore';

export function ListenerSection({ view, status }: { view: SettingsView; status: ConsoleStatus }) {
  const live = view.listener;
  const [portText, setPortText] = useState(String(live.port));
  const [path, setPath] = useState(view.path);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => setPortText(String(live.port)), [live.port]);
  useEffect(() => setPath(view.path), [view.path]);

  const port = check(portSchema, parseNumber(portText));
  const pathCheck = check(webhookPathSchema, path);
  const portChanged = port.value !== live.port || !live.listening;
  const pathChanged = path !== view.path;
  const valid = port.error === null && pathCheck.error === null;
  const canApply = valid && (portChanged || pathChanged) && !busy && !view.readOnly;
  const preview = webhookUrlFor(port.error ? '…' : port.value, pathCheck.error ? '…' : path);

  const apply = async () => {
    if (!canApply) return;
    const patch: SettingsPatch = {};
    // Only what changed: a path change alone keeps a --port of this run.
    if (portChanged) patch.port = port.value;
    if (pathChanged) patch.path = path;
    setBusy(true);
    setError(null);
    setDone(null);
    const r = await useSettings.getState().update(patch);
    setBusy(false);
    if (r.ok) setDone(`Applied: webhooks now go to ${r.value.listener.webhookUrl}`);
    else setError(r.error.message);
  };

  return (
    <section aria-labelledby="settings-listener-title" data-testid="settings-listener">
      <h3 id="settings-listener-title">Listener</h3>
      <form
        className="settings-form"
        onSubmit={(e) => {
          e.preventDefault();
          void apply();
        }}
      >
        <label htmlFor="settings-port">Port</label>
        <div className="settings-control">
          <input
            id="settings-port"
            type="text"
            inputMode="numeric"
            className="input narrow"
            value={portText}
            onChange={(e) => setPortText(e.target.value)}
            aria-invalid={port.error !== null}
            aria-describedby="settings-port-help"
            data-testid="settings-port"
          />
          <span id="settings-port-help" className={port.error ? 'error-text small' : 'muted small'}>
            {port.error ? sentence(port.error) : '1–65535, on 127.0.0.1 only. Ports below 1024 usually need administrator rights.'}
          </span>
        </div>
        <label htmlFor="settings-path">Path</label>
        <div className="settings-control">
          <input
            id="settings-path"
            type="text"
            className="input"
            value={path}
            spellCheck={false}
            onChange={(e) => setPath(e.target.value)}
            aria-invalid={pathCheck.error !== null}
            aria-describedby="settings-path-help"
            data-testid="settings-path"
          />
          <span id="settings-path-help" className={pathCheck.error ? 'error-text small' : 'muted small'}>
            {pathCheck.error ? sentence(pathCheck.error) : 'Every other path is answered 404 (and captured as rejected).'}
          </span>
        </div>
        <span className="muted">Webhook URL</span>
        <div className="settings-control">
          <code className="value" data-testid="settings-webhook-url">
            {status.webhookUrl}
          </code>
          <CopyButton text={status.webhookUrl} what="webhook URL" />
        </div>
        {portChanged || pathChanged ? (
          <>
            <span className="muted">After Apply</span>
            <div className="settings-control">
              <code className="value pending" data-testid="settings-webhook-preview">
                {preview}
              </code>
            </div>
          </>
        ) : null}
        <span />
        <div className="settings-control">
          <button type="submit" className="btn primary" disabled={!canApply} data-testid="settings-listener-apply">
            {busy ? 'Applying…' : 'Apply'}
          </button>
          {portChanged || pathChanged ? (
            <button
              type="button"
              className="btn"
              disabled={busy}
              onClick={() => {
                setPortText(String(live.port));
                setPath(view.path);
                setError(null);
              }}
            >
              Undo changes
            </button>
          ) : null}
        </div>
      </form>
      {live.portFromCommandLine !== null ? (
        <p className="muted small" data-testid="settings-port-override">
          This run was started with <code>--port {live.portFromCommandLine}</code>, so it listens on port {live.port}; the stored port,
          used when the console starts without <code>--port</code>, is {view.port}. Applying a port here moves this run to it and
          stores it.
        </p>
      ) : null}
      {!live.listening && live.error ? <div className="error-text">The listener is not running: {live.error} Choose another port and Apply.</div> : null}
      {pathChanged && status.tunnel.enabled && status.tunnel.publicUrl ? (
        <div className="warn small">
          The public webhook URL will become {status.tunnel.publicUrl}
          {pathCheck.error ? '…' : path}: Asleep&apos;s <code>callbackUrl</code> must be updated too.
        </div>
      ) : null}
      {error ? (
        <div className="error-text" role="alert" data-testid="settings-listener-error">
          {error}
        </div>
      ) : null}
      {done && !error ? (
        <div className="ok small" role="status">
          {done}
        </div>
      ) : null}
    </section>
  );
}
