// The night as a stepped line (Wake on top, Deep at the bottom; REM emphasised) with aligned tracks
// under it (snoring, breathing stability, sleep cycles, live vs final), zoom and pan on the x axis.
// One Chart instance per mounted view; new data is swapped in with `chart.update('none')`.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { EPOCH_SECONDS } from '../../../../shared/asleep/model';
import type { SessionDetail } from '../../../../shared/session';
import { formatDuration } from '../../../../shared/stats';
import { formatEpochHours } from '../../lib/units';
import type { Chart } from './chartSetup';
import { applyModel, applyPalette, createHypnogramChart, forgetView, resetView } from './applyModel';
import { buildHypnogram, type HypnogramModel, type StageTotals } from './mapping';
import { PRINT_PALETTE, SCREEN_PALETTE, type Palette } from './palette';
import { chartHeight, stageBottom, type TrackKind } from './tracks';
import './hypnogram.css';

export interface HypnogramProps {
  detail: SessionDetail;
  /** 'print': paper colours always (the report). 'screen': dark colours, paper colours while printing. */
  variant?: 'screen' | 'print';
  /** Zoom, pan, tooltips and the zoom controls. Default: on for the screen variant. */
  interactive?: boolean;
  /** Pixels per stage row (56 on screen; the report uses less). */
  pxPerUnit?: number;
  testId?: string;
}

/** True while the page is being printed (print media, or between beforeprint and afterprint). */
function usePrinting(): boolean {
  const [printing, setPrinting] = useState(() => typeof window !== 'undefined' && window.matchMedia?.('print').matches === true);
  useEffect(() => {
    const mql = window.matchMedia?.('print');
    // flushSync: the new colours must be on the canvas before the browser takes its print snapshot.
    const before = () => flushSync(() => setPrinting(true));
    const after = () => setPrinting(mql?.matches ?? false);
    const change = () => flushSync(() => setPrinting(mql?.matches ?? false));
    window.addEventListener('beforeprint', before);
    window.addEventListener('afterprint', after);
    mql?.addEventListener('change', change);
    return () => {
      window.removeEventListener('beforeprint', before);
      window.removeEventListener('afterprint', after);
      mql?.removeEventListener('change', change);
    };
  }, []);
  return printing;
}

export function Hypnogram({ detail, variant = 'screen', interactive, pxPerUnit, testId = 'hypnogram' }: HypnogramProps) {
  const model = useMemo(() => buildHypnogram(detail), [detail]);
  const printing = usePrinting();
  const palette = variant === 'print' || printing ? PRINT_PALETTE : SCREEN_PALETTE;
  const isInteractive = interactive ?? variant === 'screen';
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const chartRef = useRef<Chart | null>(null);
  const [chartId, setChartId] = useState<string | null>(null);
  const [updates, setUpdates] = useState(0);
  const [zoomed, setZoomed] = useState(false);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const chart = createHypnogramChart(canvas, {
      palette,
      interactive: isInteractive,
      devicePixelRatio: variant === 'print' ? Math.max(2, window.devicePixelRatio || 1) : undefined,
      onZoomChange: setZoomed,
    });
    chartRef.current = chart;
    setChartId(String(chart.id));
    return () => {
      chartRef.current = null;
      chart.destroy();
    };
    // The chart is built once per mount; palette and data changes are applied in place below.
  }, []);

  useLayoutEffect(() => {
    const chart = chartRef.current;
    if (!chart) return;
    applyPalette(chart, palette);
    if (printing) chart.resize();
  }, [palette, printing]);

  // Live chunks keep the user's zoom; opening another night does not.
  const sessionKey = `${detail.userId}\u0000${detail.sessionId}`;
  const shownKey = useRef<string | null>(null);
  useEffect(() => {
    const chart = chartRef.current;
    if (!chart) return;
    if (shownKey.current !== null && shownKey.current !== sessionKey) forgetView(chart);
    shownKey.current = sessionKey;
    applyModel(chart, model);
    setUpdates((n) => n + 1);
  }, [model, sessionKey]);

  const height = chartHeight(model.tracks.length, pxPerUnit, stageBottom(model.twoStage));
  return (
    <div className={`hypnogram-card ${palette.name}`} data-palette={palette.name}>
      {isInteractive ? (
        <div className="hypnogram-toolbar">
          <span className="faint">Wheel or pinch to zoom · drag to pan · Shift+drag to zoom to a range</span>
          <button
            type="button"
            className="btn small"
            data-testid="hypnogram-reset-zoom"
            disabled={!zoomed}
            onClick={() => chartRef.current && resetView(chartRef.current)}
          >
            Reset zoom
          </button>
        </div>
      ) : null}
      <div
        className="hypnogram"
        style={{ height }}
        data-testid={testId}
        data-epochs={model.plotted}
        data-chart-id={chartId ?? undefined}
        data-updates={updates}
        data-source={model.source}
        data-tracks={model.tracks.map((t) => t.kind).join(' ')}
        data-zoomed={zoomed ? 'true' : 'false'}
        role="img"
        aria-label={`Hypnogram: ${model.plotted} epochs with a sleep stage, ${formatEpochHours(model.plotted)}`}
      >
        <canvas ref={canvasRef} />
      </div>
      <Legend model={model} palette={palette} />
      <SourceNote model={model} />
    </div>
  );
}

