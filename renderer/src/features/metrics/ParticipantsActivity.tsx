// Every participant seen in the window: when their last capture arrived (relative and on the viewer's
// clock), the last valid one, counts, and a flag when nothing valid has come for longer than the stale
// threshold. Rows are windowed (only those in view are in the DOM), so a large study stays fast.
import { useState } from 'react';
import type { ParticipantActivity, WebhookMetrics } from '../../../../shared/metrics/types';
import { formatAgo, formatTime, zoneLabel } from '../../lib/time';
import { Badge } from '../../ui/Badge';
import { useNow } from '../../ui/useNow';
import { useCaptures } from '../captures/capturesStore';

const ROW_HEIGHT = 28;
const MAX_VISIBLE_ROWS = 10;
const OVERSCAN = 6;
const STATE_TONE = { recording: 'green', stale: 'amber', complete: 'blue' } as const;

export function ParticipantsActivity({ data }: { data: WebhookMetrics }) {
  const now = useNow(10_000);
  const [scrollTop, setScrollTop] = useState(0);
  const rows = data.participants;
  if (rows.length === 0) return <p className="muted metrics-empty">No participant sent anything in this window.</p>;
  const viewport = Math.min(rows.length, MAX_VISIBLE_ROWS) * ROW_HEIGHT;
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + viewport) / ROW_HEIGHT) + OVERSCAN);
  const zone = zoneLabel(null);
  const stale = rows.filter((r) => r.state === 'stale').length;
  return (
    <div className="mx-table mx-participants" role="grid" aria-label="Participants" aria-rowcount={rows.length + 1} data-testid="metrics-participants" data-count={rows.length} data-stale={stale}>
      <div className="mx-head" role="row">
        <div role="columnheader">Participant</div>
        <div role="columnheader" title={`Stale: no valid capture for more than ${data.staleAfterMinutes} min and the night is not complete`}>
          State
        </div>
        <div role="columnheader" title={`Any capture, refused ones included; times in ${zone}`}>Last capture</div>
        <div role="columnheader" title={`Last accepted and valid capture; times in ${zone}`}>Last valid</div>
        <div role="columnheader" title="Captures in this window: valid / not valid / refused">In window</div>
        <div role="columnheader">Last problem</div>
      </div>
      <div className="mx-body" style={{ height: viewport }} tabIndex={0} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
        <div style={{ position: 'relative', height: rows.length * ROW_HEIGHT }}>
          {rows.slice(first, last).map((p, i) => (
            <Row key={p.userId} p={p} top={(first + i) * ROW_HEIGHT} now={now} from={data.from} />
          ))}
        </div>
      </div>
    </div>
  );
}

function Row({ p, top, now, from }: { p: ParticipantActivity; top: number; now: number; from: string }) {
  const refused = p.counts.clientError + p.counts.serverError + p.counts.noAnswer;
  return (
    <div role="row" className={`mx-row num ${p.state === 'stale' ? 'stale' : ''}`} style={{ top, height: ROW_HEIGHT }} data-testid="metrics-participant" data-user-id={p.userId} data-state={p.state}>
      <div role="gridcell" className="mono ellipsis">
        <button type="button" className="link mono" title="Show this participant’s captures of this window in the list below" onClick={() => void useCaptures.getState().setFilter({ user: p.userId, from })}>
          {p.userId}
        </button>
      </div>
      <div role="gridcell">
        <Badge tone={STATE_TONE[p.state]} testId="participant-state">
          {p.state}
        </Badge>
      </div>
      <div role="gridcell" title={p.lastAt} data-testid="participant-last">
        <span className={p.state === 'stale' ? 'warn' : ''}>{formatAgo(p.lastAt, now)}</span> <span className="faint">{formatTime(p.lastAt, 'dateTimeSeconds')}</span>
      </div>
      <div role="gridcell" title={p.lastValidAt ?? undefined}>
        {p.lastValidAt ? (
          <>
            {formatAgo(p.lastValidAt, now)} <span className="faint">{formatTime(p.lastValidAt, 'clockSeconds')}</span>
          </>
        ) : (
          <span className="warn">none in window</span>
        )}
      </div>
      <div role="gridcell" data-testid="participant-counts">
        <span className="ok">{p.counts.valid}</span> / <span className={p.counts.invalid ? 'warn' : 'faint'}>{p.counts.invalid}</span> /{' '}
        <span className={refused ? 'bad' : 'faint'}>{refused}</span>
      </div>
      <div role="gridcell" className="ellipsis" title={p.problem ?? undefined}>
        {p.problem ? <span className="bad">{p.problem}</span> : <span className="faint">—</span>}
      </div>
    </div>
  );
}
