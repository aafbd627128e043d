// One line that answers "is everything still being recorded?".
import type { ConsoleStatus } from '../../../../shared/contract';
import { formatCount } from '../../lib/units';
import { useNow } from '../../ui/useNow';
// webhook metrics
import { MetricsButton } from '../metrics/MetricsButton';
// settings page
import { SettingsButton } from '../settings/SettingsButton';
import { countByState } from '../sessions/order';
import { useSessions } from '../sessions/sessionsStore';
import { useStatus } from './statusStore';
import './status.css';

export function TopBar({ onSetup, setupOpen }: { onSetup(): void; setupOpen: boolean }) {
  const status = useStatus((s) => s.status);
  const error = useStatus((s) => s.error);
  return (
    <header className="topbar" data-testid="status-bar">
      <div className="brand">
        Asleep <span>Webhook Console</span>
      </div>
      {status ? <Listener status={status} /> : <div className="item bad">{error ?? 'Connecting to the console…'}</div>}
      {status ? <Tunnel status={status} /> : null}
      {status ? <Storage status={status} /> : null}
      <SessionCounts staleAfter={status?.staleAfterMinutes ?? 15} />
      <div className="spacer" />
      <MetricsButton />
      <SettingsButton />
      <button type="button" className={`btn ${setupOpen ? 'primary' : ''}`} onClick={onSetup} aria-pressed={setupOpen}>
        Setup
      </button>
    </header>
  );
}

function Listener({ status }: { status: ConsoleStatus }) {
  if (status.storage.readOnly) {
    return (
      <div className="item" data-testid="listener-status" title={`Reviewing ${status.storage.dataDir}: nothing is received or written.`}>
        <span className="badge amber" data-testid="read-only-badge">
          Read-only review
        </span>
        <span className="mono url">{status.storage.dataDir}</span>
      </div>
    );
  }
  if (!status.listening) {
    return (
      <div className="item" data-testid="listener-status" title={status.listenError ?? undefined}>
        <span className="dot error" />
        <span className="bad ellipsis">Not listening{status.listenError ? `: ${status.listenError}` : ''}</span>
      </div>
    );
  }
  return (
    <div className="item" data-testid="listener-status" title="Asleep must post to this URL">
      <span className="dot live" />
      <span className="label">Listening on</span>
      <span className="mono url">{status.webhookUrl}</span>
    </div>
  );
}

function Tunnel({ status }: { status: ConsoleStatus }) {
  const t = status.tunnel;
  const tone = t.state === 'online' ? 'ok' : t.state === 'degraded' || t.state === 'connecting' ? 'warn' : t.state === 'offline' ? 'bad' : 'muted';
  return (
    <div className="item" data-testid="tunnel-status" title={t.reason ?? t.publicUrl ?? undefined}>
      <span className="label">Tunnel:</span>
      <span className={tone}>{t.state}</span>
      {t.publicUrl && t.state !== 'off' ? <span className="mono url">{t.publicUrl}{status.path}</span> : null}
      {t.reason && (t.state === 'offline' || t.state === 'degraded') ? <span className="muted ellipsis">{t.reason}</span> : null}
    </div>
  );
}

function Storage({ status }: { status: ConsoleStatus }) {
  const s = status.storage;
  return (
    <div className="item" data-testid="storage-status" title={s.dataDir}>
      <span className="label">Storage:</span>
      {s.ok ? <span className="ok">ok</span> : <span className="bad">failing</span>}
      <span className="muted num">
        {formatCount(s.captureCount)} captures
        {s.rejectedCount ? ` · ${formatCount(s.rejectedCount)} rejected` : ''}
      </span>
    </div>
  );
}

function SessionCounts({ staleAfter }: { staleAfter: number }) {
  const byKey = useSessions((s) => s.byKey);
  const now = useNow();
  const c = countByState(Object.values(byKey), now, staleAfter);
  if (c.live + c.stale + c.complete === 0) return null;
  return (
    <div className="item num" data-testid="session-counts">
      <span className="label">Sessions:</span>
      <span className="dot live" /> <span>{c.live} live</span>
      {c.stale ? (
        <>
          <span className="dot stale" /> <span className="warn">{c.stale} stale</span>
        </>
      ) : null}
      <span className="dot complete" /> <span className="muted">{c.complete} complete</span>
    </div>
  );
}
