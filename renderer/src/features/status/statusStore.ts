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

export const useStatus = create<StatusStore>((set) => ({
  status: null,
  error: null,
  async load() {
    const r = await getApi().call('getStatus', {});
    if (r.ok) set({ status: r.value, error: null });
    else set({ error: r.error.message });
  },
  set(status) {
    set({ status, error: null });
  },
}));
