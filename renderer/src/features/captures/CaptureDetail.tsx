// One capture, inspected: what came in, how far it got, and what we answered.
import { useEffect, useState } from 'react';
import type { CaptureDetail } from '../../../../shared/capture';
import type { ValidationIssue } from '../../../../shared/asleep/model';
import { formatTime, zoneLabel } from '../../lib/time';
import { formatBytes } from '../../lib/units';
import { EmptyState } from '../../ui/EmptyState';
import { useOpenSession } from '../sessions/openSessionStore';
import { BodyView } from './BodyView';
import { useCaptures } from './capturesStore';
import { apiKeyText, layoutLabel, STAGE_TEXT, STAGES, statusTone } from './format';
import { HeadersTable } from './HeadersTable';
import { ResendDialog } from '../resend/ResendDialog';
import { CopyCurl } from './filters/CopyCurl';
// inspector: JSON tree and diff
import { BodyTabs } from '../inspector/BodyTabs';
import { CompareActions, DiffPanel, ShowDiffButton } from '../inspector/Compare';
import { useInspector } from '../inspector/inspectorStore';

export function CaptureDetailView() {
  const detail = useCaptures((s) => s.detail);
  const error = useCaptures((s) => s.detailError);
  const selectedId = useCaptures((s) => s.selectedId);
  const select = useCaptures((s) => s.select);

  // Esc closes the inspector from anywhere except a text field.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
      select(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [select]);

  return (
    <aside className="capture-detail" aria-label="Capture detail" data-testid="capture-detail">
      <div className="panel-head">
        <h3 className="ellipsis">
          Capture <span className="mono faint">{selectedId}</span>
        </h3>
        <button type="button" className="btn ghost small" onClick={() => select(null)} aria-label="Close capture detail (Esc)">
          Close ✕
        </button>
      </div>
      {error ? (
        <EmptyState title="Could not load this capture">{error}</EmptyState>
      ) : !detail ? (
        <EmptyState title="Loading…" />
      ) : (
        <Body capture={detail} />
      )}
    </aside>
  );
}

