// The key webhooks must carry in x-api-key. Asleep sends the customer's own Asleep API key there, so
// the usual setup is "use my Asleep key"; a generated key is for samples and the user's own tests.
import { useState } from 'react';
import { getApi } from '../../api';
import { CopyButton } from '../../ui/CopyButton';
import { useStatus } from '../status/statusStore';

export function ApiKeyField({ apiKey }: { apiKey: string }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [changed, setChanged] = useState<null | 'generated' | 'own'>(null);
  const [entering, setEntering] = useState(false);
  const [ownKey, setOwnKey] = useState('');

  const apply = async (key: string | undefined) => {
    setBusy(true);
    setError(null);
    const r = await getApi().call('setApiKey', key === undefined ? {} : { apiKey: key });
    setBusy(false);
    if (r.ok) {
      useStatus.getState().set(r.value);
      setConfirming(false);
      setEntering(false);
      setOwnKey('');
      setChanged(key === undefined ? 'generated' : 'own');
    } else {
      setError(r.error.message);
    }
  };
  const generate = () => apply(undefined);

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
          <button type="button" className="btn small" onClick={() => setEntering(true)} disabled={entering || busy} data-testid="use-own-key">
            Use my Asleep key…
          </button>
          <button type="button" className="btn small" onClick={() => setConfirming(true)} disabled={confirming || busy}>
            New key…
          </button>
        </div>
      </div>
      <div className="muted small">
        Asleep sends your Asleep API key in <code>x-api-key</code>: to receive real webhooks, set this key to it. A generated key
        is for the samples and your own tests.
      </div>
      {entering ? (
        <form
          className="confirm"
          onSubmit={(e) => {
            e.preventDefault();
            void apply(ownKey.trim());
          }}
        >
          <label htmlFor="own-key">Your Asleep API key (stored in this data folder, readable by you only)</label>
          <div className="row">
            <input
              id="own-key"
              type="password"
              autoComplete="off"
              spellCheck={false}
              value={ownKey}
              onChange={(e) => setOwnKey(e.target.value)}
              autoFocus
              data-testid="own-key-input"
            />
            <button type="submit" className="btn" disabled={busy || ownKey.trim().length < 8}>
              {busy ? 'Saving…' : 'Use this key'}
            </button>
            <button type="button" className="btn" onClick={() => setEntering(false)} disabled={busy}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      {confirming ? (
        <div className="confirm" role="alertdialog" aria-label="Generate a new API key">
          <div>
            <strong>Generate a new API key?</strong> The current key stops working at once: webhooks that still send it are
            answered 401 and kept only as rejected captures. Senders you control must use the new key (or use your Asleep key instead).
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
      {changed === 'generated' && !confirming ? <div className="warn">New key in use: senders with the old key now get 401.</div> : null}
      {changed === 'own' && !entering ? <div className="warn">Your Asleep key is in use: webhooks from Asleep will now be accepted.</div> : null}
      {error ? <div className="error-text">Could not change the key: {error}</div> : null}
    </>
  );
}
