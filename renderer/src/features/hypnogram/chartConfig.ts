// The hypnogram's chart.js configuration. Built once per mounted view; later updates only swap data
// (applyModel) or colours (applyPalette). One chart, one x axis: the stage rows on top and the aligned
// tracks (lanes) below them, so zoom and pan move everything together.
import type { ChartConfiguration, Plugin, ScriptableLineSegmentContext, ScriptableScaleContext, TooltipItem } from 'chart.js';
import { EPOCH_SECONDS } from '../../../../shared/asleep/model';
import { formatHoursMinutes } from '../../lib/units';
import { formatTime, zoneOffsetMs } from '../../lib/time';
import { hoverOf, modelOf, paletteOf, viewOf, zoomPlugin, type Chart, type PaletteRef } from './chartSetup';
import {
  clockTicksBetween,
  elapsedTicksBetween,
  epochDetails,
  epochTimeMs,
  stageName,
  stageTicks,
  Y_REM,
  type ChartPoint,
  type HypnogramModel,
} from './mapping';
import { PRINT_PALETTE, rowColor, SCREEN_PALETTE, type Palette } from './palette';
import { lane, stageBottom, STAGE_TOP, yMin, type Track } from './tracks';

export function xLabel(model: HypnogramModel | undefined, x: number, withSeconds = false): string {
  if (!model) return '';
  if (model.startMs === null) return `+${formatHoursMinutes(x * EPOCH_SECONDS)}`;
  return formatTime(epochTimeMs(model.startMs, x), withSeconds ? 'clockSeconds' : 'clock', model.timezone);
}

const paletteFor = (chart: unknown): Palette => paletteOf.get(chart as Chart)?.current ?? SCREEN_PALETTE;
const isRem = (ctx: ScriptableLineSegmentContext) => ctx.p0.parsed.y === Y_REM;

/** Y-axis labels: the stage rows, then one per lane. */
function yTicks(model: HypnogramModel | undefined): { value: number; label: string }[] {
  const stages = stageTicks(model?.twoStage ?? false);
  const bottom = stageBottom(model?.twoStage ?? false);
  const lanes = (model?.tracks ?? []).map((t, k) => ({ value: lane(k, bottom).center, label: t.label }));
  return [...stages, ...lanes];
}

/** A y tick that labels a lane (below the stage rows), not a stage row. */
function isLaneTick(ctx: ScriptableScaleContext): boolean {
  const model = modelOf.get(ctx.chart as Chart);
  return ctx.tick.value < stageBottom(model?.twoStage ?? false);
}

/** Whether the x range shows less than the whole night; tells the view when that changes. */
export function noteView(chart: Chart): void {
  const model = modelOf.get(chart);
  const x = chart.scales.x;
  const view = viewOf.get(chart);
  if (!model || !x || !view) return;
  const zoomed = x.min > 1e-6 || x.max < Math.max(model.length, 1) - 1e-6;
  if (zoomed !== view.zoomed) {
    view.zoomed = zoomed;
    view.onZoomChange?.(zoomed);
  }
}

// ---------------------------------------------------------------- lanes

interface RunStyle {
  color: string;
  /** Share of the lane height, drawn from the bottom of the lane. */
  height: number;
}

function runStyle(kind: Track['kind'], value: string, p: Palette): RunStyle {
  switch (kind) {
    case 'snoring':
      return value === 'snoring' ? { color: p.snoring, height: 1 } : { color: p.snoringQuiet, height: 0.18 };
    case 'breath':
      return value === 'unstable' ? { color: p.breathUnstable, height: 1 } : { color: p.breathStable, height: 0.35 };
    case 'cycles':
      return { color: Number(value) % 2 === 1 ? p.cycleA : p.cycleB, height: 1 };
    case 'agreement':
      if (value === 'differ') return { color: p.differ, height: 1 };
      if (value === 'agree') return { color: p.agree, height: 0.3 };
      return { color: p.onlyOne, height: 0.65 };
  }
}

