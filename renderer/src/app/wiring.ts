// Push events -> stores, and a full re-fetch whenever the live connection (re)opens.
import type { ConsoleStatus } from '../../../shared/contract';
import { getApi, useConnection } from '../api';
import { useCaptures } from '../features/captures/capturesStore';
import { useOpenSession } from '../features/sessions/openSessionStore';
import { useSessions } from '../features/sessions/sessionsStore';
import { useStatus } from '../features/status/statusStore';
import { useTunnel } from '../features/tunnel/tunnelStore';
import { useUi } from './uiStore';

export async function loadAll(): Promise<void> {
  await Promise.all([useStatus.getState().load(), useSessions.getState().load(), useCaptures.getState().load()]);
  void useOpenSession.getState().refresh();
}

/** Subscribe once at start-up; returns an unsubscribe for tests and hot reload. */
export function wire(): () => void {
  const api = getApi();
  const offs = [
    api.on('captureAdded', (c) => {
      useCaptures.getState().add(c);
    }),
    api.on('sessionUpdated', (s) => {
      useSessions.getState().upsert(s);
      useOpenSession.getState().noteUpdated(s);
    }),
    api.on('statusChanged', (s) => useStatus.getState().set(s)),
    api.on('tunnelUrlChanged', (c) => useTunnel.getState().noteChange(c)),
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

  // First run = the first status we get says the folder holds nothing. Decided from the status, not the
  // captures list: a reconnect can supersede the list's first load, and a filter in the URL can empty it.
  let firstRunDecided = false;
  const decideFirstRun = (status: ConsoleStatus | null): void => {
    if (firstRunDecided || !status) return;
    firstRunDecided = true;
    if (status.storage.captureCount === 0 && status.storage.rejectedCount === 0) useUi.getState().showFirstRun();
  };
  offs.push(useStatus.subscribe((s) => decideFirstRun(s.status)));
  decideFirstRun(useStatus.getState().status);
  void loadAll();

  return () => offs.forEach((off) => off());
}
