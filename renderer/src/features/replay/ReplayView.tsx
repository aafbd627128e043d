// Replay a night: the session's accepted captures in arrival order, a scrubber, and the hypnogram,
// counters and flags as they were after the chosen capture. Play steps with the original spacing.
import { useEffect, useMemo, useState } from 'react';
import type { ReplayCapture } from '../../../../shared/contract';
import { getApi } from '../../api';
import { formatTime } from '../../lib/time';
import { EmptyState } from '../../ui/EmptyState';
import { Hypnogram } from '../hypnogram/Hypnogram';
import { ResendDialog } from '../resend/ResendDialog';
import { delayBefore, detailAfter, REPLAY_SPEEDS, type ReplaySpeed } from './replayModel';
import './replay.css';

export interface ReplayViewProps {
  userId: string;
  sessionId: string;
  onClose: () => void;
}

export function ReplayView({ userId, sessionId, onClose }: ReplayViewProps) {
  const [captures, setCaptures] = useState<ReplayCapture[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [position, setPosition] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<ReplaySpeed>(100);
  const [resending, setResending] = useState(false);

  useEffect(() => {
    let live = true;
    void getApi()
      .call('sessionCaptures', { userId, sessionId })
      .then((r) => {
        if (!live) return;
        if (r.ok) {
          setCaptures(r.value.items);
          setPosition(r.value.items.length);
        } else setError(r.error.message);
      });
    return () => {
      live = false;
    };
  }, [userId, sessionId]);

  const total = captures?.length ?? 0;
  useEffect(() => {
    if (!playing || !captures) return;
    if (position >= total) {
      setPlaying(false);
      return;
    }
    const t = setTimeout(() => setPosition((p) => Math.min(total, p + 1)), Math.max(speed === 'max' ? 16 : 0, delayBefore(captures, position, speed)));
    return () => clearTimeout(t);
  }, [playing, position, speed, captures, total]);

  const detail = useMemo(() => (captures && position > 0 ? detailAfter(userId, sessionId, captures, position) : null), [captures, position, userId, sessionId]);

  if (error) return <EmptyState title="Could not load the captures of this night">{error}</EmptyState>;
  if (!captures) return <EmptyState title="Loading captures…" />;

  const current = position > 0 ? captures[position - 1]! : null;
  const play = () => {
    if (position >= total) setPosition(1);
    setPlaying((p) => !p);
  };
  return (
    <div className="replay-view" data-testid="replay-view">
      <div className="replay-head">
        <h3>
          Replay <span className="mono faint">{sessionId}</span>
        </h3>
        <span className="grow" />
        {total > 0 ? (
          <button type="button" className="btn small" data-testid="replay-resend" onClick={() => setResending((v) => !v)} title="Send this night's captures again, in order">
            Re-send night…
          </button>
        ) : null}
        <button type="button" className="btn small ghost" data-testid="replay-close" onClick={onClose}>
          Close replay
        </button>
      </div>
      {resending ? <ResendDialog target={{ kind: 'session', userId, sessionId, count: total }} onClose={() => setResending(false)} /> : null}
      {total === 0 ? (
        <EmptyState title="Nothing to replay">This session has no accepted captures.</EmptyState>
      ) : (
        <>
          <div className="replay-controls">
            <button type="button" className="btn small" data-testid="replay-back" disabled={position <= 1} onClick={() => setPosition((p) => Math.max(1, p - 1))} aria-label="Previous capture">
              ◀
            </button>
            <button type="button" className="btn small primary" data-testid="replay-play" data-playing={playing ? 'true' : 'false'} onClick={play}>
              {playing ? 'Pause' : 'Play'}
            </button>
            <button type="button" className="btn small" data-testid="replay-step" disabled={position >= total} onClick={() => setPosition((p) => Math.min(total, p + 1))} aria-label="Next capture">
              ▶
            </button>
            <input
              type="range"
              className="replay-scrubber"
              data-testid="replay-scrubber"
              min={1}
              max={total}
              step={1}
              value={Math.max(1, position)}
              onChange={(e) => setPosition(Number(e.target.value))}
              aria-label="Capture"
            />
            <span className="num" data-testid="replay-position">
              {position} / {total}
            </span>
            <label className="muted">
              Speed{' '}
              <select data-testid="replay-speed" value={String(speed)} onChange={(e) => setSpeed(e.target.value === 'max' ? 'max' : (Number(e.target.value) as ReplaySpeed))}>
                {REPLAY_SPEEDS.map((s) => (
                  <option key={s} value={String(s)}>
                    {s === 'max' ? 'max' : `${s}×`}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {current ? (
            <div className="replay-flags" data-testid="replay-flags">
              <span className="mono">{current.id}</span>
              <span className="num">{formatTime(current.receivedAt, 'dateTimeSeconds')}</span>
              <span>{current.event ?? 'no event'}</span>
              {current.layout ? <span className="muted">{current.layout}</span> : null}
              <span className={current.valid ? 'ok' : 'bad'}>{current.valid ? 'valid' : 'not valid'}</span>
              {current.duplicate !== 'no' ? <span className={current.duplicate === 'conflict' ? 'bad' : 'warn'}>{current.duplicate === 'same' ? 'duplicate' : 'conflict'}</span> : null}
              {current.warnings > 0 ? <span className="warn">{current.warnings} warning{current.warnings === 1 ? '' : 's'}</span> : null}
            </div>
          ) : null}
          {detail ? (
            <>
              <dl className="replay-counters num" data-testid="replay-counters">
                <dt>Chunks</dt>
                <dd data-testid="replay-chunks">{detail.chunkCount}</dd>
                <dt>Duplicates</dt>
                <dd>{detail.duplicateCount}</dd>
                <dt>Conflicts</dt>
                <dd>{detail.conflictCount}</dd>
                <dt>Epochs</dt>
                <dd>{detail.epochCount}</dd>
                <dt>Report</dt>
                <dd>{detail.completeCaptureId ? 'received' : '—'}</dd>
              </dl>
              <Hypnogram detail={detail} />
            </>
          ) : null}
        </>
      )}
    </div>
  );
}
