// The console's status (listener, tunnel, storage), kept current by `statusChanged`.
import { create } from 'zustand';
import type { ConsoleStatus } from '../../../../shared/contract';
import { getApi } from '../../api';

interface StatusStore {
  status: ConsoleStatus | null;
  error: string | null;
  load(): Promise<void>;
  set(status: ConsoleStatus): void;
}

export const useStatus = create<StatusStore>((set, get) => ({
  status: null,
  error: null,
  async load() {
    const r = await getApi().call('getStatus', {});
    // A fresh fetch (start-up, reconnect: perhaps a restarted server counting from 1 again) always wins.
    if (r.ok) set({ status: r.value, error: null });
    else set({ error: r.error.message });
  },
  set(status) {
    // A command's reply can arrive after a newer pushed status (they travel separately): keep the newest.
    const current = get().status;
    if (current && status.revision < current.revision) return;
    set({ status, error: null });
  },
}));
