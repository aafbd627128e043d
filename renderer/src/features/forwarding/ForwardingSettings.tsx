// Setup: forward every accepted webhook to the user's own backend (queue on disk, retries,
// dead letters), and answer mode for testing how a sender retries.
import { useEffect, useState } from 'react';
import type { ConsoleStatus, ForwardingAttempt, ForwardingState } from '../../../../shared/contract';
import { getApi } from '../../api';
import { formatTime } from '../../lib/time';
import { useStatus } from '../status/statusStore';

export function ForwardingSettings({ status }: { status: ConsoleStatus }) {
  const f = status.forwarding;
  if (!f) return null; // read-only review: nothing is forwarded
  return (
    <>
      <ForwardingSection f={f} readOnly={status.storage.readOnly} />
      <AnswerModeSection status={status} />
    </>
  );
}

function ForwardingSection({ f, readOnly }: { f: ForwardingState; readOnly: boolean }) {
  const [url, setUrl] = useState(f.url ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [attempts, setAttempts] = useState<{ captureId: string; items: ForwardingAttempt[] } | null>(null);
  useEffect(() => setUrl(f.url ?? ''), [f.url]);

  const run = async (what: string, call: () => Promise<{ ok: true } | { ok: false; error: { message: string } }>) => {
    setBusy(true);
    setError(null);
    const r = await call();
    setBusy(false);
    if (!r.ok) setError(`${what}: ${r.error.message}`);
    void useStatus.getState().load();
  };
  const api = getApi();
  const changed = (url.trim() || null) !== f.url;
  const showAttempts = async (captureId: string) => {
    const r = await api.call('forwardingAttempts', { captureId });
    if (r.ok) setAttempts({ captureId, items: r.value.items });
  };

  return (
    <section aria-labelledby="forwarding-title" data-testid="forwarding-settings">
      <h3 id="forwarding-title">Forward to your backend</h3>
      <form
        className="field"
        onSubmit={(e) => {
          e.preventDefault();
          void run('Could not save the URL', () => api.call('configureForwarding', { url: url.trim() || null }));
        }}
      >
        <label className="muted" htmlFor="forwarding-url">
          Backend URL
        </label>
        <input
          id="forwarding-url"
          type="url"
          value={url}
          placeholder="https://my-backend.example/asleep-webhook"
          onChange={(e) => setUrl(e.target.value)}
          spellCheck={false}
          data-testid="forwarding-url"
        />
        <button type="submit" className="btn small" disabled={busy || readOnly || !changed}>
          Save
        </button>
        <button
          type="button"
          className={`btn small ${f.enabled ? '' : 'primary'}`}
          onClick={() => void run('Could not change forwarding', () => api.call('configureForwarding', { enabled: !f.enabled }))}
          disabled={busy || readOnly || (!f.enabled && !f.url)}
          data-testid="forwarding-toggle"
        >
          {f.enabled ? 'Stop forwarding' : 'Start forwarding'}
        </button>
      </form>
      <div className="field" data-testid="forwarding-queue">
        <span className="muted">Queue</span>
        <span className="value">
          {f.enabled ? '' : f.queueLength > 0 ? 'Paused · ' : 'Off · '}
          <span data-testid="forwarding-queue-length">{f.queueLength}</span> waiting · <span data-testid="forwarding-delivered">{f.delivered}</span>{' '}
          delivered
          {f.inFlight ? <span className="muted"> · sending {f.inFlight}</span> : null}
          {f.nextAttemptAt ? <span className="muted"> · next try {formatTime(f.nextAttemptAt, 'dateTimeSeconds')}</span> : null}
        </span>
      </div>
      {f.lastError ? (
        <div className="field">
          <span className="muted">Last error</span>
          <span className="value" data-testid="forwarding-last-error">
            {f.lastError.captureId}: {f.lastError.message} <span className="muted">({formatTime(f.lastError.at, 'dateTimeSeconds')})</span>
          </span>
        </div>
      ) : null}
      <p className="muted small">
        Every webhook accepted while forwarding is on is sent to this URL with its exact body and its original headers (except
        connection headers; Host and Content-Length are recomputed). The API key is never stored, so the console sends its own
        key in <code>x-api-key</code>, and adds <code>x-console-forwarded: &lt;capture id&gt;</code>. Asleep gets its answer first;
        forwarding runs from a queue on disk that survives a restart. Network errors, time-outs, 5xx, 408 and 429 are tried again
        after 1 s, 2 s, 4 s … (at most 5 min apart, 8 tries in all); any other answer (for example 400 or 422) means the backend
        refuses the webhook and will not change its mind, so it goes straight to the dead letters. If the console stops in the
        middle of a try, that capture is sent again after the restart: deduplicate by <code>x-console-forwarded</code>.
      </p>
      {error ? <div className="error-text">{error}</div> : null}
      {f.dead.length > 0 ? (
        <div data-testid="forwarding-dead">
          <div className="row-between">
            <h4>Dead letters ({f.dead.length})</h4>
            <span>
              <button type="button" className="btn small" disabled={busy || readOnly} onClick={() => void run('Could not retry', () => api.call('retryDead', {}))}>
                Retry all
              </button>{' '}
              <button type="button" className="btn small" disabled={busy || readOnly} onClick={() => void run('Could not discard', () => api.call('discardDead', {}))}>
                Discard all
              </button>
            </span>
          </div>
          <table className="kv-table">
            <thead>
              <tr>
                <th>Capture</th>
                <th className="num">Tries</th>
                <th>Last error</th>
                <th>Since</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {f.dead.map((d) => (
                <tr key={d.captureId} data-testid="forwarding-dead-row">
                  <td className="mono">
                    <button type="button" className="btn ghost small" onClick={() => void showAttempts(d.captureId)}>
                      {d.captureId}
                    </button>
                  </td>
                  <td className="num">{d.attempts}</td>
                  <td>{d.lastError}</td>
                  <td>{d.at ? formatTime(d.at, 'dateTimeSeconds') : ''}</td>
                  <td>
                    <button
                      type="button"
                      className="btn small"
                      disabled={busy || readOnly}
                      onClick={() => void run('Could not retry', () => api.call('retryDead', { captureId: d.captureId }))}
                    >
                      Retry
                    </button>{' '}
                    <button
                      type="button"
                      className="btn small"
                      disabled={busy || readOnly}
                      onClick={() => void run('Could not discard', () => api.call('discardDead', { captureId: d.captureId }))}
                    >
                      Discard
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {attempts ? (
        <div data-testid="forwarding-attempts">
          <div className="row-between">
            <h4>Tries for {attempts.captureId}</h4>
            <button type="button" className="btn ghost small" onClick={() => setAttempts(null)}>
              Close
            </button>
          </div>
          <table className="kv-table">
            <thead>
              <tr>
                <th className="num">#</th>
                <th>At</th>
                <th>Answer</th>
                <th className="num">ms</th>
                <th>Body (first 2 KiB)</th>
              </tr>
            </thead>
            <tbody>
              {attempts.items.map((a, i) => (
                <tr key={i}>
                  <td className="num">{a.n}</td>
                  <td>{formatTime(a.at, 'dateTimeSeconds')}</td>
                  <td>
                    {a.status ?? '—'} {a.error ? <span className="muted">{a.error}</span> : null} <span className="muted">({a.outcome})</span>
                  </td>
                  <td className="num">{a.ms ?? ''}</td>
                  <td className="mono">{a.body}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function AnswerModeSection({ status }: { status: ConsoleStatus }) {
  const mode = status.answerMode ?? { status: null, delayMs: 0 };
  const [code, setCode] = useState(String(mode.status ?? 500));
  const [delay, setDelay] = useState(String(mode.delayMs / 1000));
  const [error, setError] = useState<string | null>(null);
  const on = mode.status !== null || mode.delayMs > 0;

  const apply = async (patch: { status: number | null; delayMs: number }) => {
    setError(null);
    const r = await getApi().call('setAnswerMode', patch);
    if (r.ok) useStatus.getState().set(r.value);
    else setError(r.error.message);
  };
  const parsedCode = code.trim() === '' ? null : Number(code);
  const parsedDelay = Math.round(Number(delay) * 1000);
  const valid = (parsedCode === null || (Number.isInteger(parsedCode) && parsedCode >= 200 && parsedCode <= 599)) && parsedDelay >= 0 && parsedDelay <= 30_000;

  return (
    <section aria-labelledby="answer-mode-title" data-testid="answer-mode">
      <h3 id="answer-mode-title">Answer mode (testing a sender’s retries)</h3>
      <form
        className="field"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) void apply({ status: parsedCode, delayMs: parsedDelay });
        }}
      >
        <label className="muted" htmlFor="answer-mode-status">
          Answer status
        </label>
        <input id="answer-mode-status" type="number" min={200} max={599} value={code} placeholder="200" onChange={(e) => setCode(e.target.value)} data-testid="answer-mode-status" />
        <label className="muted" htmlFor="answer-mode-delay">
          Delay (s)
        </label>
        <input id="answer-mode-delay" type="number" min={0} max={30} step={0.1} value={delay} onChange={(e) => setDelay(e.target.value)} data-testid="answer-mode-delay" />
        <button type="submit" className="btn small" disabled={!valid || status.storage.readOnly} data-testid="answer-mode-apply">
          {on ? 'Change' : 'Turn on'}
        </button>
        {on ? (
          <button type="button" className="btn small primary" onClick={() => void apply({ status: null, delayMs: 0 })} data-testid="answer-mode-off">
            Turn off
          </button>
        ) : null}
      </form>
      <p className="muted small">
        Off by default. While on, every valid webhook is still stored exactly as usual; then the console waits the delay (up to
        30 s) and answers the chosen status (empty = 200) with a JSON body saying it is a test answer. A sender that sees an
        error will retry; a failing disk still answers 503.
      </p>
      {error ? <div className="error-text">Could not change answer mode: {error}</div> : null}
    </section>
  );
}
