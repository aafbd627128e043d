// The session open in the main view, re-fetched (debounced) whenever the core says it changed.
import { create } from 'zustand';
import type { SessionDetail, SessionSummary } from '../../../../shared/session';
import { getApi } from '../../api';

export interface SessionRef {
  userId: string;
  sessionId: string;
}

interface OpenSessionStore {
  ref: SessionRef | null;
  detail: SessionDetail | null;
  loading: boolean;
  error: string | null;
  open(ref: SessionRef): void;
  close(): void;
  /** Fetch again now. */
  refresh(): Promise<void>;
  /** A `sessionUpdated` arrived: re-fetch after a short pause if it is the open one. */
  noteUpdated(s: SessionSummary): void;
}

const DEBOUNCE_MS = 250;
let timer: ReturnType<typeof setTimeout> | null = null;
let requestNo = 0;

const same = (a: SessionRef | null, b: SessionRef): boolean => !!a && a.userId === b.userId && a.sessionId === b.sessionId;

export const useOpenSession = create<OpenSessionStore>((set, get) => ({
  ref: null,
  detail: null,
  loading: false,
  error: null,
  open(ref) {
    if (same(get().ref, ref)) return;
    set({ ref, detail: null, error: null });
    void get().refresh();
  },
  close() {
    requestNo++;
    set({ ref: null, detail: null, loading: false, error: null });
  },
  async refresh() {
    const ref = get().ref;
    if (!ref) return;
    const mine = ++requestNo;
    set({ loading: true });
    const r = await getApi().call('getSession', ref);
    if (mine !== requestNo) return; // a newer request (or another session) won
    if (r.ok) set({ detail: r.value, loading: false, error: null });
    else set({ loading: false, error: r.error.message });
  },
  noteUpdated(s) {
    if (!same(get().ref, s)) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void get().refresh();
    }, DEBOUNCE_MS);
  },
}));
