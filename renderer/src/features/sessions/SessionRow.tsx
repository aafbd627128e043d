import { memo } from 'react';
import type { SessionState, SessionSummary } from '../../../../shared/session';
import { formatAgo, formatTime, minutesSince, zoneLabel } from '../../lib/time';
import { formatCount, formatEpochHours } from '../../lib/units';
import { Badge } from '../../ui/Badge';
import type { RowProps } from '../../ui/VirtualList';
import { lastHeardAt } from './order';

interface Props {
  session: SessionSummary;
  state: SessionState;
  now: number;
  row: RowProps;
  open: boolean;
  onOpen(s: SessionSummary): void;
}

export function stateText(state: SessionState, s: SessionSummary, now: number): string {
  if (state === 'live') return 'Live';
  if (state === 'stale') return `No chunk for ${minutesSince(lastHeardAt(s), now)} min`;
  return 'Complete';
}

export const SessionRow = memo(function SessionRow({ session: s, state, now, row, open, onOpen }: Props) {
  const heard = s.lastChunkAt ?? s.lastEventAt;
  return (
    <div
      id={row.id}
      role="option"
      aria-selected={open}
      className={`session-row ${row.active ? 'active' : ''} ${open ? 'open' : ''}`}
      style={row.style}
      data-testid="session-row"
      data-session-id={s.sessionId}
      data-user-id={s.userId}
      data-state={state}
      onClick={() => onOpen(s)}
    >
      <div className="line">
        <span className={`dot ${state}`} aria-hidden />
        <span className="who" title={s.userId}>
          {s.userId}
        </span>
        <span className="spacer" />
        {s.conflictCount > 0 ? (
          <Badge tone="amber" title={`${s.conflictCount} chunk(s) arrived again with different content`}>
            {s.conflictCount} conflict{s.conflictCount === 1 ? '' : 's'}
          </Badge>
        ) : null}
      </div>
      <div className="sid mono" title={s.sessionId}>
        {s.sessionId}
      </div>
      <div className="meta num">
        <span className={`state-${state}`}>{stateText(state, s, now)}</span>
        {' · '}
        <time dateTime={heard} title={`${s.lastChunkAt ? 'Last chunk' : 'Last event'}: ${formatTime(heard, 'dateTimeSeconds', s.timezone)} ${zoneLabel(s.timezone)}`}>
          {formatAgo(heard, now)}
        </time>
        {' · '}
        {formatCount(s.epochCount)} epochs ({formatEpochHours(s.epochCount)})
      </div>
    </div>
  );
});
