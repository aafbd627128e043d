// Who, which night, when (in the session's zone), and anything unusual about it.
import type { SessionDetail, SessionState, StartTimeSource } from '../../../../shared/session';
import { formatTime, zoneLabel } from '../../lib/time';
import { formatCount, formatEpochHours, formatRatio } from '../../lib/units';
import { Badge } from '../../ui/Badge';
import { stateText } from './SessionRow';

const SOURCE_TEXT: Record<StartTimeSource, string> = {
  report: 'from the final report',
  time_window: 'estimated from the chunks’ time_window',
  session_id: 'estimated from the session id',
  received: 'estimated from when the first chunk was received',
};

const STATE_TONE = { live: 'green', stale: 'amber', complete: 'blue' } as const;

export function SessionHeader({ detail: d, state, now }: { detail: SessionDetail; state: SessionState; now: number }) {
  const tz = d.timezone;
  const estimated = d.startTimeSource !== null && d.startTimeSource !== 'report';
  const sameDay = d.startTime && d.endTime && formatTime(d.startTime, 'date', tz) === formatTime(d.endTime, 'date', tz);
  return (
    <div className="session-header">
      <div className="title">
        <h2>{d.userId}</h2>
        <span className="mono muted">{d.sessionId}</span>
        <Badge tone={STATE_TONE[state]} testId="session-state">
          <span className={`dot ${state}`} /> {stateText(state, d, now)}
        </Badge>
      </div>
      <div className="facts num">
        <span>
          <span className="label">Night </span>
          {d.startTime ? (
            <span
              className={estimated ? 'estimated' : undefined}
              title={d.startTimeSource ? `Start ${SOURCE_TEXT[d.startTimeSource]}` : undefined}
              data-testid="session-start"
            >
              {formatTime(d.startTime, 'date', tz)} {formatTime(d.startTime, 'clock', tz)}
              {estimated ? ' (estimated)' : ''}
            </span>
          ) : (
            <span className="faint">start unknown</span>
          )}
          {' – '}
          {d.endTime ? (sameDay ? formatTime(d.endTime, 'clock', tz) : `${formatTime(d.endTime, 'date', tz)} ${formatTime(d.endTime, 'clock', tz)}`) : <span className="faint">{state === 'complete' ? 'end unknown' : 'in progress'}</span>}
          <span className="faint"> · {zoneLabel(tz)}</span>
        </span>
        <span>
          <span className="label">Data </span>
          {formatCount(d.epochCount)} epochs ({formatEpochHours(d.epochCount)})
        </span>
        <span>
          <span className="label">Chunks </span>
          {formatCount(d.chunkCount)}
          {d.duplicateCount ? <span className="muted"> · {d.duplicateCount} repeated</span> : null}
          {d.conflictCount ? <span className="warn"> · {d.conflictCount} conflicting</span> : null}
        </span>
        {d.missingDataRatio !== null ? (
          <span>
            <span className="label">Missing data </span>
            {formatRatio(d.missingDataRatio)}
          </span>
        ) : null}
        <span>
          <span className="label">Format </span>
          {d.layout ?? '?'} · {d.version ?? '?'}
        </span>
      </div>
      {d.peculiarities.length > 0 ? (
        <div className="badges" data-testid="peculiarities">
          {d.peculiarities.map((p) => (
            <Badge key={p} tone="amber">
              {p}
            </Badge>
          ))}
        </div>
      ) : null}
    </div>
  );
}
