// Loud, plain-language notices for things that need action: storage failing, files moved aside,
// and the live connection to the console being down.
import { useState } from 'react';
import { corruptFileKey } from '../../../../shared/corrupt-file-key';
import { useConnection } from '../../api';
import { formatTime } from '../../lib/time';
import { useStatus } from './statusStore';

export function StorageBanner() {
  const storage = useStatus((s) => s.status?.storage);
  // "Got it" hides the files reported so far; a file damaged later shows the notice again.
  const [seen, setSeen] = useState<ReadonlySet<string>>(new Set());
  if (!storage) return null;
  const damaged = storage.corruptFiles.filter((f) => !seen.has(corruptFileKey(f)));
  return (
    <>
      {!storage.ok ? (
        <div className="banner red" role="alert" data-testid="storage-banner">
          <div className="grow">
            <strong>Storage failing — webhooks are being answered 503 so Asleep retries.</strong>
            {storage.error ? <div className="mono">{storage.error}</div> : null}
            <div>
              Data folder: <span className="mono">{storage.dataDir}</span>
              {storage.readOnly ? ' (read-only)' : ''}.{' '}
              {/* The error line already says what to do for this cause (disk full, read-only, permissions…). */}
              {storage.error ? 'Nothing' : 'Free some disk space or fix the folder’s permissions; nothing'} is acknowledged until
              writes succeed again.
            </div>
          </div>
        </div>
      ) : null}
      {damaged.length > 0 ? (
        <div className="banner amber" role="status" data-testid="corrupt-notice">
          <div className="grow">
            <strong>
              {damaged.length === 1 ? 'A damaged file does not read' : `${damaged.length} damaged files do not read`};
            </strong>{' '}
            everything else loaded, and what they held is rebuilt from the capture log where it can be.
            <ul>
              {damaged.map((f) => (
                <li key={corruptFileKey(f)}>
                  <span className="mono">{f.file}</span>
                  {f.movedTo ? (
                    <>
                      {' '}
                      → moved aside to <span className="mono">{f.movedTo}</span>
                    </>
                  ) : null}{' '}
                  ({f.reason}, {formatTime(f.at, 'dateTimeSeconds')})
                </li>
              ))}
            </ul>
          </div>
          <button type="button" className="btn small" data-testid="corrupt-notice-dismiss" onClick={() => setSeen(new Set([...seen, ...damaged.map(corruptFileKey)]))}>
            Got it
          </button>
        </div>
      ) : null}
    </>
  );
}

export function ConnectionBar() {
  const state = useConnection((s) => s.state);
  if (state === 'refused') {
    return (
      <div className="banner red" role="alert" data-testid="connection-bar">
        <strong>The console server no longer accepts this page.</strong>
        <span>It was probably restarted with a new access token: open the Console link it printed again.</span>
      </div>
    );
  }
  if (state !== 'lost') return null;
  return (
    <div className="banner amber" role="alert" data-testid="connection-bar">
      <strong>Connection lost — reconnecting…</strong>
      <span>Live updates are paused. Webhooks are still received and stored by the console server if it is running.</span>
    </div>
  );
}
