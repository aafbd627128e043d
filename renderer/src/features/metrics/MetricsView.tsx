// The webhook metrics dashboard: captures per bucket by answer class, answer-time percentiles, each
// participant's latest capture, and why requests were refused, over the last hour, night (12 h) or
// week. Live: refreshed as captures arrive (at most every 2 s). The captures list stays below, so a
// "Show" link filters it in place.
import { useEffect } from 'react';
import { METRICS_WINDOWS, STATUS_CLASSES, type AnswerTimeStats, type WebhookMetrics } from '../../../../shared/metrics/types';
import { formatTime, zoneLabel } from '../../lib/time';
import { formatCount } from '../../lib/units';
import { CapturesChart } from './CapturesChart';
import { CLASS_COLORS, CLASS_LABELS, formatMs, PER_BUCKET, WINDOW_LABELS } from './format';
import { useMetrics, watchMetrics } from './metricsStore';
import { ParticipantsActivity } from './ParticipantsActivity';
import { RejectionsTable } from './RejectionsTable';
import './metrics.css';

export function MetricsView({ onClose }: { onClose(): void }) {
  const current = useMetrics((s) => s.window);
  const data = useMetrics((s) => s.data);
  const error = useMetrics((s) => s.error);
  const setWindow = useMetrics((s) => s.setWindow);
  useEffect(() => watchMetrics(), []);

  return (
    <section className="metrics-view" aria-label="Webhook metrics" data-testid="metrics-view">
      <header className="metrics-head">
        <h2>Webhook metrics</h2>
        <div className="segmented" role="group" aria-label="Time window">
          {METRICS_WINDOWS.map((w) => (
            <button key={w} type="button" className={`btn small ${w === current ? 'primary' : ''}`} aria-pressed={w === current} data-testid={`metrics-window-${w}`} onClick={() => setWindow(w)}>
              {WINDOW_LABELS[w]}
            </button>
          ))}
        </div>
        <span className="muted small" data-testid="metrics-updated">
          {data ? `${formatTime(data.from, 'dateTime')} → now · updated ${formatTime(data.generatedAt, 'clockSeconds')} · ${zoneLabel(null)}` : 'loading…'}
        </span>
        <span style={{ flex: 1 }} />
        <button type="button" className="btn ghost small" onClick={onClose} title="Back to the sessions">
          Close
        </button>
      </header>
      {error ? (
        <p className="error-text metrics-error" role="alert">
          {error}
        </p>
      ) : null}
      {data ? <Dashboard data={data} /> : null}
    </section>
  );
}

function Dashboard({ data }: { data: WebhookMetrics }) {
  return (
    <div className="metrics-body">
      <Totals data={data} />
      <div className="metrics-card">
        <h3>
          Captures {PER_BUCKET[data.window]} <span className="faint">· bars by answer, dashed line: p90 answer time of accepted captures</span>
        </h3>
        <CapturesChart data={data} />
      </div>
      <div className="metrics-card">
        <h3>
          Participants <span className="faint">· stale = nothing valid for over {data.staleAfterMinutes} min and the night not complete</span>
        </h3>
        <ParticipantsActivity data={data} />
      </div>
      <div className="metrics-card">
        <h3>Refused and invalid requests, by cause</h3>
        {data.refusedKeptSince ? (
          <p className="warn small" data-testid="refused-kept-since">
            Only the newest refused requests are kept: refused counts start at {formatTime(data.refusedKeptSince, 'dateTimeSeconds')}.
          </p>
        ) : null}
        <RejectionsTable data={data} />
      </div>
    </div>
  );
}

function Totals({ data }: { data: WebhookMetrics }) {
  const t = data.totals;
  return (
    <div className="metrics-totals" data-testid="metrics-totals">
      <div className="tile" data-testid="metrics-total-all">
        <span className="label">Captures</span>
        <span className="value num">{formatCount(t.all)}</span>
        <span className="faint small num">
          {t.duplicates} same repeat{t.duplicates === 1 ? '' : 's'} · {t.conflicts} conflict{t.conflicts === 1 ? '' : 's'}
        </span>
      </div>
      {STATUS_CLASSES.map((cls) => (
        <div className="tile" key={cls} data-testid={`metrics-total-${cls}`} data-count={t[cls]}>
          <span className="label">
            <span className="swatch" style={{ background: `var(${CLASS_COLORS[cls]})` }} /> {CLASS_LABELS[cls]}
          </span>
          <span className="value num">{formatCount(t[cls])}</span>
        </div>
      ))}
      <AnswerTimes label="Answer time, accepted" stats={data.answerMs.accepted} testId="metrics-answer-accepted" />
      <AnswerTimes label="Answer time, refused" stats={data.answerMs.refused} testId="metrics-answer-refused" />
    </div>
  );
}

function AnswerTimes({ label, stats, testId }: { label: string; stats: AnswerTimeStats; testId: string }) {
  return (
    <div className="tile wide" data-testid={testId} data-count={stats.count} title="Nearest-rank percentiles: each is a time a real request took">
      <span className="label">
        {label} <span className="faint">({formatCount(stats.count)})</span>
      </span>
      <dl className="percentiles num">
        <dt>p50</dt>
        <dd data-testid="p50">{formatMs(stats.p50)}</dd>
        <dt>p90</dt>
        <dd data-testid="p90">{formatMs(stats.p90)}</dd>
        <dt>p99</dt>
        <dd data-testid="p99">{formatMs(stats.p99)}</dd>
        <dt>max</dt>
        <dd>{formatMs(stats.max)}</dd>
      </dl>
    </div>
  );
}