/** Draws the lanes and the cycle boundaries (before the stage line, so the line stays on top). */
export const tracksPlugin: Plugin<'line'> = {
  id: 'hypnogramTracks',
  beforeDatasetsDraw(chart) {
    const model = modelOf.get(chart as Chart);
    const x = chart.scales.x;
    const y = chart.scales.y;
    if (!model || !x || !y) return;
    const p = paletteFor(chart);
    const { ctx, chartArea: area } = chart;
    const xmin = x.min;
    const xmax = x.max;
    const px = (v: number) => x.getPixelForValue(Math.min(Math.max(v, xmin), xmax));
    ctx.save();
    ctx.beginPath();
    ctx.rect(area.left, area.top, area.right - area.left, area.bottom - area.top);
    ctx.clip();

    // Cycle boundaries across the stage rows: faint dashed lines at sleep onset and each cycle end.
    if (model.cycles.length > 0) {
      const top = y.getPixelForValue(STAGE_TOP);
      const bottom = y.getPixelForValue(stageBottom(model.twoStage));
      ctx.strokeStyle = p.cycleLine;
      ctx.lineWidth = 1;
      ctx.setLineDash([3, 3]);
      ctx.beginPath();
      const edges = [model.cycles[0]?.start ?? 0, ...model.cycles.map((c) => c.end)];
      for (const e of edges) {
        if (e < xmin || e > xmax) continue;
        const at = Math.round(x.getPixelForValue(e)) + 0.5;
        ctx.moveTo(at, top);
        ctx.lineTo(at, bottom);
      }
      ctx.stroke();
      ctx.setLineDash([]);
    }

    const laneBottom = stageBottom(model.twoStage);
    model.tracks.forEach((track, k) => {
      const l = lane(k, laneBottom);
      const top = y.getPixelForValue(l.top);
      const bottom = y.getPixelForValue(l.bottom);
      const h = bottom - top;
      ctx.fillStyle = p.laneBg;
      ctx.fillRect(area.left, top, area.right - area.left, h);
      let lastColor = '';
      for (const run of track.runs) {
        if (run.end <= xmin || run.start >= xmax) continue;
        const s = runStyle(track.kind, run.value, p);
        if (s.color !== lastColor) {
          ctx.fillStyle = s.color;
          lastColor = s.color;
        }
        const x0 = px(run.start);
        const w = Math.max(px(run.end) - x0, 0.75);
        ctx.fillRect(x0, bottom - h * s.height, w, h * s.height);
        if (track.kind === 'cycles' && w > 22) {
          ctx.fillStyle = p.cycleText;
          ctx.font = '10px system-ui, sans-serif';
          ctx.textAlign = 'center';
          ctx.textBaseline = 'middle';
          ctx.fillText(`C${run.value}`, x0 + w / 2, top + h / 2);
          lastColor = '';
        }
      }
    });
    ctx.restore();
  },
};

// ---------------------------------------------------------------- config

export interface ConfigOptions {
  /** The chart's colours; `applyPalette` swaps `current` in place. */
  palette?: PaletteRef;
  /** Zoom, pan and tooltips (off for the printed report). */
  interactive?: boolean;
  /** Canvas pixel ratio (the report draws at 2x so the PDF stays sharp). */
  devicePixelRatio?: number;
}

