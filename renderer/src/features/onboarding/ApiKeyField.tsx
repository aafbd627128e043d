// The API key Asleep must send, with a guarded "New key" (old senders start getting 401).
import { useState } from 'react';
import { getApi } from '../../api';
import { CopyButton } from '../../ui/CopyButton';
import { useStatus } from '../status/statusStore';

export function ApiKeyField({ apiKey }: { apiKey: string }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [changed, setChanged] = useState(false);

  const generate = async () => {
    setBusy(true);
    setError(null);
    const r = await getApi().call('setApiKey', {});
    setBusy(false);
    if (r.ok) {
      useStatus.getState().set(r.value);
      setConfirming(false);
      setChanged(true);
    } else {
      setError(r.error.message);
    }
  };

  return (
    <>
      <div className="field">
        <label className="muted" htmlFor="api-key">
          API key
        </label>
        <code className="value" id="api-key" data-testid="api-key">
          {apiKey}
        </code>
        <div className="actions">
          <CopyButton text={apiKey} what="API key" />
          <button type="button" className="btn small" onClick={() => setConfirming(true)} disabled={confirming || busy}>
            New key…
          </button>
        </div>
      </div>
      {confirming ? (
        <div className="confirm" role="alertdialog" aria-label="Generate a new API key">
          <div>
            <strong>Generate a new API key?</strong> The current key stops working at once: webhooks that still send it are
            answered 401 and kept only as rejected captures. Give Asleep the new key (in your Asleep dashboard or SDK setup)
            right after.
          </div>
          <div className="row">
            <button type="button" className="btn danger" onClick={() => void generate()} disabled={busy} autoFocus>
              {busy ? 'Generating…' : 'Generate new key'}
            </button>
            <button type="button" className="btn" onClick={() => setConfirming(false)} disabled={busy}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
      {changed && !confirming ? <div className="warn">New key in use. Remember to give it to Asleep.</div> : null}
      {error ? <div className="error-text">Could not change the key: {error}</div> : null}
    </>
  );
}
