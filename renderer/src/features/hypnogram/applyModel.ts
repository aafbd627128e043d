// Live update in place: swap the data, the axis range and the colours of an existing chart, never
// recreate it. `chart.update('none')` redraws synchronously without animation.
import { Chart, modelOf, paletteOf, viewOf } from './chartSetup';
import { hypnogramConfig } from './chartConfig';
import type { HypnogramModel } from './mapping';
import type { Palette } from './palette';
import { stageBottom, yMin } from './tracks';

interface ZoomLimits {
  x?: { min?: number; max?: number; minRange?: number };
}

function setFullRange(chart: Chart, length: number): void {
  const x = chart.options.scales?.x;
  if (x) {
    x.min = 0;
    x.max = length;
  }
}

export function applyModel(chart: Chart, model: HypnogramModel): void {
  modelOf.set(chart, model);
  const length = Math.max(model.length, 1);
  const [stages] = chart.data.datasets;
  if (stages) stages.data = model.stages as never;
  const y = chart.options.scales?.y;
  if (y) y.min = yMin(model.tracks.length, stageBottom(model.twoStage));
  // Zoom and pan may reach the whole night, however far it has grown.
  const limits = (chart.options.plugins as { zoom?: { limits?: ZoomLimits } } | undefined)?.zoom?.limits;
  if (limits?.x) {
    limits.x.max = length;
    limits.x.minRange = Math.min(10, length);
  }
  // A zoomed or panned view stays where the user put it while new chunks arrive.
  if (!viewOf.get(chart)?.zoomed) setFullRange(chart, length);
  // The box grows with the lanes (CSS height); take the new size before drawing.
  const box = chart.canvas.parentElement;
  if (box && Math.abs(box.clientHeight - chart.height) > 1) chart.resize();
  chart.update('none');
}

/** Another night in the same chart: forget the zoom of the previous one (applyModel then shows it whole). */
export function forgetView(chart: Chart): void {
  const view = viewOf.get(chart);
  if (view?.zoomed) {
    view.zoomed = false;
    view.onZoomChange?.(false);
  }
}

/** Back to the whole night. */
export function resetView(chart: Chart): void {
  const model = modelOf.get(chart);
  chart.resetZoom('none');
  setFullRange(chart, Math.max(model?.length ?? 1, 1));
  const view = viewOf.get(chart);
  if (view?.zoomed) {
    view.zoomed = false;
    view.onZoomChange?.(false);
  }
  chart.update('none');
}

/** Screen or print colours, in place. */
export function applyPalette(chart: Chart, p: Palette): void {
  const ref = paletteOf.get(chart);
  if (!ref || ref.current === p) return;
  ref.current = p;
  type Axis = { ticks?: { color?: unknown }; grid?: { color?: unknown }; border?: { color?: unknown } };
  const { x, y } = (chart.options.scales ?? {}) as { x?: Axis; y?: Axis };
  if (x) {
    if (x.ticks) x.ticks.color = p.muted;
    if (x.grid) x.grid.color = p.grid;
    if (x.border) x.border.color = p.axis;
  }
  if (y?.border) y.border.color = p.axis;
  const tooltip = chart.options.plugins?.tooltip;
  if (tooltip) {
    tooltip.backgroundColor = p.tooltipBg;
    tooltip.borderColor = p.tooltipBorder;
    tooltip.titleColor = p.text;
    tooltip.bodyColor = p.text;
  }
  chart.update('none');
}

export interface CreateOptions {
  palette: Palette;
  interactive?: boolean;
  devicePixelRatio?: number;
  onZoomChange?: (zoomed: boolean) => void;
}

/** The one chart of a mounted hypnogram; data arrives later through `applyModel`. */
export function createHypnogramChart(canvas: HTMLCanvasElement, opts: CreateOptions): Chart {
  const palette = { current: opts.palette };
  const chart = new Chart(
    canvas,
    hypnogramConfig({ palette, interactive: opts.interactive ?? true, devicePixelRatio: opts.devicePixelRatio }) as never,
  ) as Chart;
  paletteOf.set(chart, palette);
  viewOf.set(chart, { zoomed: false, onZoomChange: opts.onZoomChange });
  return chart;
}
