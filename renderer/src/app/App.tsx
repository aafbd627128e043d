// The console's layout: status on top, sessions on the left, the open night (or setup) in the middle,
// every capture at the bottom.
import { useCallback } from 'react';
import type { SessionSummary } from '../../../shared/session';
import { CapturesPanel } from '../features/captures/CapturesPanel';
import { SetupPanel } from '../features/onboarding/SetupPanel';
import { useOpenSession } from '../features/sessions/openSessionStore';
import { SessionsList } from '../features/sessions/SessionsList';
import { SessionView } from '../features/sessions/SessionView';
import { ConnectionBar, StorageBanner } from '../features/status/Banners';
import { TopBar } from '../features/status/TopBar';
import { useUi } from './uiStore';
import './app.css';

export function App() {
  const main = useUi((s) => s.main);
  const firstRun = useUi((s) => s.firstRun);
  const expanded = useUi((s) => s.capturesExpanded);
  const show = useUi((s) => s.show);
  const toggleCaptures = useUi((s) => s.toggleCaptures);

  const openSession = useCallback(
    (s: SessionSummary) => {
      useOpenSession.getState().open({ userId: s.userId, sessionId: s.sessionId });
      show('session');
    },
    [show],
  );

  return (
    <div className="app">
      <TopBar onSetup={() => show(main === 'setup' ? 'session' : 'setup')} setupOpen={main === 'setup'} />
      <ConnectionBar />
      <StorageBanner />
      <div className="workspace">
        <div className="side">
          <SessionsList onOpen={openSession} />
        </div>
        <div className={`main ${expanded ? 'captures-expanded' : ''}`}>
          <main className="view">{main === 'setup' ? <SetupPanel firstRun={firstRun} onClose={() => show('session')} /> : <SessionView />}</main>
          <div className="bottom">
            <CapturesPanel expanded={expanded} onToggleExpand={toggleCaptures} />
          </div>
        </div>
      </div>
    </div>
  );
}
