// Data: where the folder is, how big it is (computed when asked: it walks the folder), and retention.
import { useCallback, useEffect, useState } from 'react';
import type { DataUsage, SettingsView } from '../../../../shared/settings';
import { getApi } from '../../api';
import { formatTime } from '../../lib/time';
import { formatBytes } from '../../lib/units';
import { CopyButton } from '../../ui/CopyButton';
import { RetentionControl } from './RetentionControl';
import { DataFolderMove } from './DataFolderMove';

export function DataSection({ view }: { view: SettingsView }) {
  const [usage, setUsage] = useState<DataUsage | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const measure = useCallback(async () => {
    setLoading(true);
    const r = await getApi().call('getDataUsage', {});
    setLoading(false);
    if (r.ok) {
      setUsage(r.value);
      setError(null);
    } else setError(`Could not measure the data folder: ${r.error.message}`);
  }, []);
  useEffect(() => {
    void measure();
  }, [measure, view.dataDir]);

  return (
    <section aria-labelledby="settings-data-title" data-testid="settings-data">
      <h3 id="settings-data-title">Data</h3>
      <div className="settings-form">
        <span className="muted">Folder</span>
        <div className="settings-control">
          <code className="value" data-testid="settings-data-dir">
            {view.dataDir}
          </code>
          <CopyButton text={view.dataDir} what="data folder path" />
        </div>
      </div>
      <DataFolderMove currentDir={view.dataDir} readOnly={view.readOnly} />
      <div className="row-between">
        <h4>Size</h4>
        <span className="muted small">
          {usage ? `measured ${formatTime(usage.computedAt, 'clockSeconds')} ` : ''}
          <button type="button" className="btn small" onClick={() => void measure()} disabled={loading} data-testid="data-usage-refresh">
            {loading ? 'Measuring…' : 'Measure again'}
          </button>
        </span>
      </div>
      {usage ? <UsageTable usage={usage} /> : loading ? <div className="muted small">Measuring…</div> : null}
      {error ? <div className="error-text">{error}</div> : null}
      <h4>Retention</h4>
      <RetentionControl view={view} onPruned={() => void measure()} />
    </section>
  );
}

function UsageTable({ usage }: { usage: DataUsage }) {
  const known = new Set(['captures', 'rejected', 'sessions']);
  const other = usage.entries.filter((e) => !known.has(e.name) && e.bytes > 0);
  const rows: [string, string, number, string][] = [
    ['captures', 'Captures', usage.captures, 'accepted webhooks: the capture log and its index'],
    ['rejected', 'Rejected requests', usage.rejected, 'requests answered 4xx/5xx, kept for inspection (at most 10,000)'],
    ['sessions', 'Sessions', usage.sessions, 'one file per night, rebuilt from the captures if lost'],
    ['other', 'Other', usage.other, other.length ? other.map((e) => `${e.name}${e.kind === 'folder' ? '/' : ''} ${formatBytes(e.bytes)}`).join(' · ') : 'settings and small files'],
  ];
  return (
    <table className="kv-table settings-usage" data-testid="data-usage">
      <tbody>
        {rows.map(([key, label, bytes, what]) => (
          <tr key={key} data-testid={`data-usage-${key}`}>
            <th scope="row">{label}</th>
            <td className="num">{formatBytes(bytes)}</td>
            <td className="muted small">{what}</td>
          </tr>
        ))}
        <tr data-testid="data-usage-total">
          <th scope="row">Total</th>
          <td className="num">
            <strong>{formatBytes(usage.total)}</strong>
          </td>
          <td />
        </tr>
      </tbody>
    </table>
  );
}
