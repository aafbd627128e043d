// The dashboard's data: fetched when the view opens, again when captures arrive (at most every 2 s,
// however fast they come; every 10 s for the week, whose hourly bars need no more and which reads
// every capture of the week) and every 30 s (the window slides and participants go stale by the clock).
// The window choice is kept across restarts (localStorage), like the captures filter is in the URL.
import { create } from 'zustand';
import { METRICS_WINDOWS, type MetricsWindow, type WebhookMetrics } from '../../../../shared/metrics/types';
import { getApi, useConnection } from '../../api';
import { throttle } from './throttle';

export const LIVE_REFRESH_MS: Record<MetricsWindow, number> = { hour: 2_000, night: 2_000, week: 10_000 };
export const CLOCK_REFRESH_MS = 30_000;
const STORAGE_KEY = 'asleep-console.metrics-window';

interface MetricsStore {
  window: MetricsWindow;
  data: WebhookMetrics | null;
  error: string | null;
  loading: boolean;
  setWindow(w: MetricsWindow): void;
  refresh(): Promise<void>;
}

function storedWindow(): MetricsWindow {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return (METRICS_WINDOWS as readonly string[]).includes(v ?? '') ? (v as MetricsWindow) : 'night';
  } catch {
    return 'night';
  }
}

let requestNo = 0;

export const useMetrics = create<MetricsStore>((set, get) => ({
  window: storedWindow(),
  data: null,
  error: null,
  loading: false,
  setWindow(window) {
    if (window === get().window) return;
    try {
      localStorage.setItem(STORAGE_KEY, window);
    } catch {
      // private mode or storage full: the choice lasts for this page only
    }
    set({ window, data: null });
    void get().refresh();
  },
  async refresh() {
    const mine = ++requestNo;
    set({ loading: true });
    // The viewer's offset, so that buckets start on their clock's whole minutes and hours.
    const offsetMinutes = -new Date().getTimezoneOffset();
    const r = await getApi().call('getMetrics', { window: get().window, offsetMinutes });
    if (mine !== requestNo) return;
    if (r.ok) set({ data: r.value, error: null, loading: false });
    else set({ error: `The metrics could not be loaded: ${r.error.message}`, loading: false });
  },
}));

/** Keeps the dashboard fresh while it is shown; returns the stop function. */
export function watchMetrics(): () => void {
  const refresh = () => void useMetrics.getState().refresh();
  let live = throttle(refresh, LIVE_REFRESH_MS[useMetrics.getState().window]);
  live();
  const offs = [
    // A new window was loaded by setWindow itself; later refreshes follow its pace.
    useMetrics.subscribe((s, prev) => {
      if (s.window === prev.window) return;
      live.cancel();
      live = throttle(refresh, LIVE_REFRESH_MS[s.window]);
    }),
    getApi().on('captureAdded', () => live()),
    // A reconnect: events sent while away are not replayed.
    useConnection.subscribe((c, prev) => {
      if (c.openCount !== prev.openCount) live();
    }),
  ];
  const clock = setInterval(() => live(), CLOCK_REFRESH_MS);
  return () => {
    live.cancel();
    clearInterval(clock);
    offs.forEach((off) => off());
  };
}
