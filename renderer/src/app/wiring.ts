// Push events -> stores, and a full re-fetch whenever the live connection (re)opens.
import { getApi, useConnection } from '../api';
import { useCaptures } from '../features/captures/capturesStore';
import { useOpenSession } from '../features/sessions/openSessionStore';
import { useSessions } from '../features/sessions/sessionsStore';
import { useStatus } from '../features/status/statusStore';
import { useUi } from './uiStore';

export async function loadAll(): Promise<void> {
  await Promise.all([useStatus.getState().load(), useSessions.getState().load(), useCaptures.getState().load()]);
  void useOpenSession.getState().refresh();
}

// Capture counts in the status bar change with every capture; if the core does not push a new status
// for each, ask for it at most every 2 s while traffic flows.
let statusTimer: ReturnType<typeof setTimeout> | null = null;
function refreshStatusSoon(): void {
  if (statusTimer) return;
  statusTimer = setTimeout(() => {
    statusTimer = null;
    void useStatus.getState().load();
  }, 2000);
}

/** Subscribe once at start-up; returns an unsubscribe for tests and hot reload. */
export function wire(): () => void {
  const api = getApi();
  const offs = [
    api.on('captureAdded', (c) => {
      useCaptures.getState().add(c);
      refreshStatusSoon();
    }),
    api.on('sessionUpdated', (s) => {
      useSessions.getState().upsert(s);
      useOpenSession.getState().noteUpdated(s);
    }),
    api.on('statusChanged', (s) => useStatus.getState().set(s)),
  ];

  let lastOpen = useConnection.getState().openCount;
  offs.push(
    useConnection.subscribe((c) => {
      if (c.openCount !== lastOpen) {
        lastOpen = c.openCount;
        void loadAll(); // events sent while we were away are not replayed: fetch the current state
      }
    }),
  );

  void loadAll().then(() => {
    const captures = useCaptures.getState();
    if (captures.loaded && captures.items.length === 0) useUi.getState().showFirstRun();
  });

  return () => offs.forEach((off) => off());
}
