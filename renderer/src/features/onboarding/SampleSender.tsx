// "Send sample events": posts every example payload through the real listener and lists the answers.
import { useState } from 'react';
import type { SampleSendResult } from '../../../../shared/contract';
import { getApi } from '../../api';
import { statusTone } from '../captures/format';
import { useCaptures } from '../captures/capturesStore';

export function SampleSender() {
  const [busy, setBusy] = useState(false);
  const [results, setResults] = useState<SampleSendResult[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const send = async () => {
    setBusy(true);
    setError(null);
    const r = await getApi().call('sendSamples', {});
    setBusy(false);
    if (r.ok) setResults(r.value.results);
    else setError(r.error.message);
  };

  return (
    <section aria-labelledby="samples-title">
      <div className="row-between">
        <h3 id="samples-title">Try it</h3>
        <button type="button" className="btn primary" data-testid="send-samples" onClick={() => void send()} disabled={busy}>
          {busy ? 'Sending…' : 'Send sample events'}
        </button>
      </div>
      <p className="muted">
        Posts one example of every payload layout (V1, V2, V3 and the flat seed format) to the webhook URL, with the current
        key, exactly as Asleep would. They show up below as captures and sessions.
      </p>
      {error ? <div className="error-text">Could not send the samples: {error}</div> : null}
      {results ? (
        <table className="table" data-testid="sample-results">
          <thead>
            <tr>
              <th>Sample</th>
              <th>HTTP</th>
              <th>Capture</th>
            </tr>
          </thead>
          <tbody>
            {results.map((r) => (
              <tr key={r.name}>
                <td>{r.name}</td>
                <td className={`num ${r.status === null ? 'bad' : statusTone(r.status)}`}>{r.status ?? '—'}</td>
                <td>
                  {r.error ? (
                    <span className="error-text">{r.error}</span>
                  ) : r.captureId ? (
                    <button type="button" className="link mono" onClick={() => useCaptures.getState().select(r.captureId)}>
                      {r.captureId}
                    </button>
                  ) : (
                    <span className="faint">—</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
