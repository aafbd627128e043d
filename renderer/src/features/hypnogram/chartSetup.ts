// Register only the chart.js pieces the hypnogram uses (tree-shaking) and one interaction mode
// (the zoom plugin is attached per chart in chartConfig.ts, so other charts get no zoom handlers): "epoch" finds the epoch under the mouse (each epoch spans [i, i+1) on the x axis).
import {
  Chart,
  Interaction,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ActiveElement,
  type InteractionModeFunction,
  type TooltipPositionerFunction,
} from 'chart.js';
import type { ChartType } from 'chart.js';
import type { HypnogramModel } from './mapping';
import type { Palette } from './palette';

declare module 'chart.js' {
  interface InteractionModeMap {
    epoch: InteractionModeFunction;
  }
  interface TooltipPositionerMap {
    cursor: TooltipPositionerFunction<ChartType>;
  }
}

Chart.register(LineController, LineElement, PointElement, LinearScale, Tooltip);

/** The model each chart currently shows (read by the interaction mode, tooltip, ticks and tracks). */
export const modelOf = new WeakMap<Chart, HypnogramModel>();
/** The colours a chart currently uses (screen or print); a box, because line segments see no chart. */
export interface PaletteRef {
  current: Palette;
}
export const paletteOf = new WeakMap<Chart, PaletteRef>();

/** Per chart: whether the user zoomed or panned (live data then leaves the x range alone), and who to tell. */
export interface ViewState {
  zoomed: boolean;
  onZoomChange?: (zoomed: boolean) => void;
}
export const viewOf = new WeakMap<Chart, ViewState>();
/** The epoch under the mouse (a point stands for a whole run of epochs; the tooltip is about this one). */
export const hoverOf = new WeakMap<Chart, number>();

const epochMode: InteractionModeFunction = (chart, e) => {
  const model = modelOf.get(chart as Chart);
  const area = chart.chartArea;
  const xScale = chart.scales.x;
  if (!model || !xScale || e.x === null || e.y === null || e.x < area.left || e.x > area.right) return [];
  if (e.y < area.top || e.y > area.bottom) return [];
  const epoch = Math.floor(xScale.getValueForPixel(e.x) ?? -1);
  const index = model.stageIndex[epoch] ?? -1;
  const element = chart.getDatasetMeta(0).data[index];
  if (index < 0 || !element) return [];
  hoverOf.set(chart as Chart, epoch);
  return [{ element, datasetIndex: 0, index } satisfies ActiveElement];
};

(Interaction.modes as unknown as Record<string, InteractionModeFunction>).epoch = epochMode;
// The tooltip follows the mouse, not the point that starts the run (which may be hours away).
Tooltip.positioners.cursor = (_items, eventPosition) => ({ x: eventPosition.x, y: eventPosition.y });

export { Chart };
export { default as zoomPlugin } from 'chartjs-plugin-zoom';
