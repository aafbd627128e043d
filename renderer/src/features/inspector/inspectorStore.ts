// Inspector UI state shared by the capture detail's parts: the body tab, the node to reveal, the open diff.
import { create } from 'zustand';

export type BodyTab = 'raw' | 'tree';

export interface OpenDiff {
  /** The capture whose detail shows the diff (it closes when another capture is selected). */
  forId: string;
  /** Left side (before) and right side (after). */
  beforeId: string;
  afterId: string;
  title: string;
}

interface InspectorStore {
  tab: BodyTab;
  /** A node to reveal in the tree; `focusSeq` changes on every request so the same path can be revealed twice. */
  focusPath: string | null;
  focusSeq: number;
  diff: OpenDiff | null;
  setTab(tab: BodyTab): void;
  reveal(path: string): void;
  openDiff(d: OpenDiff): void;
  closeDiff(): void;
}

export const useInspector = create<InspectorStore>((set, get) => ({
  tab: 'raw',
  focusPath: null,
  focusSeq: 0,
  diff: null,
  setTab: (tab) => set({ tab }),
  reveal: (path) => set({ tab: 'tree', focusPath: path, focusSeq: get().focusSeq + 1 }),
  openDiff: (diff) => set({ diff }),
  closeDiff: () => set({ diff: null }),
}));
