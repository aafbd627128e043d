// Statistics: the server's value, our recomputation and the difference, field by field, grouped,
// with units. Discrepancies are highlighted; the tolerance is in the tooltip of the row.
import { useMemo } from 'react';
import type { SessionDetail } from '../../../../shared/session';
import { formatTime, zoneLabel } from '../../lib/time';
import { buildStatsTable, type StatRow } from './statsRows';
import './session-page.css';

const STATUS_TEXT: Partial<Record<StatRow['status'], string>> = {
  equal: 'Same value.',
  within: 'Different, but within the tolerance.',
  differs: 'Discrepancy.',
  'not-sent': 'The server stat does not have this field.',
  'no-stat': 'Asleep sent no statistics for this night: recomputed value only.',
  'not-computed': 'Not recomputed.',
};

function rowTitle(r: StatRow): string | undefined {
  const parts = [STATUS_TEXT[r.status], r.tolerance, r.note ?? undefined].filter((p): p is string => !!p);
  return parts.length > 0 ? parts.join(' ') : undefined;
}

export function useStatsTable(detail: SessionDetail) {
  return useMemo(
    () =>
      buildStatsTable({
        serverStat: detail.serverStat,
        statUnits: detail.statUnits,
        computedStat: detail.computedStat,
        clock: (ms) => formatTime(ms, 'clock', detail.timezone),
      }),
    [detail.serverStat, detail.statUnits, detail.computedStat, detail.timezone],
  );
}

export function StatsTable({ detail, compact = false, testId = 'stats-table' }: { detail: SessionDetail; compact?: boolean; testId?: string }) {
  const model = useStatsTable(detail);
  // The printed report lists the proprietary fields on one line instead of rows that only say "server only".
  const groups = compact
    ? model.groups.map((g) => ({ ...g, rows: g.rows.filter((r) => r.status !== 'server-only') })).filter((g) => g.rows.length > 0)
    : model.groups;
  const serverOnly = compact ? model.rows.filter((r) => r.status === 'server-only') : [];
  if (model.rows.length === 0) {
    return <div className="muted">No statistics: Asleep sent none and there are no epochs to recompute them from.</div>;
  }
  return (
    <div className={`stats-table-wrap ${compact ? 'compact' : ''}`} data-testid={testId} data-differing={model.differing} data-units={model.units ?? undefined}>
      <div className="stats-summary small">
        {!model.hasServer ? (
          <span className="warn">Asleep sent no statistics for this night{detail.state === 'complete' ? '' : ' yet'}; only our recomputation is shown.</span>
        ) : !model.hasComputed ? (
          <span className="muted">Nothing to recompute from (no stage arrays).</span>
        ) : model.differing === 0 ? (
          <span className="ok">All {model.compared} compared fields agree with our recomputation.</span>
        ) : (
          <span className="bad">
            {model.differing} of {model.compared} compared fields differ from our recomputation.
          </span>
        )}
        {model.units === 'flat' ? (
          <span className="muted"> Flat layout (seed document): values converted to official units; each row says what was sent.</span>
        ) : null}
        <span className="faint"> Clock times in {zoneLabel(detail.timezone)}.</span>
      </div>
      <div className="stats-groups">
        {groups.map((g) => (
          <table className="stats-table" key={g.group} data-group={g.group}>
            <thead>
              <tr>
                <th scope="col" className="label-col">
                  {g.title}
                </th>
                <th scope="col" className="unit-col">
                  Unit
                </th>
                <th scope="col">Server</th>
                <th scope="col">Recomputed</th>
                <th scope="col">Difference</th>
              </tr>
            </thead>
            <tbody>
              {g.rows.map((r) => (
                <tr key={r.field} data-testid="stat-row" data-field={r.field} data-status={r.status} className={`st-${r.status}`} title={rowTitle(r)} tabIndex={r.status === 'differs' || r.status === 'within' ? 0 : undefined}>
                  <th scope="row" className="label-col">
                    <span className="label">{r.label}</span>
                    {!compact ? <span className="field mono">{r.field}</span> : null}
                    {r.note ? <span className="note">{r.note}</span> : null}
                  </th>
                  <td className="unit-col faint">{r.unit}</td>
                  <td data-col="server" className="num">
                    {r.server}
                  </td>
                  <td data-col="computed" className={`num ${r.status === 'server-only' || r.status === 'unknown-field' ? 'faint' : ''}`}>
                    {r.computed}
                  </td>
                  <td data-col="diff" className="num diff">
                    {r.diff}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </div>
      {serverOnly.length > 0 ? (
        <div className="server-only-list small" data-testid="server-only-stats">
          <span className="muted">Server only (cannot be recomputed): </span>
          {serverOnly.map((r, i) => (
            <span key={r.field} data-field={r.field} title={r.note ?? undefined}>
              {i > 0 ? ' · ' : ''}
              {r.label} <span className="num">{r.server}</span>
            </span>
          ))}
        </div>
      ) : null}
    </div>
  );
}
