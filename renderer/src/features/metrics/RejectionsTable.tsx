// Why requests were refused (4xx, 5xx, no answer) or stored but not valid, one row per cause, most
// frequent first. "Show" puts the matching filter on the captures list below.
import type { RejectionGroup, WebhookMetrics } from '../../../../shared/metrics/types';
import { formatAgo, formatTime } from '../../lib/time';
import { Badge } from '../../ui/Badge';
import { useNow } from '../../ui/useNow';
import { useCaptures } from '../captures/capturesStore';

export function RejectionsTable({ data }: { data: WebhookMetrics }) {
  const now = useNow(10_000);
  const groups = data.rejections;
  if (groups.length === 0) return <p className="muted metrics-empty">Nothing refused and nothing invalid in this window.</p>;
  return (
    <table className="table mx-rejections" data-testid="metrics-rejections">
      <thead>
        <tr>
          <th>Why</th>
          <th className="num">Count</th>
          <th>Answer</th>
          <th>Last</th>
          <th>Latest reason, word for word</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {groups.map((g) => (
          <Row key={g.key} g={g} now={now} />
        ))}
        {data.moreRejectionGroups > 0 ? (
          <tr>
            <td colSpan={6} className="muted">
              …and {data.moreRejectionGroups} rarer causes (narrow the window or filter the list)
            </td>
          </tr>
        ) : null}
      </tbody>
    </table>
  );
}

function Row({ g, now }: { g: RejectionGroup; now: number }) {
  return (
    <tr data-testid="metrics-rejection" data-key={g.key} data-count={g.count}>
      <td>
        <Badge tone={g.kind === 'invalid' ? 'amber' : 'red'}>{g.kind === 'invalid' ? 'not valid' : 'refused'}</Badge> {g.label}
      </td>
      <td className="num" data-testid="rejection-count">
        {g.count.toLocaleString('en-US')}
      </td>
      <td className="num">{g.status === 0 ? 'none' : g.status}</td>
      <td className="num" title={formatTime(g.lastAt, 'dateTimeSeconds')}>
        {formatAgo(g.lastAt, now)}
      </td>
      <td className="mx-example" title={g.example}>
        {g.example}
      </td>
      <td>
        <button type="button" className="btn ghost small" data-testid="rejection-show" title="Filter the captures list below to these captures" onClick={() => void useCaptures.getState().setFilter(g.filter)}>
          Show
        </button>
      </td>
    </tr>
  );
}
