// Captures, newest first, plus the one selected in the inspector.
import { create } from 'zustand';
import type { CaptureDetail, CaptureSummary } from '../../../../shared/capture';
import { getApi } from '../../api';

const PAGE = 300;
/** Keep at most this many summaries in memory; older ones can be paged back in. */
const MAX_IN_MEMORY = 20_000;

interface CapturesStore {
  items: CaptureSummary[];
  loaded: boolean;
  error: string | null;
  hasMore: boolean;
  loadingMore: boolean;
  selectedId: string | null;
  detail: CaptureDetail | null;
  detailError: string | null;
  load(): Promise<void>;
  loadOlder(): Promise<void>;
  add(c: CaptureSummary): void;
  select(id: string | null): void;
}

let detailRequest = 0;

/** Merge by id, newest (highest seq) first. */
function merge(current: CaptureSummary[], incoming: CaptureSummary[]): CaptureSummary[] {
  const byId = new Map(current.map((c) => [c.id, c]));
  for (const c of incoming) byId.set(c.id, c);
  return [...byId.values()].sort((a, b) => b.seq - a.seq).slice(0, MAX_IN_MEMORY);
}

export const useCaptures = create<CapturesStore>((set, get) => ({
  items: [],
  loaded: false,
  error: null,
  hasMore: false,
  loadingMore: false,
  selectedId: null,
  detail: null,
  detailError: null,
  async load() {
    const r = await getApi().call('listCaptures', { limit: PAGE });
    if (!r.ok) {
      set({ error: r.error.message });
      return;
    }
    // Keep anything already paged in (a reconnect must not drop what the user scrolled to).
    set({
      items: merge(get().items, r.value.items),
      loaded: true,
      error: null,
      hasMore: get().loaded ? get().hasMore : r.value.items.length >= PAGE,
    });
  },
  async loadOlder() {
    const { items, hasMore, loadingMore } = get();
    const oldest = items[items.length - 1];
    if (!hasMore || loadingMore || !oldest) return;
    set({ loadingMore: true });
    const r = await getApi().call('listCaptures', { limit: PAGE, beforeSeq: oldest.seq });
    if (!r.ok) {
      set({ loadingMore: false, error: r.error.message });
      return;
    }
    set({ items: merge(get().items, r.value.items), loadingMore: false, hasMore: r.value.items.length >= PAGE });
  },
  add(c) {
    const items = get().items;
    // The common case: a new capture newer than everything; avoid re-sorting.
    const first = items[0];
    if (!first || c.seq > first.seq) set({ items: [c, ...items].slice(0, MAX_IN_MEMORY) });
    else set({ items: merge(items, [c]) });
  },
  select(id) {
    if (id === get().selectedId) return;
    const mine = ++detailRequest;
    set({ selectedId: id, detail: null, detailError: null });
    if (!id) return;
    void getApi()
      .call('getCapture', { id })
      .then((r) => {
        if (mine !== detailRequest) return;
        if (r.ok) set({ detail: r.value });
        else set({ detailError: r.error.message });
      });
  },
}));
