// The console's layout: status on top, sessions on the left, the open night (or setup) in the middle,
// every capture at the bottom.
import { useCallback, useEffect } from 'react';
import type { SessionSummary } from '../../../shared/session';
import { CapturesPanel } from '../features/captures/CapturesPanel';
import { SetupPanel } from '../features/onboarding/SetupPanel';
import { useOpenSession } from '../features/sessions/openSessionStore';
import { SessionsList } from '../features/sessions/SessionsList';
import { SessionView } from '../features/sessions/SessionView';
import { HistoryView } from '../features/history/HistoryView';
import { useHistory, wireHistory } from '../features/history/historyStore';
import { HistoryLink, ParticipantsPanel } from '../features/history/ParticipantsPanel';
import { ConnectionBar, StorageBanner } from '../features/status/Banners';
import { TopBar } from '../features/status/TopBar';
import { TunnelBanner } from '../features/tunnel/TunnelBanner';
import { AnswerModeBanner } from '../features/forwarding/AnswerModeBanner';
import { SimulatorLauncher } from '../features/simulator/SimulatorPanel';
import { useUi } from './uiStore';
// webhook metrics
import { MetricsView } from '../features/metrics/MetricsView';
// settings page
import { SettingsView } from '../features/settings/SettingsView';
import { wireSettings } from '../features/settings/wireSettings';
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
      useHistory.getState().close();
      show('session');
    },
    [show],
  );
  const historySource = useHistory((s) => s.source);
  const historyOpen = historySource !== null;
  useEffect(() => wireHistory(), []);
  useEffect(() => wireSettings(), []);
  // A history (or an offline file) just opened: show it, even from setup.
  useEffect(() => {
    if (historySource) show('session');
  }, [historySource, show]);

  return (
    <div className="app">
      <TopBar onSetup={() => show(main === 'setup' ? 'session' : 'setup')} setupOpen={main === 'setup'} />
      <ConnectionBar />
      <StorageBanner />
      <TunnelBanner />
      <AnswerModeBanner />
      <div className="workspace">
        <div className="side with-participants">
          <SessionsList onOpen={openSession} />
          <ParticipantsPanel />
          <SimulatorLauncher />
        </div>
        <div className={`main ${expanded ? 'captures-expanded' : ''}`}>
          <main className="view">
            {main === 'setup' ? (
              <SetupPanel firstRun={firstRun} onClose={() => show('session')} />
            ) : main === 'metrics' ? (
              <MetricsView onClose={() => show('session')} />
            ) : main === 'settings' ? (
              <SettingsView onClose={() => show('session')} />
            ) : historyOpen ? (
              <HistoryView />
            ) : (
              <div className="view-with-history-link">
                <HistoryLink />
                <div className="fill">
                  <SessionView />
                </div>
              </div>
            )}
          </main>
          <div className="bottom">
            <CapturesPanel expanded={expanded} onToggleExpand={toggleCaptures} />
          </div>
        </div>
      </div>
    </div>
  );
}
