// Trends over the nights: total sleep time, efficiency, WASO and REM share, one small chart each
// (different units, so no shared axis). A click on a point selects that night.
import { useEffect, useMemo, useRef } from 'react';
import type { NightRow } from '../../../../shared/export/night-rows';
import { formatDuration, formatPercent } from '../../../../shared/stats/format';
import { themeColor as cssColor } from './colors';
import { Chart } from './chartSetup';

interface Metric {
  key: string;
  label: string;
  unit: string;
  value(n: NightRow): number | null;
  text(n: NightRow): string;
  color: string;
  min?: number;
  max?: number;
}

const ratio = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);

const METRICS: Metric[] = [
  { key: 'tst', label: 'Total sleep time', unit: 'h', value: (n) => (n.tst === null ? null : n.tst / 3600), text: (n) => formatDuration(n.tst), color: '--stage-light', min: 0 },
  { key: 'efficiency', label: 'Efficiency', unit: '%', value: (n) => ratio(n.efficiency), text: (n) => formatPercent(n.efficiency), color: '--green', min: 0, max: 100 },
  { key: 'waso', label: 'WASO', unit: 'min', value: (n) => (n.waso === null ? null : n.waso / 60), text: (n) => formatDuration(n.waso), color: '--stage-wake', min: 0 },
  { key: 'rem', label: 'REM', unit: '%', value: (n) => ratio(n.remRatio), text: (n) => formatPercent(n.remRatio), color: '--stage-rem', min: 0 },
];

/** Nights still in progress are left out: their statistics cover only the hours so far. */
export function TrendCharts({ nights, selected, onSelect }: { nights: NightRow[]; selected: string | null; onSelect(id: string): void }) {
  const finished = useMemo(() => nights.filter((n) => n.state !== 'live'), [nights]);
  return (
    <div className="trend-grid">
      {METRICS.map((m) => (
        <TrendChart key={m.key} metric={m} nights={finished} selected={selected} onSelect={onSelect} />
      ))}
    </div>
  );
}

function TrendChart({ metric, nights, selected, onSelect }: { metric: Metric; nights: NightRow[]; selected: string | null; onSelect(id: string): void }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const chartRef = useRef<Chart<'line', (number | null)[], string> | null>(null);
  const latest = useRef({ nights, onSelect });
  latest.current = { nights, onSelect };

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const color = cssColor(metric.color);
    const grid = cssColor('--border');
    const text = cssColor('--muted');
    const chart = new Chart<'line', (number | null)[], string>(canvas, {
      type: 'line',
      data: { labels: [], datasets: [{ data: [], borderColor: color, backgroundColor: color, borderWidth: 1.5, pointRadius: 2.5, spanGaps: false, tension: 0 }] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { ticks: { color: text, maxRotation: 0, autoSkip: true, font: { size: 10 } }, grid: { color: grid } },
          y: { min: metric.min, max: metric.max, ticks: { color: text, font: { size: 10 } }, grid: { color: grid } },
        },
        plugins: {
          tooltip: {
            callbacks: {
              title: (items) => items[0]?.label ?? '',
              label: (item) => {
                const n = latest.current.nights[item.dataIndex];
                return n ? `${metric.label}: ${metric.text(n)}` : '';
              },
            },
          },
        },
        onClick: (_e, elements) => {
          const n = latest.current.nights[elements[0]?.index ?? -1];
          if (n) latest.current.onSelect(n.sessionId);
        },
      },
    });
    chartRef.current = chart;
    return () => {
      chartRef.current = null;
      chart.destroy();
    };
  }, [metric]);

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart) return;
    const dataset = chart.data.datasets[0]!;
    chart.data.labels = nights.map((n) => n.date ?? n.sessionId.slice(0, 10));
    dataset.data = nights.map(metric.value);
    const radius = nights.map((n) => (n.sessionId === selected ? 5 : 2.5));
    dataset.pointRadius = radius;
    chart.update('none');
  }, [nights, selected, metric]);

  const values = nights.map(metric.value).filter((v): v is number => v !== null);
  const mean = values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
  return (
    <div className="trend" data-testid="trend-chart" data-metric={metric.key} data-points={values.length}>
      <div className="trend-head">
        <span>{metric.label}</span>
        <span className="faint num">{mean === null ? '' : `mean ${metric.key === 'tst' ? formatDuration(mean * 3600) : `${mean.toFixed(metric.unit === '%' ? 0 : 0)} ${metric.unit}`}`}</span>
      </div>
      <div className="trend-canvas" role="img" aria-label={`${metric.label} over ${nights.length} nights`}>
        <canvas ref={canvasRef} />
      </div>
    </div>
  );
}
