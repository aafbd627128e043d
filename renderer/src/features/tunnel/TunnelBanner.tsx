// Loud when it matters: the public URL changed (Asleep's callback URL is now wrong), or the tunnel is
// down while it should be up (nothing from Asleep can arrive).
import { formatTime } from '../../lib/time';
import { CopyButton } from '../../ui/CopyButton';
import { useNow } from '../../ui/useNow';
import { useStatus } from '../status/statusStore';
import { useTunnel } from './tunnelStore';

export function TunnelBanner() {
  const change = useTunnel((s) => s.change);
  const dismiss = useTunnel((s) => s.dismiss);
  const status = useStatus((s) => s.status);
  const now = useNow(1000);
  const t = status?.tunnel;
  return (
    <>
      {change ? (
        <div className="banner red" role="alert" data-testid="tunnel-url-banner">
          <div className="grow">
            <strong>The public URL changed: Asleep’s callback URL must be updated to</strong>{' '}
            <span className="mono" data-testid="tunnel-new-url">
              {change.webhookUrl}
            </span>
            <div>
              {change.previous ? (
                <>
                  Webhooks sent to the old address (<span className="mono">{change.previous}</span>) no longer arrive.{' '}
                </>
              ) : null}
              Changed at {formatTime(change.at, 'dateTimeSeconds')}.
            </div>
          </div>
          <CopyButton text={change.webhookUrl} what="new webhook URL" />
          <button type="button" className="btn small" onClick={dismiss}>
            I updated it
          </button>
        </div>
      ) : null}
      {t && t.enabled && t.state === 'offline' ? (
        <div className="banner amber" role="status" data-testid="tunnel-offline-banner">
          <div className="grow">
            <strong>Tunnel offline — Asleep cannot reach this console.</strong> {t.reason ?? ''}
            {t.nextRetryAt ? <span> Next try {retryIn(t.nextRetryAt, now)}.</span> : null}
          </div>
        </div>
      ) : null}
    </>
  );
}

function retryIn(at: string, now: number): string {
  const s = Math.max(0, Math.round((Date.parse(at) - now) / 1000));
  return s <= 0 ? 'now' : `in ${s} s`;
}
