// Captures, newest first, plus the one selected in the inspector.
import { create } from 'zustand';
import type { CaptureDetail, CaptureSummary } from '../../../../shared/capture';
import { getApi } from '../../api';
// inspector: filters, search, exports
import { summaryFilter, type CaptureFilter } from '../../../../shared/capture-query';
import { readHashFilter, writeHashFilter } from './filters/hash';

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
  /** The filter bar's filter (kept in the URL hash); `partial`: a body search ran out of time. */
  filter: CaptureFilter;
  partial: boolean;
  setFilter(f: CaptureFilter): Promise<void>;
}

let listRequest = 0;

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
  filter: readHashFilter(),
  partial: false,
  async setFilter(filter) {
    writeHashFilter(filter);
    set({ filter, items: [], loaded: false, hasMore: false });
    await get().load();
  },
  async load() {
    const mine = ++listRequest;
    const r = await getApi().call('listCaptures', { limit: PAGE, ...get().filter });
    if (mine !== listRequest) return;
    if (!r.ok) {
      set({ error: r.error.message });
      return;
    }
    set({ partial: r.value.partial === true });
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
    const r = await getApi().call('listCaptures', { limit: PAGE, ...get().filter, beforeSeq: oldest.seq });
    if (!r.ok) {
      set({ loadingMore: false, error: r.error.message });
      return;
    }
    set({ items: merge(get().items, r.value.items), loadingMore: false, hasMore: r.value.items.length >= PAGE });
  },
  add(c) {
    const { filter } = get();
    // A body search cannot be decided from a summary: the user re-runs it.
    if (filter.q !== undefined || !summaryFilter(filter)(c)) return;
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
