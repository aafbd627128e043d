// The three windows and their buckets. Chosen so each chart has 60-170 bars, readable at a glance:
//   hour  = the last 60 minutes in 1-minute buckets   (60 bars: "captures per minute")
//   night = the last 12 hours in 10-minute buckets    (72 bars: a whole night, evening to morning)
//   week  = the last 7 days in 1-hour buckets         (168 bars)
// Buckets are aligned to whole minutes / tens of minutes / hours of the viewer's clock (the UTC offset
// it sends), so bars start at 02:10 or 03:00 and not at odd times; the last bucket is the one in progress.
import type { MetricsWindow } from './types';

export const WINDOW_SPECS: Record<MetricsWindow, { bucketMinutes: number; buckets: number; label: string }> = {
  hour: { bucketMinutes: 1, buckets: 60, label: 'last hour' },
  night: { bucketMinutes: 10, buckets: 72, label: 'last 12 hours' },
  week: { bucketMinutes: 60, buckets: 168, label: 'last 7 days' },
};

export interface WindowRange {
  /** Start of the first bucket (ms since the epoch). */
  fromMs: number;
  /** End of the last bucket (the one in progress): after `now`. */
  endMs: number;
  bucketMs: number;
  buckets: number;
}

/** `offsetMinutes`: the viewer's UTC offset (east positive, e.g. 540 in Seoul, -300 in New York). */
export function windowRange(window: MetricsWindow, nowMs: number, offsetMinutes = 0): WindowRange {
  const { bucketMinutes, buckets } = WINDOW_SPECS[window];
  const bucketMs = bucketMinutes * 60_000;
  const offsetMs = offsetMinutes * 60_000;
  const endMs = Math.floor((nowMs + offsetMs) / bucketMs) * bucketMs + bucketMs - offsetMs;
  return { fromMs: endMs - buckets * bucketMs, endMs, bucketMs, buckets };
}
