// Who, which night, when (in the session's zone), how long, and anything unusual about it.
import type { ReactNode } from 'react';
import { EPOCH_SECONDS } from '../../../../shared/asleep/model';
import type { SessionDetail, SessionState, StartTimeSource } from '../../../../shared/session';
import { formatDuration } from '../../../../shared/stats';
import { formatTime, toMs, zoneLabel } from '../../lib/time';
import { formatCount, formatEpochHours, formatRatio } from '../../lib/units';
import { Badge } from '../../ui/Badge';
import { explainPeculiarity } from '../session-page/peculiarities';
import { Tip } from '../session-page/Tip';
import '../session-page/session-page.css';
import { stateText } from './SessionRow';

export const START_SOURCE_TEXT: Record<StartTimeSource, string> = {
  report: 'from the final report',
  time_window: 'estimated from the chunks’ time_window',
  session_id: 'estimated from the session id',
  received: 'estimated from when the first chunk was received',
};

const STATE_TONE = { live: 'green', stale: 'amber', complete: 'blue' } as const;

/** "2025-01-15 (Wed) 02:50 – 03:50" pieces in the session's zone; the end gets its date only when it differs. */
export function nightTimes(d: Pick<SessionDetail, 'startTime' | 'endTime' | 'timezone'>): { start: string | null; end: string | null } {
  const tz = d.timezone;
  const sameDay = d.startTime && d.endTime && formatTime(d.startTime, 'date', tz) === formatTime(d.endTime, 'date', tz);
  return {
    start: d.startTime ? `${formatTime(d.startTime, 'date', tz)} ${formatTime(d.startTime, 'clock', tz)}` : null,
    end: d.endTime ? (sameDay ? formatTime(d.endTime, 'clock', tz) : `${formatTime(d.endTime, 'date', tz)} ${formatTime(d.endTime, 'clock', tz)}`) : null,
  };
}

/** Length of the night: end - start when both are known, else the epochs received so far. */
export function nightDuration(d: Pick<SessionDetail, 'startTime' | 'endTime' | 'epochs'>): { text: string; estimated: boolean } {
  const start = toMs(d.startTime);
  const end = toMs(d.endTime);
  if (start !== null && end !== null && end >= start) return { text: `${formatDuration((end - start) / 1000)} h`, estimated: false };
  const epochs = Math.max(d.epochs.sleep.length, d.epochs.snoring.length);
  return { text: `${formatDuration(epochs * EPOCH_SECONDS)} h`, estimated: true };
}

export function Peculiarities({ codes }: { codes: string[] }) {
  if (codes.length === 0) return null;
  return (
    <div className="badges" data-testid="peculiarities">
      {codes.map((code) => {
        const p = explainPeculiarity(code);
        return (
          <Tip key={code} text={p.text} className={`peculiarity ${p.known ? '' : 'undocumented'}`} testId="peculiarity" code={code}>
            <Badge tone={p.known ? 'amber' : 'neutral'}>{code}</Badge>
          </Tip>
        );
      })}
    </div>
  );
}

export function SessionHeader({ detail: d, state, now, actions }: { detail: SessionDetail; state: SessionState; now: number; actions?: ReactNode }) {
  const tz = d.timezone;
  const estimated = d.startTimeSource !== null && d.startTimeSource !== 'report';
  const times = nightTimes(d);
  const duration = nightDuration(d);
  return (
    <div className="session-header">
      <div className="title">
        <h2 title="Participant (x-user-id)" data-testid="session-participant">
          {d.userId}
        </h2>
        <span className="mono muted" title="Session id" data-testid="session-id">
          {d.sessionId}
        </span>
        <Badge tone={STATE_TONE[state]} testId="session-state">
          <span className={`dot ${state}`} /> {stateText(state, d, now)}
        </Badge>
        {actions ? <span className="header-actions">{actions}</span> : null}
      </div>
      <div className="facts num">
        <span>
          <span className="label">Night </span>
          {times.start ? (
            <span
              className={estimated ? 'estimated' : undefined}
              title={d.startTimeSource ? `Start ${START_SOURCE_TEXT[d.startTimeSource]}` : undefined}
              data-testid="session-start"
            >
              {times.start}
              {estimated ? ' (estimated)' : ''}
            </span>
          ) : (
            <span className="faint">start unknown</span>
          )}
          {' – '}
          {times.end ? <span data-testid="session-end">{times.end}</span> : <span className="faint">{state === 'complete' ? 'end unknown' : 'in progress'}</span>}
          <span className="faint"> · {zoneLabel(tz)}</span>
        </span>
        <span>
          <span className="label">Duration </span>
          <span data-testid="session-duration" title={duration.estimated ? 'From the epochs received so far' : 'End time − start time'}>
            {duration.text}
            {duration.estimated ? ' so far' : ''}
          </span>
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
      <Peculiarities codes={d.peculiarities} />
    </div>
  );
}
