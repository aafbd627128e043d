// Re-send one capture (optionally edited) or a whole night to any URL (the console's own listener by
// default) and show what the target answered; answers are kept with the original capture.
import { useEffect, useMemo, useState } from 'react';
import type { CaptureDetail } from '../../../../shared/capture';
import type { ResendResult } from '../../../../shared/contract';
import { getApi } from '../../api';
import { formatTime } from '../../lib/time';
import { useStatus } from '../status/statusStore';
import { checkBody, headerLines, parseHeaderLines } from './resendModel';
import './resend.css';

export type ResendTarget =
  | { kind: 'capture'; capture: CaptureDetail }
  | { kind: 'session'; userId: string; sessionId: string; count: number }
  | { kind: 'selection'; captureIds: string[] };

export function ResendDialog({ target, onClose }: { target: ResendTarget; onClose: () => void }) {
  const ownUrl = useStatus((s) => s.status?.webhookUrl ?? '');
  const capture = target.kind === 'capture' ? target.capture : null;
  const [url, setUrl] = useState('');
  const [spacing, setSpacing] = useState<'none' | 'original'>('none');
  const [speed, setSpeed] = useState(100);
  const [editing, setEditing] = useState(false);
  const [body, setBody] = useState(capture?.body ?? '');
  const [headersText, setHeadersText] = useState(() => (capture ? headerLines(capture.headers) : ''));
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [results, setResults] = useState<ResendResult[]>([]);
  const [history, setHistory] = useState<ResendResult[]>([]);

  const captureId = capture?.id ?? null;
  useEffect(() => {
    if (!captureId) return;
    let live = true;
    void getApi()
      .call('resendResults', { captureId })
      .then((r) => live && r.ok && setHistory(r.value.items));
    return () => {
      live = false;
    };
  }, [captureId]);

  const check = useMemo(() => (editing ? checkBody(body) : null), [editing, body]);
  const parsedHeaders = useMemo(() => (editing ? parseHeaderLines(headersText) : null), [editing, headersText]);
  const canEdit = capture !== null && capture.body !== undefined && !capture.bodyTruncated;
  const exact = capture === null || (!capture.bodyTruncated && (capture.body !== undefined || capture.bodyBase64 !== undefined));

  const send = async () => {
    setSending(true);
    setError(null);
    const common = { ...(url.trim() ? { url: url.trim() } : {}), spacing, speed };
    const r =
      target.kind === 'capture'
        ? await getApi().call('resend', {
            captureIds: [target.capture.id],
            ...common,
            ...(editing && parsedHeaders ? { edit: { body, headers: parsedHeaders.headers } } : {}),
          })
        : target.kind === 'selection'
          ? await getApi().call('resend', { captureIds: target.captureIds, ...common })
          : await getApi().call('resend', { session: { userId: target.userId, sessionId: target.sessionId }, ...common });
    setSending(false);
    if (!r.ok) {
      setError(r.error.message);
      return;
    }
    setResults(r.value.results);
    if (captureId) setHistory((h) => [...h, ...r.value.results]);
  };

  return (
    <section className="resend-dialog" data-testid="resend-dialog" aria-label="Re-send">
      <div className="resend-head">
        <h3>
          {target.kind === 'capture'
            ? `Re-send ${target.capture.id}`
            : target.kind === 'selection'
              ? `Re-send ${target.captureIds.length} marked captures (in arrival order)`
              : `Re-send the night (${target.count} captures, in order)`}
        </h3>
        <button type="button" className="btn ghost small" onClick={onClose}>
          Close
        </button>
      </div>
      <label className="resend-field">
        <span className="muted">Target URL</span>
        <input type="url" data-testid="resend-url" value={url} placeholder={ownUrl || 'this console'} onChange={(e) => setUrl(e.target.value)} />
      </label>
      <div className="faint">
        Sent byte for byte with the original headers (minus Host, Content-Length and hop-by-hop ones), this console&apos;s API key, and{' '}
        <code>x-console-replay</code>.
      </div>
      {target.kind !== 'capture' ? (
        <div className="resend-row">
          <label>
            <span className="muted">Spacing </span>
            <select data-testid="resend-spacing" value={spacing} onChange={(e) => setSpacing(e.target.value === 'original' ? 'original' : 'none')}>
              <option value="none">none (one after the other)</option>
              <option value="original">original, scaled</option>
            </select>
          </label>
          {spacing === 'original' ? (
            <label>
              <span className="muted">Speed ×</span>
              <input type="number" min={1} max={1_000_000} value={speed} onChange={(e) => setSpeed(Math.max(1, Number(e.target.value) || 1))} />
            </label>
          ) : null}
        </div>
      ) : null}
      {capture && !exact ? <div className="warn">Only the first 64 KiB of this body were kept: it cannot be re-sent byte for byte.</div> : null}
      {canEdit ? (
        <label className="resend-row">
          <input type="checkbox" data-testid="resend-edit" checked={editing} onChange={(e) => setEditing(e.target.checked)} /> Edit before sending
        </label>
      ) : null}
      {editing ? (
        <div className="resend-editor">
          <label className="resend-field">
            <span className="muted">Body</span>
            <textarea data-testid="resend-body" className="mono" rows={12} spellCheck={false} value={body} onChange={(e) => setBody(e.target.value)} />
          </label>
          {check ? (
            <div data-testid="resend-validation" data-valid={check.valid ? 'true' : 'false'} className={check.valid ? 'ok' : 'bad'}>
              {check.valid ? `Valid ${check.layout ?? ''} ${check.event ?? ''}` : check.json ? `Not a valid Asleep webhook${check.layout ? ` (${check.layout})` : ''}` : 'Not JSON'}
              {check.problems.length > 0 ? (
                <ul className="issues">
                  {check.problems.slice(0, 20).map((p, i) => (
                    <li key={i}>{p}</li>
                  ))}
                </ul>
              ) : null}
            </div>
          ) : null}
          <label className="resend-field">
            <span className="muted">Headers (one &quot;Name: value&quot; a line; without x-api-key the console&apos;s key is sent)</span>
            <textarea data-testid="resend-headers" className="mono" rows={6} spellCheck={false} value={headersText} onChange={(e) => setHeadersText(e.target.value)} />
          </label>
          {parsedHeaders && parsedHeaders.errors.length > 0 ? <div className="bad">{parsedHeaders.errors.join('; ')}</div> : null}
        </div>
      ) : null}
      <div className="resend-row">
        <button
          type="button"
          className="btn primary small"
          data-testid="resend-send"
          disabled={sending || (capture !== null && !exact && !editing) || (parsedHeaders?.errors.length ?? 0) > 0}
          onClick={() => void send()}
        >
          {sending ? 'Sending…' : editing ? 'Send edited' : 'Send'}
        </button>
        {error ? <span className="error-text">{error}</span> : null}
      </div>
      {results.length > 0 ? <ResultList title="Answers" items={results} testId="resend-result" /> : null}
      {captureId && history.length > results.length ? <ResultList title="Earlier re-sends of this capture" items={history.slice(0, history.length - results.length).reverse()} testId="resend-history" /> : null}
    </section>
  );
}