interface Chip {
  key: keyof StageTotals;
  label: string;
  color: (p: Palette) => string;
  /** Epochs counted under this chip. */
  epochs: (t: StageTotals) => number;
}

const FOUR_STAGE: Chip[] = [
  { key: 'wake', label: 'Wake', color: (p) => p.stage.wake, epochs: (t) => t.wake },
  { key: 'rem', label: 'REM', color: (p) => p.stage.rem, epochs: (t) => t.rem },
  { key: 'light', label: 'Light', color: (p) => p.stage.light, epochs: (t) => t.light },
  { key: 'deep', label: 'Deep', color: (p) => p.stage.deep, epochs: (t) => t.deep },
  { key: 'unknown', label: 'No data (gap)', color: (p) => p.stage.none, epochs: (t) => t.unknown },
];

const TWO_STAGE: Chip[] = [
  { key: 'wake', label: 'Wake', color: (p) => p.stage.wake, epochs: (t) => t.wake },
  { key: 'light', label: 'Sleep', color: (p) => p.stage.light, epochs: (t) => t.light + t.deep + t.rem },
  { key: 'unknown', label: 'No data (gap)', color: (p) => p.stage.none, epochs: (t) => t.unknown },
];

const TRACK_LEGEND: Record<TrackKind, (p: Palette, m: HypnogramModel) => { label: string; color: string; title?: string }[]> = {
  snoring: (p) => [{ label: 'Snoring', color: p.snoring }],
  breath: (p) => [
    { label: 'Breathing stable', color: p.breathStable },
    { label: 'Breathing unstable', color: p.breathUnstable, title: 'Any non-zero breath_stages value (Asleep publishes no code table)' },
  ],
  cycles: (p, m) => [
    {
      label: `Sleep cycles (${m.cycleSource === 'server' ? 'from Asleep' : 'recomputed'})`,
      color: p.cycleA,
      title: 'From sleep_cycle_time: sleep onset, then the end of each cycle',
    },
  ],
  agreement: (p) => [
    { label: 'Live = final', color: p.agree },
    { label: 'Live ≠ final', color: p.differ },
    { label: 'Only in one', color: p.onlyOne },
  ],
};

function Legend({ model, palette }: { model: HypnogramModel; palette: Palette }) {
  const chips = model.twoStage ? TWO_STAGE : FOUR_STAGE;
  return (
    <div className="hypnogram-legend num" data-testid="stage-totals">
      {chips.map((c) => {
        const epochs = c.epochs(model.totals);
        return (
          <span key={c.key} className="chip" title={`${epochs} epochs of 30 s`}>
            <span className={`swatch ${c.key === 'rem' ? 'rem' : ''}`} style={{ background: c.color(palette) }} />
            <span className="muted">{c.label}</span> {formatDuration(epochs * EPOCH_SECONDS)} h
          </span>
        );
      })}
      {model.tracks.flatMap((t) =>
        TRACK_LEGEND[t.kind](palette, model).map((l) => (
          <span key={`${t.kind}-${l.label}`} className="chip" title={l.title}>
            <span className="swatch" style={{ background: l.color }} />
            <span className="muted">{l.label}</span>
          </span>
        )),
      )}
      {!model.hasSnoring ? <span className="faint">No snoring data</span> : null}
      {!model.hasBreath ? <span className="faint">No breathing data</span> : null}
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
