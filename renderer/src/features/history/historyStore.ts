// The participant history open in the main area: a participant of this data folder (nights from
// the core, refreshed while they change), or one exported session file opened offline (read-only,
// nothing sent to the core but the file's text for validation).
import { create } from 'zustand';
import type { EventPayloads } from '../../../../shared/contract';
import { nightRows, type NightRow } from '../../../../shared/export/night-rows';
import type { SessionDetail, SessionSummary } from '../../../../shared/session';
import { getApi } from '../../api';

export type HistorySource =
  | { kind: 'participant'; userId: string }
  | { kind: 'offline'; userId: string; session: SessionDetail; fileName: string; exportedAt: string | null };

interface HistoryStore {
  source: HistorySource | null;
  nights: NightRow[];
  loading: boolean;
  error: string | null;
  /** The night picked in the table, the charts or the mini-hypnograms. */
  selected: string | null;
  /** Why the last "Open exported session…" failed. */
  openError: string | null;
  openParticipant(userId: string): void;
  openOffline(file: Omit<EventPayloads['openedExport'], 'session'> & { session: SessionDetail }): void;
  close(): void;
  select(sessionId: string | null): void;
  refresh(): Promise<void>;
  /** A `sessionUpdated` arrived: refresh soon if it is this participant's. */
  noteUpdated(s: SessionSummary): void;
  setOpenError(message: string | null): void;
}

const REFRESH_DEBOUNCE_MS = 1_000;
let timer: ReturnType<typeof setTimeout> | null = null;
let requestNo = 0;

export const useHistory = create<HistoryStore>((set, get) => ({
  source: null,
  nights: [],
  loading: false,
  error: null,
  selected: null,
  openError: null,
  openParticipant(userId) {
    const s = get().source;
    if (s?.kind === 'participant' && s.userId === userId) return;
    set({ source: { kind: 'participant', userId }, nights: [], error: null, selected: null, openError: null });
    void get().refresh();
  },
  openOffline({ session, fileName, exportedAt }) {
    requestNo++;
    set({
      source: { kind: 'offline', userId: session.userId, session, fileName, exportedAt },
      nights: nightRows([session]),
      loading: false,
      error: null,
      selected: session.sessionId,
      openError: null,
    });
  },
  close() {
    requestNo++;
    set({ source: null, nights: [], loading: false, error: null, selected: null });
  },
  select(selected) {
    set({ selected });
  },
  async refresh() {
    const source = get().source;
    if (source?.kind !== 'participant') return;
    const mine = ++requestNo;
    set({ loading: true });
    const r = await getApi().call('listNights', { userId: source.userId });
    if (mine !== requestNo) return;
    if (r.ok) set({ nights: r.value.items, loading: false, error: null });
    else set({ loading: false, error: r.error.message });
  },
  noteUpdated(s) {
    const source = get().source;
    if (source?.kind !== 'participant' || source.userId !== s.userId) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void get().refresh();
    }, REFRESH_DEBOUNCE_MS);
  },
  setOpenError(openError) {
    set({ openError });
  },
}));

/** Push events the history needs, subscribed once by the app. */
export function wireHistory(): () => void {
  const api = getApi();
  const offs = [
    api.on('sessionUpdated', (s) => useHistory.getState().noteUpdated(s)),
    api.on('openedExport', (file) => useHistory.getState().openOffline(file)),
  ];
  return () => offs.forEach((off) => off());
}
