// The night as a stepped line (Wake on top, Deep at the bottom; REM emphasised) with a snoring track.
// One Chart instance per mounted view; new data is swapped in with `chart.update('none')`.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { SessionDetail } from '../../../../shared/session';
import { formatEpochHours } from '../../lib/units';
import { Chart } from './chartSetup';
import { hypnogramConfig } from './chartConfig';
import { applyModel } from './applyModel';
import { buildHypnogram, type HypnogramModel, type StageTotals } from './mapping';
import './hypnogram.css';

export function Hypnogram({ detail }: { detail: SessionDetail }) {
  const model = useMemo(() => buildHypnogram(detail), [detail]);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const chartRef = useRef<Chart | null>(null);
  const [chartId, setChartId] = useState<string | null>(null);
  const [updates, setUpdates] = useState(0);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const chart = new Chart(canvas, hypnogramConfig() as never) as Chart;
    chartRef.current = chart;
    setChartId(String(chart.id));
    return () => {
      chartRef.current = null;
      chart.destroy();
    };
  }, []);

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart) return;
    applyModel(chart, model);
    setUpdates((n) => n + 1);
  }, [model]);

  return (
    <div className="hypnogram-card">
      <div
        className="hypnogram"
        data-testid="hypnogram"
        data-epochs={model.plotted}
        data-chart-id={chartId ?? undefined}
        data-updates={updates}
        data-source={model.source}
        role="img"
        aria-label={`Hypnogram: ${model.plotted} epochs with a sleep stage, ${formatEpochHours(model.plotted)}`}
      >
        <canvas ref={canvasRef} />
      </div>
      <Legend totals={model.totals} hasSnoring={model.hasSnoring} />
      <SourceNote model={model} />
    </div>
  );
}

const CHIPS: { key: keyof StageTotals; label: string; color: string }[] = [
  { key: 'wake', label: 'Wake', color: 'var(--stage-wake)' },
  { key: 'rem', label: 'REM', color: 'var(--stage-rem)' },
  { key: 'light', label: 'Light', color: 'var(--stage-light)' },
  { key: 'deep', label: 'Deep', color: 'var(--stage-deep)' },
  { key: 'unknown', label: 'No data', color: 'var(--stage-none)' },
];

function Legend({ totals, hasSnoring }: { totals: StageTotals; hasSnoring: boolean }) {
  return (
    <div className="hypnogram-legend num" data-testid="stage-totals">
      {CHIPS.map((c) => (
        <span key={c.key} className="chip" title={`${totals[c.key]} epochs of 30 s`}>
          <span className="swatch" style={{ background: c.color }} />
          <span className="muted">{c.label}</span> {formatEpochHours(totals[c.key])}
        </span>
      ))}
      {!hasSnoring ? <span className="faint">No snoring data</span> : null}
    </div>
  );
}

function SourceNote({ model }: { model: HypnogramModel }) {
  if (model.source === 'live') {
    return <div className="hypnogram-source">Showing the live chunks received so far (no final report yet).</div>;
  }
  const c = model.comparison;
  if (!c) return <div className="hypnogram-source">Showing the final report (SESSION_COMPLETE).</div>;
  const parts: string[] = [];
  parts.push(c.differing === 0 ? 'agrees with the live chunks on every epoch both have' : `differs from the live chunks in ${c.differing} epoch${c.differing === 1 ? '' : 's'}`);
  if (c.onlyFinal) parts.push(`${c.onlyFinal} epoch${c.onlyFinal === 1 ? ' is' : 's are'} only in the report`);
  if (c.onlyLive) parts.push(`${c.onlyLive} only in the live chunks`);
  return (
    <div className="hypnogram-source" data-testid="hypnogram-source">
      Showing the final report (SESSION_COMPLETE), not the live chunks. It {parts.join('; ')}.
    </div>
  );
}
