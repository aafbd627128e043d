// A prune (by hand, from a script or the daily retention prune) removed captures and perhaps whole
// nights: every list that may show them is fetched again.
import { getApi } from '../../api';
import { useCaptures } from '../captures/capturesStore';
import { useOpenSession } from '../sessions/openSessionStore';
import { useSessions } from '../sessions/sessionsStore';
import { useSettings } from './settingsStore';

export function wireSettings(): () => void {
  return getApi().on('dataPruned', () => {
    const captures = useCaptures.getState();
    // The list keeps what it had paged in across reloads: start it afresh so pruned rows go.
    useCaptures.setState({ items: [], loaded: false, hasMore: false });
    void captures.load();
    void useSessions.getState().load();
    void useOpenSession.getState().refresh();
    if (useSettings.getState().view) void useSettings.getState().load();
  });
}
