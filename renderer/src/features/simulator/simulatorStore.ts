// The simulator run started from this window (it goes on while the panel is closed).
import { create } from 'zustand';
import type { CommandArgs, SimulationProgress } from '../../../../shared/contract';
import { getApi } from '../../api';

interface SimulatorStore {
  open: boolean;
  run: SimulationProgress | null;
  error: string | null;
  busy: boolean;
  setOpen(open: boolean): void;
  start(options: CommandArgs<'startSimulation'>): Promise<void>;
  stop(): Promise<void>;
}

let wired = false;
/** Newest progress per run, also for a run whose start reply has not arrived yet (events and replies can cross). */
const latest = new Map<string, SimulationProgress>();
const newer = (a: SimulationProgress, b: SimulationProgress | undefined) => (b && (b.done || b.sent > a.sent) ? b : a);

export const useSimulator = create<SimulatorStore>((set, get) => ({
  open: false,
  run: null,
  error: null,
  busy: false,
  setOpen: (open) => {
    if (!wired) {
      wired = true;
      getApi().on('simulationProgress', (p) => {
        latest.set(p.runId, newer(p, latest.get(p.runId)));
        const run = get().run;
        // Counts only grow: a late event never moves the bar back.
        if (run && run.runId === p.runId && (p.done || p.sent >= run.sent)) set({ run: p });
      });
    }
    set({ open });
  },
  start: async (options) => {
    set({ busy: true, error: null });
    const r = await getApi().call('startSimulation', options);
    if (r.ok) set({ run: newer(r.value, latest.get(r.value.runId)), busy: false });
    else set({ error: r.error.message, busy: false });
  },
  stop: async () => {
    const run = get().run;
    if (!run || run.done) return;
    set({ busy: true });
    const r = await getApi().call('stopSimulation', { runId: run.runId });
    if (r.ok) set({ run: r.value, busy: false });
    else set({ error: r.error.message, busy: false });
  },
}));
