// Every session summary, kept current by `sessionUpdated`.
import { create } from 'zustand';
import type { SessionSummary } from '../../../../shared/session';
import { getApi } from '../../api';
import { sessionKey } from './order';

interface SessionsStore {
  byKey: Record<string, SessionSummary>;
  loaded: boolean;
  error: string | null;
  load(): Promise<void>;
  upsert(s: SessionSummary): void;
}

export const useSessions = create<SessionsStore>((set, get) => ({
  byKey: {},
  loaded: false,
  error: null,
  async load() {
    const r = await getApi().call('listSessions', {});
    if (!r.ok) {
      set({ error: r.error.message });
      return;
    }
    const byKey: Record<string, SessionSummary> = {};
    for (const s of r.value.items) byKey[sessionKey(s)] = s;
    set({ byKey, loaded: true, error: null });
  },
  upsert(s) {
    set({ byKey: { ...get().byKey, [sessionKey(s)]: s } });
  },
}));
