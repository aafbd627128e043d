// Whether push events are flowing. The headless transport drives it; the desktop one is always open.
import { create } from 'zustand';

/** `refused`: the server is up but no longer accepts this page's token (it restarted with a new one). */
export type ConnectionState = 'connecting' | 'open' | 'lost' | 'refused';

interface ConnectionStore {
  state: ConnectionState;
  /** Incremented on every (re)open, so views can re-fetch what they may have missed. */
  openCount: number;
  /** When the connection was lost (ms), for "lost 20 s ago". */
  lostAt: number | null;
  setOpen(): void;
  setLost(): void;
  setRefused(): void;
}

export const useConnection = create<ConnectionStore>((set, get) => ({
  state: 'connecting',
  openCount: 0,
  lostAt: null,
  setOpen: () => set({ state: 'open', openCount: get().openCount + 1, lostAt: null }),
  setLost: () => {
    if (get().state === 'open' || get().state === 'connecting') set({ state: 'lost', lostAt: Date.now() });
  },
  setRefused: () => set({ state: 'refused', lostAt: get().lostAt ?? Date.now() }),
}));