export function hypnogramConfig(opts: ConfigOptions = {}): ChartConfiguration<'line', ChartPoint[]> {
  const ref = opts.palette ?? { current: SCREEN_PALETTE };
  const p = ref.current;
  const interactive = opts.interactive ?? true;
  return {
    type: 'line',
    data: {
      datasets: [
        {
          label: 'Sleep stage',
          data: [],
          yAxisID: 'y',
          stepped: true,
          spanGaps: false,
          borderColor: p.stage.light,
          borderWidth: 2,
          pointRadius: 0,
          pointHoverRadius: 0,
          pointHitRadius: 0,
          segment: {
            borderColor: (ctx) => rowColor(ref.current, ctx.p0.parsed.y),
            borderWidth: (ctx) => (isRem(ctx) ? 4.5 : 2),
          },
        },
      ],
    },
    // Per chart, not Chart.register: other charts in the app get no zoom handlers.
    plugins: [zoomPlugin as Plugin<'line'>, tracksPlugin],
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      normalized: true,
      ...(opts.devicePixelRatio ? { devicePixelRatio: opts.devicePixelRatio } : {}),
      events: interactive ? ['mousemove', 'mouseout', 'click', 'touchstart', 'touchmove'] : [],
      interaction: { mode: 'epoch', intersect: false },
      layout: { padding: { right: 10, top: 6 } },
      scales: {
        x: {
          type: 'linear',
          min: 0,
          max: 1,
          afterBuildTicks: (axis) => {
            const model = modelOf.get(axis.chart as Chart);
            if (!model) {
              axis.ticks = [];
              return;
            }
            const ticks =
              model.startMs !== null
                ? clockTicksBetween(model.startMs, axis.min, axis.max, (ms) => zoneOffsetMs(ms, model.timezone))
                : elapsedTicksBetween(axis.min, axis.max);
            axis.ticks = ticks.map((t) => ({ value: t.value }));
          },
          ticks: {
            color: p.muted,
            maxRotation: 0,
            autoSkip: true,
            callback: function (value) {
              return xLabel(modelOf.get(this.chart as Chart), Number(value));
            },
          },
          grid: { color: p.grid },
          border: { color: p.axis },
        },
        y: {
          type: 'linear',
          position: 'left',
          min: yMin(0),
          max: STAGE_TOP,
          afterBuildTicks: (axis) => {
            axis.ticks = yTicks(modelOf.get(axis.chart as Chart)).map((t) => ({ value: t.value }));
          },
          afterFit: (axis) => {
            axis.width = Math.max(axis.width, 74);
          },
          ticks: {
            autoSkip: false,
            color: (ctx: ScriptableScaleContext) => (ctx.tick && isLaneTick(ctx) ? paletteFor(ctx.chart).muted : paletteFor(ctx.chart).text),
            font: { size: 11 },
            callback: function (value) {
              const v = Number(value);
              return yTicks(modelOf.get(this.chart as Chart)).find((t) => Math.abs(t.value - v) < 1e-6)?.label ?? '';
            },
          },
          grid: {
            color: (ctx: ScriptableScaleContext) => (ctx.tick && !isLaneTick(ctx) ? paletteFor(ctx.chart).grid : 'transparent'),
          },
          border: { color: p.axis },
        },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          enabled: interactive,
          position: 'cursor',
          caretPadding: 10,
          backgroundColor: p.tooltipBg,
          borderColor: p.tooltipBorder,
          borderWidth: 1,
          titleColor: p.text,
          bodyColor: p.text,
          displayColors: false,
          callbacks: {
            title: (items: TooltipItem<'line'>[]) => {
              const item = items[0];
              const model = modelOf.get(item?.chart as Chart);
              if (!item || !model) return '';
              const epoch = hoveredEpoch(item);
              return `${xLabel(model, epoch, true)} – ${xLabel(model, epoch + 1, true)}  (epoch ${epoch})`;
            },
            label: (item: TooltipItem<'line'>) => {
              const model = modelOf.get(item.chart as Chart);
              return model ? stageName(model.sleep[hoveredEpoch(item)], model.twoStage) : '';
            },
            afterLabel: (item: TooltipItem<'line'>) => {
              const model = modelOf.get(item.chart as Chart);
              if (!model) return '';
              return tooltipLines(model, hoveredEpoch(item));
            },
          },
        },
        zoom: {
          limits: { x: { min: 0, max: 1, minRange: 10 } },
          pan: { enabled: interactive, mode: 'x', threshold: 5, onPanComplete: ({ chart }) => noteView(chart as Chart) },
          zoom: {
            mode: 'x',
            wheel: { enabled: interactive, speed: 0.15 },
            pinch: { enabled: interactive },
            drag: {
              enabled: interactive,
              modifierKey: 'shift',
              backgroundColor: 'rgba(122, 167, 240, 0.15)',
              borderColor: 'rgba(122, 167, 240, 0.7)',
              borderWidth: 1,
            },
            onZoomComplete: ({ chart }) => noteView(chart as Chart),
          },
        },
      },
    },
  };
}

/** The epoch the tooltip is about: the one under the mouse, inside the run of the hovered point. */
function hoveredEpoch(item: TooltipItem<'line'>): number {
  const start = (item.raw as ChartPoint).epoch;
  const hovered = hoverOf.get(item.chart as Chart);
  const model = modelOf.get(item.chart as Chart);
  return hovered !== undefined && model && model.stageIndex[hovered] === item.dataIndex ? hovered : start;
}

/** The tracks' values at one epoch, one line each (only the tracks that exist). */
export function tooltipLines(model: HypnogramModel, epoch: number): string[] {
  const d = epochDetails(model, epoch);
  const lines: string[] = [];
  const kinds = new Set(model.tracks.map((t) => t.kind));
  if (kinds.has('snoring')) lines.push(d.snoring === null ? 'Snoring: no data' : d.snoring === 'snoring' ? 'Snoring' : 'No snoring');
  if (kinds.has('breath')) lines.push(d.breath === null ? 'Breathing: no data' : d.breath === 'stable' ? 'Breathing stable' : 'Breathing unstable');
  if (kinds.has('cycles') && d.cycle !== null) lines.push(`Sleep cycle ${d.cycle}`);
  if (kinds.has('agreement')) {
    if (d.agreement === 'agree') lines.push('Live chunks agree');
    else if (d.agreement === 'differ') lines.push(`Live chunks said ${stageName(d.liveStage, model.twoStage)}`);
    else if (d.agreement === 'final-only') lines.push('Only in the final report');
    else if (d.agreement === 'live-only') lines.push('Only in the live chunks');
  }
  return lines;
}

export { PRINT_PALETTE, SCREEN_PALETTE };
