// Live update in place: swap the data arrays and axis range of an existing chart, never recreate it.
import { zoneOffsetMs } from '../../lib/time';
import { type Chart, modelOf } from './chartSetup';
import { ticksOf } from './chartConfig';
import { clockTicks, elapsedTicks, type HypnogramModel } from './mapping';

export function applyModel(chart: Chart, model: HypnogramModel): void {
  modelOf.set(chart, model);
  const length = Math.max(model.length, 1);
  const ticks =
    model.startMs !== null ? clockTicks(model.startMs, length, (ms) => zoneOffsetMs(ms, model.timezone)) : elapsedTicks(length);
  ticksOf.set(
    chart,
    ticks.map((t) => t.value),
  );
  const [stages, snoring] = chart.data.datasets;
  if (stages) stages.data = model.stages as never;
  if (snoring) snoring.data = model.snoring as never;
  const x = chart.options.scales?.x;
  if (x) x.max = length;
  chart.update('none');
}
