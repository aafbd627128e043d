// "What the console understood": where an INFERENCE chunk was placed, or the summary of a report.
import { useEffect, useState } from 'react';
import type { CaptureDetail } from '../../../../shared/capture';
import { EPOCH_SECONDS } from '../../../../shared/asleep/model';
import type { SessionDetail } from '../../../../shared/session';
import { getApi } from '../../api';
import { formatTime, zoneLabel } from '../../lib/time';

function clock(start: string, epoch: number, zone: string | null): string {
  const ms = Date.parse(start);
  return Number.isFinite(ms) ? formatTime(ms + epoch * EPOCH_SECONDS * 1000, 'clockSeconds', zone) : '?';
}

export function Understood({ capture: c }: { capture: CaptureDetail }) {
  const n = c.normalized;
  const [session, setSession] = useState<SessionDetail | null>(null);
  useEffect(() => {
    setSession(null);
    if (!n || n.kind !== 'inference') return;
    let live = true;
    void getApi()
      .call('getSession', { userId: n.userId, sessionId: n.sessionId })
      .then((r) => {
        if (live && r.ok) setSession(r.value);
      });
    return () => {
      live = false;
    };
  }, [n]);

  if (!n) {
    return (
      <div className="faint" data-testid="understood">
        {c.stage !== 'done'
          ? 'Nothing: the request was not stored as an event.'
          : !c.valid
            ? 'Nothing was placed: the body is not valid (see Validation).'
            : 'Nothing was placed: this is not an event the console places on a timeline.'}
      </div>
    );
  }

  if (n.kind === 'inference') {
    const last = n.firstEpoch + n.sleep.length - 1;
    const placement = session?.chunks.find((p) => p.captureId === c.id);
    const start = session?.startTime ?? null;
    return (
      <dl className="kv" data-testid="understood" data-first-epoch={n.firstEpoch} data-last-epoch={last}>
        <dt>Chunk</dt>
        <dd className="num">
          inference_seq_num {n.inferenceSeqNum}
          {n.seqNum !== null ? <span className="muted"> · seq_num {n.seqNum}</span> : null}
        </dd>
        <dt>Placed at</dt>
        <dd className="num" data-testid="understood-epochs">
          epochs {n.firstEpoch}…{last} <span className="muted">({n.sleep.length} × 30 s)</span>
          {start ? (
            <span className="muted">
              {' '}
              · {clock(start, n.firstEpoch, session?.timezone ?? null)} – {clock(start, last + 1, session?.timezone ?? null)}{' '}
              {zoneLabel(session?.timezone ?? null)}
            </span>
          ) : null}
        </dd>
        {session ? (
          <>
            <dt>In the timeline</dt>
            <dd>
              {placement ? 'this capture’s stages are the ones shown' : <span className="warn">another capture holds these epochs (this one was not placed)</span>}
            </dd>
          </>
        ) : null}
        <dt>Tracks</dt>
        <dd>
          sleep{n.snoring ? ', snoring' : ''}
          {n.breath ? ', breath' : ''}
        </dd>
      </dl>
    );
  }

  return (
    <dl className="kv" data-testid="understood">
      <dt>Report</dt>
      <dd>{n.state ?? <span className="faint">no state</span>}</dd>
      <dt>Time</dt>
      <dd className="num">
        {n.startTime ?? '?'} → {n.endTime ?? '?'} {n.timezone ? <span className="muted">({n.timezone})</span> : null}
      </dd>
      <dt>Epochs</dt>
      <dd className="num">{n.sleep ? `${n.sleep.length} (${((n.sleep.length * EPOCH_SECONDS) / 3600).toFixed(2)} h)` : '—'}</dd>
      <dt>Stat</dt>
      <dd>{n.stat ? `${Object.keys(n.stat).length} fields (${n.statUnits} units)` : '—'}</dd>
      {n.missingDataRatio !== null ? (
        <>
          <dt>Missing data</dt>
          <dd className="num">{(n.missingDataRatio * 100).toFixed(1)} %</dd>
        </>
      ) : null}
      {n.peculiarities.length ? (
        <>
          <dt>Peculiarities</dt>
          <dd>{n.peculiarities.join('; ')}</dd>
        </>
      ) : null}
    </dl>
  );
}