function ResultList({ title, items, testId }: { title: string; items: ResendResult[]; testId: string }) {
  return (
    <div className="resend-results">
      <h4>{title}</h4>
      {items.map((r, i) => (
        <details key={`${r.captureId}-${r.at}-${i}`} className="resend-result" data-testid={testId} data-status={r.status ?? 'none'} data-new-capture={r.newCaptureId ?? ''}>
          <summary>
            <span className="mono">{r.captureId}</span> → <span className={r.status !== null && r.status < 300 ? 'ok' : 'bad'}>{r.status ?? 'no answer'}</span>{' '}
            <span className="muted num">
              {r.ms.toFixed(1)} ms · {formatTime(r.at, 'dateTimeSeconds')}
            </span>
            {r.edited ? <span className="warn"> edited</span> : null}
            {r.newCaptureId ? <span className="muted"> · new capture <span className="mono">{r.newCaptureId}</span></span> : null}
            {r.error ? <span className="bad"> {r.error}</span> : null}
          </summary>
          <div className="mono faint">{r.url}</div>
          <pre className="raw">{Object.entries(r.headers).map(([k, v]) => `${k}: ${v}`).join('\n')}</pre>
          <pre className="raw">{r.body || '(empty)'}{r.bodyTruncated ? '\n… (cut at 64 KiB)' : ''}</pre>
        </details>
      ))}
    </div>
  );
}
