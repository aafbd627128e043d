// Captures, newest first, plus the one selected in the inspector.
import { create } from 'zustand';
import type { CaptureDetail, CaptureSummary } from '../../../../shared/capture';
import { getApi } from '../../api';
// inspector: filters, search, exports
import { summaryFilter, type CaptureFilter } from '../../../../shared/capture-query';
import { readHashFilter, writeHashFilter } from './filters/hash';
import { appendOlder, mergeNewestFirst } from './listMerge';

const PAGE = 300;
/** Keep at most this many summaries in memory (~50 MB at 100,000); past it the user narrows the filter. */
export const MAX_IN_MEMORY = 100_000;
/** Live captures are added in batches: a burst (simulator at full speed) costs one list update per batch. */
const LIVE_BATCH_MS = 50;

interface CapturesStore {
  items: CaptureSummary[];
  loaded: boolean;
  error: string | null;
  hasMore: boolean;
  loadingMore: boolean;
  /** Paging stopped at MAX_IN_MEMORY although older captures match. */
  capped: boolean;
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
/** Bumped by every filter change: a page still on its way belongs to the list before it. */
let listGeneration = 0;

let detailRequest = 0;

/** Live captures waiting for the next batch. */
let pendingLive: CaptureSummary[] = [];
let liveTimer: ReturnType<typeof setTimeout> | null = null;

export const useCaptures = create<CapturesStore>((set, get) => ({
  items: [],
  loaded: false,
  error: null,
  hasMore: false,
  loadingMore: false,
  capped: false,
  selectedId: null,
  detail: null,
  detailError: null,
  filter: readHashFilter(),
  partial: false,
  async setFilter(filter) {
    writeHashFilter(filter);
    // Live captures queued under the old filter were matched against it: drop them, the load brings them.
    pendingLive = [];
    listGeneration++;
    set({ filter, items: [], loaded: false, hasMore: false, loadingMore: false, capped: false });
    await get().load();
  },
  async load() {
    const mine = ++listRequest;
    const generation = listGeneration;
    const r = await getApi().call('listCaptures', { limit: PAGE, ...get().filter });
    // Another filter by now: this answer belongs to another list.
    if (generation !== listGeneration) return;
    // A newer load of the same list is on its way (e.g. start-up, then the live connection opening):
    // show this answer only if nothing is shown yet; the newer one merges in when it arrives.
    if (mine !== listRequest && get().loaded) return;
    if (!r.ok) {
      set({ error: r.error.message });
      return;
    }
    set({ partial: r.value.partial === true });
    // Keep anything already paged in (a reconnect must not drop what the user scrolled to).
    set({
      items: mergeNewestFirst(get().items, r.value.items, MAX_IN_MEMORY),
      loaded: true,
      error: null,
      hasMore: get().loaded ? get().hasMore : r.value.items.length >= PAGE,
    });
  },
  async loadOlder() {
    const { items, hasMore, loadingMore } = get();
    const oldest = items[items.length - 1];
    if (!hasMore || loadingMore || !oldest) return;
    if (items.length >= MAX_IN_MEMORY) {
      set({ capped: true });
      return;
    }
    const generation = listGeneration;
    set({ loadingMore: true });
    const r = await getApi().call('listCaptures', { limit: PAGE, ...get().filter, beforeSeq: oldest.seq });
    // The filter changed while this page was on its way: it belongs to another list.
    if (generation !== listGeneration) return;
    if (!r.ok) {
      set({ loadingMore: false, error: r.error.message });
      return;
    }
    set({ items: appendOlder(get().items, r.value.items, MAX_IN_MEMORY), loadingMore: false, hasMore: r.value.items.length >= PAGE });
  },
  add(c) {
    pendingLive.push(c);
    liveTimer ??= setTimeout(() => {
      liveTimer = null;
      const batch = pendingLive;
      pendingLive = [];
      const { filter, items } = get();
      // A body search cannot be decided from a summary: the user re-runs it.
      if (filter.q !== undefined) return;
      const match = summaryFilter(filter);
      const fresh = batch.filter(match);
      if (fresh.length > 0) set({ items: mergeNewestFirst(items, fresh, MAX_IN_MEMORY) });
    }, LIVE_BATCH_MS);
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
