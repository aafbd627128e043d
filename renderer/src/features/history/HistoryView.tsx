// One participant over many nights: the nights table, trends, and the nights stacked as mini
// hypnograms on one clock axis; exports for the whole history and for the selected night.
// Also shows a single exported session opened offline (read-only, marked "Offline file").
import { useState } from 'react';
import type { NightRow } from '../../../../shared/export/night-rows';
import { formatDuration, formatPercent } from '../../../../shared/stats/format';
import { getApi } from '../../api';
import { formatTime, zoneLabel } from '../../lib/time';
import { Badge } from '../../ui/Badge';
import { EmptyState } from '../../ui/EmptyState';
import { Hypnogram } from '../hypnogram/Hypnogram';
import { useOpenSession } from '../sessions/openSessionStore';
import { statRows } from '../sessions/stats';
import { offlineNightsFile, offlineSessionFile, saveFile } from './files';
import { useHistory, type HistorySource } from './historyStore';
import { MiniHypnograms } from './MiniHypnograms';
import { NightsTable } from './NightsTable';
import { TrendCharts } from './TrendCharts';
import './history.css';

export function HistoryView() {
  const source = useHistory((s) => s.source);
  const nights = useHistory((s) => s.nights);
  const loading = useHistory((s) => s.loading);
  const error = useHistory((s) => s.error);
  const selected = useHistory((s) => s.selected);
  const select = useHistory((s) => s.select);
  const close = useHistory((s) => s.close);
  const [exportError, setExportError] = useState<string | null>(null);

  if (!source) return null;
  const offline = source.kind === 'offline';
  const night = nights.find((n) => n.sessionId === selected) ?? null;

  const exportNights = async () => {
    setExportError(null);
    if (source.kind === 'offline') return saveFile(offlineNightsFile(source.userId, nights));
    const r = await getApi().call('exportNights', { userId: source.userId });
    if (r.ok) saveFile(r.value);
    else setExportError(r.error.message);
  };

  const exportSession = async (n: NightRow, format: 'json' | 'csv') => {
    setExportError(null);
    if (source.kind === 'offline') return saveFile(offlineSessionFile(source.session, format));
    const r = await getApi().call('exportSession', { userId: n.userId, sessionId: n.sessionId, format });
    if (r.ok) saveFile(r.value);
    else setExportError(r.error.message);
  };

  return (
    <div className="history-view" data-testid="history-view" data-user-id={source.userId} data-offline={offline ? 'true' : 'false'}>
      <div className="history-header">
        <div className="title">
          <h2>{source.userId}</h2>
          <span className="muted">
            {offline ? 'one night from a file' : loading && nights.length === 0 ? 'loading nights…' : `${nights.length} night${nights.length === 1 ? '' : 's'}`}
          </span>
          {offline ? <OfflineBadge source={source} /> : null}
        </div>
        <div className="actions">
          <button type="button" className="btn" data-testid="export-nights-csv" disabled={nights.length === 0} onClick={() => void exportNights()}>
            Export nights CSV
          </button>
          <button type="button" className="btn ghost" data-testid="close-history" onClick={close} title="Back to the open session">
            Close
          </button>
        </div>
      </div>
      {error ? <div className="error-text">Could not load the nights: {error}</div> : null}
      {exportError ? <div className="error-text" data-testid="export-error">Export failed: {exportError}</div> : null}

      {nights.length === 0 ? (
        loading ? <EmptyState title="Loading nights…" /> : <EmptyState title="No nights for this participant" />
      ) : (
        <>
          <section className="history-section">
            <NightsTable nights={nights} selected={selected} onSelect={select} />
          </section>
          {night ? <SelectedNight night={night} offline={offline} onExport={(f) => void exportSession(night, f)} /> : <div className="faint small">Select a night for its exports.</div>}
          {source.kind === 'offline' ? <OfflineSession source={source} /> : null}
          <section className="history-section">
            <h3>Trends <span className="faint">(finished nights)</span></h3>
            <TrendCharts nights={nights} selected={selected} onSelect={select} />
          </section>
          <section className="history-section">
            <h3>Nights by clock time</h3>
            <MiniHypnograms nights={nights} selected={selected} onSelect={select} />
            <div className="hist-legend faint small">
              <span className="hist-chip wake" /> Wake <span className="hist-chip rem" /> REM <span className="hist-chip light" /> Light <span className="hist-chip deep" /> Deep · times in each
              session’s zone{nights[0]?.timezone ? ` (${nights[0].timezone})` : ''}
            </div>
          </section>
        </>
      )}
    </div>
  );
}

function OfflineBadge({ source }: { source: Extract<HistorySource, { kind: 'offline' }> }) {
  const when = source.exportedAt ? `, exported ${formatTime(source.exportedAt, 'dateTime')}` : '';
  return (
    <Badge tone="amber" testId="offline-badge" title={`Read-only: opened from ${source.fileName}${when}. Nothing is stored.`}>
      Offline file · {source.fileName}
    </Badge>
  );
}

function SelectedNight({ night: n, offline, onExport }: { night: NightRow; offline: boolean; onExport(format: 'json' | 'csv'): void }) {
  const openInSessionView = () => {
    useOpenSession.getState().open({ userId: n.userId, sessionId: n.sessionId });
    useHistory.getState().close();
  };
  return (
    <div className="selected-night" data-testid="selected-night" data-session-id={n.sessionId}>
      <div className="facts num">
        <span className="mono">{n.sessionId}</span>
        <span>
          {n.startTime ? `${formatTime(n.startTime, 'dateTime', n.timezone)}` : 'start unknown'}
          {n.endTime ? ` – ${formatTime(n.endTime, 'clock', n.timezone)}` : ''} <span className="faint">{zoneLabel(n.timezone)}</span>
        </span>
        <span>
          TST {formatDuration(n.tst)} · efficiency {formatPercent(n.efficiency)}
        </span>
      </div>
      <div className="actions">
        <button type="button" className="btn small" data-testid="export-session-json" onClick={() => onExport('json')}>
          Export JSON
        </button>
        <button type="button" className="btn small" data-testid="export-session-csv" onClick={() => onExport('csv')}>
          Export CSV
        </button>
        {offline ? null : (
          <button type="button" className="btn small ghost" data-testid="open-night" onClick={openInSessionView}>
            Open night
          </button>
        )}
      </div>
    </div>
  );
}

/** The file's night in full: hypnogram and statistics (the session view shows only this folder's nights). */
function OfflineSession({ source }: { source: Extract<HistorySource, { kind: 'offline' }> }) {
  const d = source.session;
  const rows = statRows(d.serverStat, d.statUnits, d.timezone);
  return (
    <section className="history-section" data-testid="offline-session">
      <h3>Night from the file</h3>
      <Hypnogram detail={d} testId="offline-hypnogram" />
      {rows.length > 0 ? (
        <div className="stats-grid">
          {rows.map((r) => (
            <div className="stat" key={r.key} title={r.key}>
              <div className="k">{r.label}</div>
              <div className="v">{r.value}</div>
            </div>
          ))}
        </div>
      ) : null}
      {d.warnings.length > 0 ? (
        <ul className="warn-list">
          {d.warnings.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
