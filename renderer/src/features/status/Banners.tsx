// Loud, plain-language notices for things that need action: storage failing, files moved aside,
// and the live connection to the console being down.
import { useConnection } from '../../api';
import { formatTime } from '../../lib/time';
import { useStatus } from './statusStore';

export function StorageBanner() {
  const storage = useStatus((s) => s.status?.storage);
  if (!storage) return null;
  return (
    <>
      {!storage.ok ? (
        <div className="banner red" role="alert" data-testid="storage-banner">
          <div className="grow">
            <strong>Storage failing — webhooks are being answered 503 so Asleep retries.</strong>
            {storage.error ? <div className="mono">{storage.error}</div> : null}
            <div>
              Data folder: <span className="mono">{storage.dataDir}</span>
              {storage.readOnly ? ' (read-only)' : ''}. Free some disk space or fix the folder’s permissions; nothing
              is acknowledged until writes succeed again.
            </div>
          </div>
        </div>
      ) : null}
      {storage.corruptFiles.length > 0 ? (
        <div className="banner amber" role="status" data-testid="corrupt-notice">
          <div className="grow">
            <strong>
              {storage.corruptFiles.length === 1 ? 'A damaged file was' : `${storage.corruptFiles.length} damaged files were`} moved
              aside at start-up;
            </strong>{' '}
            everything else loaded.
            <ul>
              {storage.corruptFiles.map((f) => (
                <li key={f.movedTo}>
                  <span className="mono">{f.file}</span> → <span className="mono">{f.movedTo}</span> ({f.reason},{' '}
                  {formatTime(f.at, 'dateTimeSeconds')})
                </li>
              ))}
            </ul>
          </div>
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
