// Setup: open the tunnel, choose its server and subdomain, copy the public webhook URL, and see
// every URL it has had (participants' phones may still post to an old one).
import { useEffect, useState } from 'react';
import type { ConsoleStatus } from '../../../../shared/contract';
import { getApi } from '../../api';
import { formatTime } from '../../lib/time';
import { CopyButton } from '../../ui/CopyButton';
import { useStatus } from '../status/statusStore';
import './tunnel.css';

const STATE_TEXT: Record<ConsoleStatus['tunnel']['state'], string> = {
  off: 'Off',
  connecting: 'Connecting…',
  online: 'Online — checked end to end',
  degraded: 'Degraded — the self-check is slow or failing now and then',
  offline: 'Offline',
};

export function TunnelSettings({ status }: { status: ConsoleStatus }) {
  const t = status.tunnel;
  const [host, setHost] = useState(t.host);
  const [subdomain, setSubdomain] = useState(t.subdomain ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setHost(t.host), [t.host]);
  useEffect(() => setSubdomain(t.subdomain ?? ''), [t.subdomain]);

  const configure = async (patch: { enabled?: boolean; host?: string; subdomain?: string | null }) => {
    setBusy(true);
    setError(null);
    const r = await getApi().call('configureTunnel', patch);
    setBusy(false);
    if (r.ok) useStatus.getState().set(r.value);
    else setError(r.error.message);
  };
  const publicWebhook = t.publicUrl ? `${t.publicUrl}${status.path}` : null;
  const changed = host.trim() !== t.host || (subdomain.trim() || null) !== (t.subdomain ?? null);

  return (
    <section aria-labelledby="tunnel-title" data-testid="tunnel-settings">
      <h3 id="tunnel-title">Tunnel</h3>
      <div className="field">
        <span className="muted">State</span>
        <span className="value" data-testid="tunnel-state" data-state={t.state}>
          {STATE_TEXT[t.state]}
          {t.reason && t.state !== 'online' ? <span className="muted"> · {t.reason}</span> : null}
        </span>
        <div className="actions">
          <button
            type="button"
            className={`btn small ${t.enabled ? '' : 'primary'}`}
            onClick={() => void configure({ enabled: !t.enabled })}
            disabled={busy || status.storage.readOnly}
            data-testid="tunnel-toggle"
          >
            {t.enabled ? 'Close tunnel' : 'Open tunnel'}
          </button>
        </div>
      </div>
      {publicWebhook ? (
        <div className="field">
          <span className="muted">Public webhook URL</span>
          <code className="value" data-testid="tunnel-public-url">
            {publicWebhook}
          </code>
          <div className="actions">
            <CopyButton text={publicWebhook} what="public webhook URL" />
          </div>
        </div>
      ) : null}
      <form
        className="field"
        onSubmit={(e) => {
          e.preventDefault();
          void configure({ host: host.trim(), subdomain: subdomain.trim() || null });
        }}
      >
        <label className="muted" htmlFor="tunnel-host">
          Server
        </label>
        <input id="tunnel-host" type="text" value={host} onChange={(e) => setHost(e.target.value)} spellCheck={false} data-testid="tunnel-host" />
        <label className="muted" htmlFor="tunnel-subdomain">
          Subdomain
        </label>
        <input
          id="tunnel-subdomain"
          type="text"
          value={subdomain}
          placeholder="any"
          onChange={(e) => setSubdomain(e.target.value.toLowerCase())}
          spellCheck={false}
          data-testid="tunnel-subdomain"
        />
        <button type="submit" className="btn small" disabled={busy || !changed}>
          Save
        </button>
      </form>
      <p className="muted small">
        Only the webhook path is reachable through the tunnel; this page and the local API never are. The console checks the
        tunnel end to end every 10 s and re-opens it, asking for the same subdomain, when the server forgets it. A self-hosted
        localtunnel server works the same way as the public one.
      </p>
      {error ? <div className="error-text">Could not change the tunnel: {error}</div> : null}
      {status.tunnelHistory.length > 0 ? (
        <table className="kv-table" data-testid="tunnel-history">
          <thead>
            <tr>
              <th>Public URL</th>
              <th>From</th>
              <th>Until</th>
              <th className="num">Captures</th>
            </tr>
          </thead>
          <tbody>
            {[...status.tunnelHistory].reverse().map((h) => (
              <tr key={`${h.url}-${h.from}`}>
                <td className="mono">{h.url}</td>
                <td>{formatTime(h.from, 'dateTime')}</td>
                <td>{h.to ? formatTime(h.to, 'dateTime') : 'now'}</td>
                <td className="num">{h.captures}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
