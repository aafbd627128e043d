// Realistic Asleep traffic from the UI (the same simulator as `npm run simulate`): options, a
// progress bar and Stop. It targets this console's own listener and key unless told otherwise.
import { useState } from 'react';
import type { CommandArgs } from '../../../../shared/contract';
import { FAULT_DESCRIPTIONS, FAULT_KINDS, type FaultKind } from '../../../../shared/simulator/faults';
import { useStatus } from '../status/statusStore';
import { useSimulator } from './simulatorStore';
import './simulator.css';

const SPEEDS = [
  { value: '1', label: 'real time' },
  { value: '60', label: '×60 (an hour a minute)' },
  { value: 'max', label: 'max (no waiting)' },
];

export function SimulatorLauncher() {
  const open = useSimulator((s) => s.open);
  const setOpen = useSimulator((s) => s.setOpen);
  const run = useSimulator((s) => s.run);
  return (
    <>
      <button type="button" className="btn small simulator-open" data-testid="simulator-open" onClick={() => setOpen(!open)}>
        Simulator{run && !run.done ? ` (${run.sent}/${run.total})` : ''}…
      </button>
      {open ? (
        <div className="simulator-overlay" role="dialog" aria-label="Simulator">
          <SimulatorPanel onClose={() => setOpen(false)} />
        </div>
      ) : null}
    </>
  );
}

export function SimulatorPanel({ onClose }: { onClose: () => void }) {
  const status = useStatus((s) => s.status);
  const { run, error, busy, start, stop } = useSimulator();
  const [participants, setParticipants] = useState(1);
  const [nights, setNights] = useState(1);
  const [startAt, setStartAt] = useState('');
  const [hours, setHours] = useState(8);
  const [speed, setSpeed] = useState('max');
  const [layout, setLayout] = useState<'v1' | 'v2' | 'v3' | 'flat'>('v3');
  const [plan, setPlan] = useState<5 | 20 | 40>(5);
  const [stages, setStages] = useState<2 | 4>(4);
  const [breathing, setBreathing] = useState(false);
  const [faults, setFaults] = useState<FaultKind[]>([]);
  const [url, setUrl] = useState('');
  const [apiKey, setApiKey] = useState('');
  const running = run !== null && !run.done;

  const onStart = () => {
    const options: CommandArgs<'startSimulation'> = {
      participants,
      nights,
      hours,
      speed: speed === 'max' ? 'max' : Number(speed),
      layout,
      plan,
      stages,
      breathing,
      faults,
      ...(startAt.trim() ? { start: startAt.trim() } : {}),
      ...(url.trim() ? { url: url.trim() } : {}),
      ...(apiKey.trim() ? { apiKey: apiKey.trim() } : {}),
    };
    void start(options);
  };
  const toggleFault = (k: FaultKind) => setFaults((f) => (f.includes(k) ? f.filter((x) => x !== k) : [...f, k]));

  return (
    <section className="simulator-panel" data-testid="simulator-panel">
      <div className="simulator-head">
        <h3>Simulator</h3>
        <button type="button" className="btn ghost small" onClick={onClose}>
          Close
        </button>
      </div>
      <div className="simulator-grid">
        <label>
          Participants
          <input type="number" data-testid="simulator-participants" min={1} max={100} value={participants} onChange={(e) => setParticipants(clampInt(e.target.value, 1, 100))} />
        </label>
        <label>
          Nights each
          <input type="number" min={1} max={31} value={nights} onChange={(e) => setNights(clampInt(e.target.value, 1, 31))} />
        </label>
        <label>
          Start (ISO, with offset)
          <input type="text" placeholder="now / just ended" value={startAt} onChange={(e) => setStartAt(e.target.value)} />
        </label>
        <label>
          Hours a night
          <input type="number" data-testid="simulator-hours" min={0.1} max={24} step={0.5} value={hours} onChange={(e) => setHours(Math.min(24, Math.max(0.1, Number(e.target.value) || 8)))} />
        </label>
        <label>
          Speed
          <select data-testid="simulator-speed" value={speed} onChange={(e) => setSpeed(e.target.value)}>
            {SPEEDS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Layout
          <select value={layout} onChange={(e) => setLayout(e.target.value as typeof layout)}>
            {(['v1', 'v2', 'v3', 'flat'] as const).map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label>
          Plan
          <select value={String(plan)} onChange={(e) => setPlan(Number(e.target.value) as typeof plan)}>
            {([5, 20, 40] as const).map((p) => (
              <option key={p} value={String(p)}>
                every {p} min
              </option>
            ))}
          </select>
        </label>
        <label>
          Stages
          <select value={String(stages)} onChange={(e) => setStages(e.target.value === '2' ? 2 : 4)}>
            <option value="4">4 (wake/light/deep/REM)</option>
            <option value="2">2 (wake/sleep)</option>
          </select>
        </label>
        <label className="inline">
          <input type="checkbox" checked={breathing} onChange={(e) => setBreathing(e.target.checked)} /> Breathing analysis
        </label>
      </div>
      <fieldset className="simulator-faults">
        <legend>Faults (one of each per night)</legend>
        {FAULT_KINDS.map((k) => (
          <label key={k} className="inline" title={FAULT_DESCRIPTIONS[k]}>
            <input type="checkbox" checked={faults.includes(k)} onChange={() => toggleFault(k)} /> {k}
          </label>
        ))}
      </fieldset>
      <div className="simulator-grid">
        <label>
          Target URL
          <input type="url" data-testid="simulator-url" placeholder={status?.webhookUrl ?? 'this console'} value={url} onChange={(e) => setUrl(e.target.value)} />
        </label>
        <label>
          API key
          <input type="text" placeholder="this console's key" value={apiKey} onChange={(e) => setApiKey(e.target.value)} />
        </label>
      </div>
      <div className="simulator-actions">
        <button type="button" className="btn primary small" data-testid="simulator-start" disabled={busy || running} onClick={onStart}>
          Start
        </button>
        <button type="button" className="btn danger small" data-testid="simulator-stop" disabled={busy || !running} onClick={() => void stop()}>
          Stop
        </button>
        {error ? <span className="error-text">{error}</span> : null}
      </div>
      {run ? (
        <div className="simulator-progress" data-testid="simulator-progress" data-done={run.done ? 'true' : 'false'} data-sent={run.sent} data-total={run.total}>
          <progress value={run.sent} max={Math.max(1, run.total)} />
          <div className="num">
            {run.sent} / {run.total} sent to <span className="mono">{run.url}</span> · <span className="ok">2xx {run.ok}</span> · 4xx {run.clientErrors} · 5xx{' '}
            {run.serverErrors} · unreachable {run.unreachable}
            {run.done ? <span className={run.stopReason ? 'warn' : 'ok'}> · {run.stopReason ?? 'done'}</span> : null}
          </div>
        </div>
      ) : null}
    </section>
  );
}

function clampInt(text: string, min: number, max: number): number {
  const n = Math.round(Number(text));
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : min;
}
