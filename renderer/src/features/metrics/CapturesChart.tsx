// Captures per bucket as stacked bars by answer class (valid, not valid, 4xx, 5xx, no answer), and the
// 90th percentile of accepted answer times per bucket as a thin line on its own axis (ms, right).
import { useEffect, useRef } from 'react';
import { STATUS_CLASSES, type WebhookMetrics } from '../../../../shared/metrics/types';
import { themeColor } from '../history/colors';
import { Chart } from './chartSetup';
import { bucketLabel, CLASS_COLORS, CLASS_LABELS, formatMs, PER_BUCKET } from './format';

type Mixed = Chart<'bar' | 'line', (number | null)[], string>;

export function CapturesChart({ data }: { data: WebhookMetrics }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const chartRef = useRef<Mixed | null>(null);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const grid = themeColor('--border');
    const text = themeColor('--muted');
    const latency = themeColor('--text');
    const chart = new Chart(canvas, {
      type: 'bar',
      data: {
        labels: [],
        datasets: [
          ...STATUS_CLASSES.map((cls) => ({
            type: 'bar' as const,
            label: CLASS_LABELS[cls],
            data: [] as (number | null)[],
            backgroundColor: themeColor(CLASS_COLORS[cls]),
            stack: 'captures',
            yAxisID: 'y',
            borderWidth: 0,
            barPercentage: 1,
            categoryPercentage: 0.9,
          })),
          {
            type: 'line' as const,
            label: 'p90 answer time (accepted)',
            data: [] as (number | null)[],
            borderColor: latency,
            backgroundColor: latency,
            borderWidth: 1,
            borderDash: [3, 3],
            // Points too: a bucket between two empty ones has no line to draw.
            pointRadius: 1.5,
            spanGaps: false,
            yAxisID: 'y1',
            // A lower order is drawn later: the line stays on top of the bars.
            order: -1,
          },
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { stacked: true, ticks: { color: text, maxRotation: 0, autoSkip: true, autoSkipPadding: 12, font: { size: 10 } }, grid: { display: false } },
          y: { stacked: true, beginAtZero: true, ticks: { color: text, precision: 0, font: { size: 10 } }, grid: { color: grid }, title: { display: true, text: 'captures', color: text, font: { size: 10 } } },
          y1: { position: 'right', beginAtZero: true, ticks: { color: text, font: { size: 10 } }, grid: { display: false }, title: { display: true, text: 'p90 ms', color: text, font: { size: 10 } } },
        },
        plugins: {
          tooltip: {
            callbacks: {
              label: (item) => {
                const v = item.parsed.y;
                if (item.dataset.yAxisID === 'y1') return `p90 answer: ${formatMs(v ?? null)}`;
                return v ? `${item.dataset.label}: ${v}` : '';
              },
            },
          },
        },
      },
    }) as Mixed;
    chartRef.current = chart;
    return () => {
      chartRef.current = null;
      chart.destroy();
    };
  }, []);

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart) return;
    chart.data.labels = data.buckets.map((b) => bucketLabel(b.start, data.window));
    STATUS_CLASSES.forEach((cls, i) => {
      chart.data.datasets[i]!.data = data.buckets.map((b) => b[cls]);
    });
    chart.data.datasets[STATUS_CLASSES.length]!.data = data.buckets.map((b) => b.acceptedP90Ms);
    chart.update('none');
  }, [data]);

  const busiest = Math.max(0, ...data.buckets.map((b) => b.valid + b.invalid + b.clientError + b.serverError + b.noAnswer));
  return (
    <div
      className="metrics-chart"
      role="img"
      aria-label={`Captures ${PER_BUCKET[data.window]}, stacked by answer: ${data.totals.all} in all, at most ${busiest} in one bucket`}
      data-testid="metrics-chart"
      data-buckets={data.buckets.length}
    >
      <canvas ref={canvasRef} />
    </div>
  );
}
