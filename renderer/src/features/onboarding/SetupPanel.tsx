// First run, and any time from "Setup": where to point Asleep, with what key, and a way to try it.
import { TunnelSettings } from '../tunnel/TunnelSettings';
import { ForwardingSettings } from '../forwarding/ForwardingSettings';
import { useCaptures } from '../captures/capturesStore';
import { useStatus } from '../status/statusStore';
import { CopyButton } from '../../ui/CopyButton';
import { EmptyState } from '../../ui/EmptyState';
import { ApiKeyField } from './ApiKeyField';
import { SampleSender } from './SampleSender';
import { curlExample } from './curl';
import './onboarding.css';

export function SetupPanel({ onClose, firstRun }: { onClose(): void; firstRun: boolean }) {
  const status = useStatus((s) => s.status);
  const error = useStatus((s) => s.error);
  const hasCaptures = useCaptures((s) => s.items.length > 0);
  if (!status) {
    return <EmptyState title={error ? 'Cannot reach the console' : 'Loading…'}>{error}</EmptyState>;
  }
  const curl = curlExample(status.webhookUrl, status.apiKey);
  return (
    <div className="setup" data-testid="setup-panel">
      <div className="setup-inner">
        <header>
          <h2>{firstRun ? 'Get started' : 'Setup'}</h2>
          <p className="muted">
            {!hasCaptures
              ? 'No captures yet — send a sample or point Asleep at the webhook URL.'
              : firstRun
                ? 'Captures are arriving: open a session on the left, or a capture below.'
                : 'Where Asleep should send its webhooks.'}
          </p>
          <span style={{ flex: 1 }} />
          <button type="button" className="btn ghost" onClick={onClose}>
            Close
          </button>
        </header>

        <section aria-labelledby="endpoint-title">
          <h3 id="endpoint-title">Endpoint</h3>
          <div className="field">
            <span className="muted">Webhook URL</span>
            <code className="value" data-testid="webhook-url">
              {status.webhookUrl}
            </code>
            <div className="actions">
              <CopyButton text={status.webhookUrl} what="webhook URL" />
            </div>
          </div>
          <ApiKeyField apiKey={status.apiKey} />
          <p className="muted">
            The URL is on this machine only (127.0.0.1): Asleep’s servers reach it through a tunnel (Tunnel:{' '}
            {status.tunnel.state}), and the SDK’s <code>callbackUrl</code> is the tunnel’s public address with{' '}
            <code>{status.path}</code>. Every webhook carries your Asleep API key in <code>x-api-key</code>; requests whose key
            does not match are answered 401 and still shown below.
          </p>
        </section>

        <TunnelSettings status={status} />
        <ForwardingSettings status={status} />

        <section aria-labelledby="curl-title">
          <div className="row-between">
            <h3 id="curl-title">Send one by hand</h3>
            <CopyButton text={curl} what="curl command" />
          </div>
          <pre className="code" data-testid="curl-example">
            {curl}
          </pre>
        </section>

        <SampleSender />
      </div>
    </div>
  );
}