function Body({ capture: c }: { capture: CaptureDetail }) {
  const openSession = useOpenSession((s) => s.open);
  const select = useCaptures((s) => s.select);
  // The re-send form belongs to one capture: selecting another closes it.
  const [resendOf, setResendOf] = useState<string | null>(null);
  return (
    <div className="scroll">
      <section>
        <div className="request-line" data-testid="capture-request-line">
          {c.method} {c.path}
        </div>
        <button
          type="button"
          className="btn small"
          data-testid="capture-resend"
          onClick={() => setResendOf(resendOf === c.id ? null : c.id)}
          title="Send this capture again, byte for byte, to this console or any URL"
        >
          Re-send…
        </button>
        {resendOf === c.id ? <ResendDialog target={{ kind: 'capture', capture: c }} onClose={() => setResendOf(null)} /> : null}
        <CopyCurl key={c.id} capture={c} />
        <CompareActions capture={c} />
        <dl className="kv">
          <dt>Received</dt>
          <dd className="num">
            {formatTime(c.receivedAt, 'dateTimeSeconds')}.{String(new Date(c.receivedAt).getMilliseconds()).padStart(3, '0')}{' '}
            <span className="faint">{zoneLabel(null)}</span>
          </dd>
          <dt>Size</dt>
          <dd className="num">{formatBytes(c.size)}</dd>
          <dt>From</dt>
          <dd className="mono">{c.remoteAddress ?? '—'}</dd>
          <dt>API key</dt>
          <dd className={c.apiKey.matched ? 'ok' : 'bad'}>{apiKeyText(c.apiKey)}</dd>
          <dt>Event</dt>
          <dd>
            {c.event ?? <span className="faint">none</span>}
            {c.layout || c.version ? <span className="muted"> ({layoutLabel(c)})</span> : null}
          </dd>
          {c.userId || c.sessionId ? (
            <>
              <dt>Session</dt>
              <dd>
                {c.userId && c.sessionId ? (
                  <button
                    type="button"
                    className="link mono"
                    onClick={() => openSession({ userId: c.userId ?? '', sessionId: c.sessionId ?? '' })}
                  >
                    {c.userId} / {c.sessionId}
                  </button>
                ) : (
                  <span className="mono">
                    {c.userId ?? '?'} / {c.sessionId ?? '?'}
                  </span>
                )}
              </dd>
            </>
          ) : null}
          {c.duplicate !== 'no' ? (
            <>
              <dt>Repeat</dt>
              <dd className={c.duplicate === 'conflict' ? 'warn' : undefined}>
                {c.duplicate === 'same' ? 'Same content as ' : 'Different content under the same key as '}
                {c.duplicateOf ? (
                  <button type="button" className="link mono" onClick={() => select(c.duplicateOf)}>
                    {c.duplicateOf}
                  </button>
                ) : (
                  'an earlier capture'
                )}{' '}
                <ShowDiffButton capture={c} />
              </dd>
            </>
          ) : null}
        </dl>
      </section>

      <DiffPanel capture={c} />

      <section>
        <h3>Ingest path</h3>
        <Pipeline capture={c} />
        {c.reason ? <div className="warn">{c.reason}</div> : null}
      </section>

      {c.issues.length > 0 || c.warnings.length > 0 ? (
        <section data-testid="capture-issues">
          <h3>Validation</h3>
          {c.issues.length > 0 ? <IssueList title="Why it is not valid" tone="bad" issues={c.issues} /> : null}
          {c.warnings.length > 0 ? <IssueList title="Worth a look" tone="warn" issues={c.warnings} /> : null}
        </section>
      ) : null}

      <section>
        <h3>Headers</h3>
        <HeadersTable headers={c.headers} />
      </section>

      <section>
        <h3>Body</h3>
        <BodyTabs capture={c} raw={<BodyView capture={c} />} />
      </section>

      <section>
        <h3>We answered</h3>
        <div>
          <span className={`mono num ${statusTone(c.response.status)}`}>{c.response.status}</span>
          {c.answerMs !== null ? <span className="muted num"> · in {c.answerMs.toFixed(1)} ms</span> : null}
        </div>
        <pre className="raw" data-testid="capture-response">
          {c.response.body || '(empty)'}
        </pre>
      </section>
    </div>
  );
}

function Pipeline({ capture: c }: { capture: CaptureDetail }) {
  const reached = STAGES.indexOf(c.stage);
  return (
    <div className="pipeline" aria-label={`Stopped at: ${STAGE_TEXT[c.stage]}`}>
      {STAGES.map((s, i) => {
        const cls = i < reached ? 'passed' : i === reached ? (s === 'done' ? 'done' : 'stopped') : '';
        return (
          <span key={s} style={{ display: 'contents' }}>
            {i > 0 ? <span className="faint">→</span> : null}
            <span className={`step ${cls}`}>{STAGE_TEXT[s]}</span>
          </span>
        );
      })}
      {c.stage === 'done' ? <span className={c.valid ? 'ok' : 'bad'}>&nbsp;{c.valid ? 'valid' : 'stored, but not valid'}</span> : null}
    </div>
  );
}

function IssueList({ title, tone, issues }: { title: string; tone: 'bad' | 'warn'; issues: ValidationIssue[] }) {
  const reveal = useInspector((s) => s.reveal);
  return (
    <div>
      <div className={tone}>{title}:</div>
      <ul className="issues">
        {issues.map((i, n) => (
          <li key={`${i.path}-${n}`}>
            <button type="button" className="issue-link" data-testid="issue-link" data-path={i.path} onClick={() => reveal(i.path)} title="Show in the tree">
              <code>{i.path || '(body)'}</code>
            </button>
            : {i.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
