// One night: header, hypnogram (updated in place while chunks arrive), the server's statistics.
import { useStatus } from '../status/statusStore';
import { EmptyState } from '../../ui/EmptyState';
import { useNow } from '../../ui/useNow';
import { Hypnogram } from '../hypnogram/Hypnogram';
import { useCaptures } from '../captures/capturesStore';
import { useOpenSession } from './openSessionStore';
import { effectiveState } from './order';
import { SessionHeader } from './SessionHeader';
import { statRows } from './stats';
import './sessions.css';

export function SessionView() {
  const detail = useOpenSession((s) => s.detail);
  const error = useOpenSession((s) => s.error);
  const ref = useOpenSession((s) => s.ref);
  const staleAfter = useStatus((s) => s.status?.staleAfterMinutes ?? 15);
  const now = useNow(15_000);

  if (!ref) return <EmptyState title="Select a session">Use ↑/↓ and Enter in the sessions list, or click one.</EmptyState>;
  if (!detail) {
    return error ? <EmptyState title="Could not load this session">{error}</EmptyState> : <EmptyState title="Loading session…" />;
  }
  const rows = statRows(detail.serverStat, detail.statUnits, detail.timezone);
  return (
    <div className="session-view" data-testid="session-view" data-session-id={detail.sessionId}>
      <SessionHeader detail={detail} state={effectiveState(detail, now, staleAfter)} now={now} />
      {error ? <div className="error-text">Could not refresh: {error}</div> : null}
      <Hypnogram detail={detail} />
      {rows.length > 0 ? (
        <div className="session-section">
          <h3>Statistics from Asleep{detail.statUnits === 'flat' ? ' (seed document units)' : ''}</h3>
          <div className="stats-grid" data-testid="session-stats">
            {rows.map((r) => (
              <div className="stat" key={r.key} title={r.key}>
                <div className="k">{r.label}</div>
                <div className="v">{r.value}</div>
              </div>
            ))}
          </div>
        </div>
      ) : detail.state === 'complete' ? (
        <div className="muted">Asleep sent no statistics for this night{detail.peculiarities.length ? ' (see the notes above)' : ''}.</div>
      ) : null}
      {detail.warnings.length > 0 ? (
        <div className="session-section">
          <h3>Warnings</h3>
          <ul className="warn-list">
            {detail.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {detail.conflicts.length > 0 ? (
        <div className="session-section">
          <h3>Conflicting chunks</h3>
          <ul className="warn-list">
            {detail.conflicts.map((c) => (
              <li key={c.captureId}>
                Block {c.inferenceSeqNum}:{' '}
                <button type="button" className="link mono" onClick={() => useCaptures.getState().select(c.captureId)}>
                  {c.captureId}
                </button>{' '}
                differs from{' '}
                <button type="button" className="link mono" onClick={() => useCaptures.getState().select(c.originalCaptureId)}>
                  {c.originalCaptureId}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
