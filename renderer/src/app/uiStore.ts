// What the main area shows, and layout toggles.
import { create } from 'zustand';

export type MainView = 'setup' | 'session' | 'metrics' | 'settings';

interface UiStore {
  main: MainView;
  /** True when setup was opened because there were no captures (first run). */
  firstRun: boolean;
  capturesExpanded: boolean;
  show(view: MainView): void;
  showFirstRun(): void;
  toggleCaptures(): void;
}

export const useUi = create<UiStore>((set, get) => ({
  main: 'session',
  firstRun: false,
  capturesExpanded: false,
  show: (main) => set({ main, firstRun: main === 'setup' ? get().firstRun : false }),
  showFirstRun: () => set({ main: 'setup', firstRun: true }),
  toggleCaptures: () => set({ capturesExpanded: !get().capturesExpanded }),
}));
