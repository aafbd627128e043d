// One night: header, hypnogram with its tracks (updated in place while chunks arrive), the stage
// distribution, and the statistics (server | recomputed | difference). "Report" opens the printable page.
import { useCallback, useMemo, useState } from 'react';
import { looksTwoStage } from '../../../../shared/stats';
import { useStatus } from '../status/statusStore';
import { EmptyState } from '../../ui/EmptyState';
import { useNow } from '../../ui/useNow';
import { Hypnogram } from '../hypnogram/Hypnogram';
import { stageTotals } from '../hypnogram/mapping';
import { ReportView } from '../report/ReportView';
import { ReplayView } from '../replay/ReplayView';
import { StageBar } from '../session-page/StageBar';
import { StatsTable } from '../session-page/StatsTable';
import { useCaptures } from '../captures/capturesStore';
import { useOpenSession } from './openSessionStore';
import { effectiveState } from './order';
import { SessionHeader } from './SessionHeader';
import './sessions.css';

export function SessionView() {
  const detail = useOpenSession((s) => s.detail);
  const error = useOpenSession((s) => s.error);
  const ref = useOpenSession((s) => s.ref);
  const staleAfter = useStatus((s) => s.status?.staleAfterMinutes ?? 15);
  const now = useNow(15_000);
  // The report belongs to one session: opening another night closes it.
  const [reportOf, setReportOf] = useState<string | null>(null);
  const key = ref ? `${ref.userId}\u0000${ref.sessionId}` : null;
  const closeReport = useCallback(() => setReportOf(null), []);
  // Replay, like the report, belongs to one session.
  const [replayOf, setReplayOf] = useState<string | null>(null);
  const tracks = detail ? (detail.final ?? detail.epochs) : null;
  const totals = useMemo(() => (tracks ? stageTotals(tracks.sleep) : null), [tracks]);

  if (!ref) return <EmptyState title="Select a session">Use ↑/↓ and Enter in the sessions list, or click one.</EmptyState>;
  if (!detail) {
    return error ? <EmptyState title="Could not load this session">{error}</EmptyState> : <EmptyState title="Loading session…" />;
  }
  if (reportOf !== null && reportOf === key) return <ReportView detail={detail} onClose={closeReport} />;
  if (replayOf !== null && replayOf === key) return <ReplayView userId={detail.userId} sessionId={detail.sessionId} onClose={() => setReplayOf(null)} />;

  const state = effectiveState(detail, now, staleAfter);
  return (
    <div className="session-view" data-testid="session-view" data-session-id={detail.sessionId}>
      <SessionHeader
        detail={detail}
        state={state}
        now={now}
        actions={
          <>
            <button type="button" className="btn small" data-testid="open-replay" onClick={() => setReplayOf(key)} title="Replay this night capture by capture">
              Replay
            </button>
            <button type="button" className="btn small" data-testid="open-report" onClick={() => setReportOf(key)} title="A one-page report of this night, to print or save as PDF">
              Report
            </button>
          </>
        }
      />
      {error ? <div className="error-text">Could not refresh: {error}</div> : null}
      <Hypnogram detail={detail} />
      {totals ? (
        <div className="session-section">
          <h3>Stage distribution</h3>
          <StageBar totals={totals} twoStage={looksTwoStage(detail.serverStat)} />
        </div>
      ) : null}
      <div className="session-section" data-testid="session-stats">
        <h3>Statistics{detail.statUnits === 'flat' ? ' (flat layout, converted)' : ''}</h3>
        <StatsTable detail={detail} />
      </div>
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
