// The last public-URL change, kept until the user has seen and dismissed it.
import { create } from 'zustand';
import type { EventPayloads } from '../../../../shared/contract';

type UrlChange = EventPayloads['tunnelUrlChanged'] & { at: string };

interface TunnelStore {
  change: UrlChange | null;
  noteChange(change: EventPayloads['tunnelUrlChanged']): void;
  dismiss(): void;
}

export const useTunnel = create<TunnelStore>((set) => ({
  change: null,
  noteChange(change) {
    set({ change: { ...change, at: new Date().toISOString() } });
  },
  dismiss() {
    set({ change: null });
  },
}));
