// Words and numbers of the dashboard: answer times with their unit, bucket labels on the viewer's
// clock, the three series' names.
import type { MetricsWindow, StatusClass } from '../../../../shared/metrics/types';

/** 0.4213 → "0.42 ms", 12.34 → "12.3 ms", 1234.5 → "1,235 ms"; null → "—". */
export function formatMs(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  return `${Math.round(ms).toLocaleString('en-US')} ms`;
}

const clock = new Map<string, Intl.DateTimeFormat>();
function fmt(options: Intl.DateTimeFormatOptions, zone: string | undefined): Intl.DateTimeFormat {
  const key = JSON.stringify(options) + (zone ?? '');
  let f = clock.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { ...options, timeZone: zone, hourCycle: 'h23' });
    clock.set(key, f);
  }
  return f;
}

/** The start of a bucket on the x axis: "02:28" (hour, night) or "Wed 14:00" (week). `zone` undefined = the viewer's. */
export function bucketLabel(iso: string, window: MetricsWindow, zone?: string): string {
  const ms = Date.parse(iso);
  if (window === 'week') return fmt({ weekday: 'short', hour: '2-digit', minute: '2-digit' }, zone).format(ms);
  return fmt({ hour: '2-digit', minute: '2-digit' }, zone).format(ms);
}

export const CLASS_LABELS: Record<StatusClass, string> = {
  valid: '2xx valid',
  invalid: '2xx not valid',
  clientError: '4xx refused',
  serverError: '5xx failed',
  noAnswer: 'no answer',
};

export const CLASS_COLORS: Record<StatusClass, string> = {
  valid: '--green',
  invalid: '--amber',
  clientError: '--red',
  serverError: '--snore',
  noAnswer: '--grey',
};

export const PER_BUCKET: Record<MetricsWindow, string> = { hour: 'per minute', night: 'per 10 minutes', week: 'per hour' };
export const WINDOW_LABELS: Record<MetricsWindow, string> = { hour: 'Last hour', night: 'Night (12 h)', week: 'Week' };
