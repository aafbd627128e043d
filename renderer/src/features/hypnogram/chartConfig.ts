// The hypnogram's chart.js configuration. Built once per mounted view; later updates only swap data.
import type { ChartConfiguration, ScriptableLineSegmentContext, TooltipItem } from 'chart.js';
import { EPOCH_SECONDS } from '../../../../shared/asleep/model';
import { formatHoursMinutes } from '../../lib/units';
import { formatTime } from '../../lib/time';
import { modelOf, type Chart } from './chartSetup';
import { epochTimeMs, snoringToY, stageName, STAGE_ROWS, Y_REM, type ChartPoint, type HypnogramModel } from './mapping';
import { cssColor, SNORE_FILL, STAGE_LINE } from './palette';

/** Where the x ticks go; set by `applyModel`, read by `afterBuildTicks`. */
export const ticksOf = new WeakMap<Chart, number[]>();

const isRem = (ctx: ScriptableLineSegmentContext) => ctx.p0.parsed.y === Y_REM;

export function xLabel(model: HypnogramModel | undefined, x: number, withSeconds = false): string {
  if (!model) return '';
  if (model.startMs === null) return `+${formatHoursMinutes(x * EPOCH_SECONDS)}`;
  return formatTime(epochTimeMs(model.startMs, x), withSeconds ? 'clockSeconds' : 'clock', model.timezone);
}

export function hypnogramConfig(): ChartConfiguration<'line', ChartPoint[]> {
  const grid = cssColor('--border');
  const muted = cssColor('--muted');
  const rem = cssColor('--stage-rem');
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
          borderColor: STAGE_LINE,
          borderWidth: 1.6,
          pointRadius: 0,
          pointHoverRadius: 0,
          pointHitRadius: 0,
          segment: {
            borderColor: (ctx) => (isRem(ctx) ? rem : undefined),
            borderWidth: (ctx) => (isRem(ctx) ? 4 : undefined),
          },
        },
        {
          label: 'Snoring',
          data: [],
          yAxisID: 'ySnore',
          stepped: true,
          spanGaps: false,
          fill: 'origin',
          backgroundColor: SNORE_FILL,
          borderColor: cssColor('--snore'),
          borderWidth: 1,
          pointRadius: 0,
          pointHitRadius: 0,
        },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      normalized: true,
      events: ['mousemove', 'mouseout', 'click', 'touchstart', 'touchmove'],
      interaction: { mode: 'epoch', intersect: false },
      layout: { padding: { right: 8, top: 4 } },
      scales: {
        x: {
          type: 'linear',
          min: 0,
          max: 1,
          afterBuildTicks: (axis) => {
            axis.ticks = (ticksOf.get(axis.chart as Chart) ?? []).map((value) => ({ value }));
          },
          ticks: {
            color: muted,
            maxRotation: 0,
            autoSkip: true,
            callback: function (value) {
              return xLabel(modelOf.get(this.chart as Chart), Number(value));
            },
          },
          grid: { color: grid },
          border: { color: grid },
        },
        // Left axes in one stack are laid out last-declared on top: snoring first = bottom.
        ySnore: {
          type: 'linear',
          position: 'left',
          stack: 'hypnogram',
          stackWeight: 1,
          min: 0,
          max: 1.15,
          afterBuildTicks: (axis) => {
            axis.ticks = [{ value: 0.5 }];
          },
          ticks: { color: muted, callback: () => 'Snore' },
          grid: { display: false },
          border: { color: grid },
        },
        y: {
          type: 'linear',
          position: 'left',
          stack: 'hypnogram',
          stackWeight: 5,
          min: -0.4,
          max: 3.4,
          afterBuildTicks: (axis) => {
            axis.ticks = [0, 1, 2, 3].map((value) => ({ value }));
          },
          ticks: { color: muted, callback: (v) => STAGE_ROWS[Number(v)] ?? '' },
          grid: { color: grid },
          border: { color: grid },
        },
      },
      plugins: {
        tooltip: {
          backgroundColor: cssColor('--panel-2'),
          borderColor: cssColor('--border-strong'),
          borderWidth: 1,
          titleColor: cssColor('--text'),
          bodyColor: cssColor('--text'),
          displayColors: false,
          callbacks: {
            title: (items: TooltipItem<'line'>[]) => {
              const item = items[0];
              const model = modelOf.get(item?.chart as Chart);
              if (!item || !model) return '';
              const epoch = (item.raw as ChartPoint).epoch;
              return `${xLabel(model, epoch, true)} – ${xLabel(model, epoch + 1, true)}  (epoch ${epoch})`;
            },
            label: (item: TooltipItem<'line'>) => {
              const model = modelOf.get(item.chart as Chart);
              const epoch = (item.raw as ChartPoint).epoch;
              return model ? stageName(model.sleep[epoch]) : '';
            },
            afterLabel: (item: TooltipItem<'line'>) => {
              const model = modelOf.get(item.chart as Chart);
              const s = model ? snoringToY(model.snoringTrack[(item.raw as ChartPoint).epoch]) : null;
              return s === null ? '' : s === 1 ? 'Snoring' : 'No snoring';
            },
          },
        },
      },
    },
  };
}
