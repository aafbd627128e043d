// Display helpers for statistics (used by the UI). Pure functions, no locale APIs.

const DASH = '–';

const valid = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** Seconds → "h:mm", rounded to the nearest minute: 1260 → "0:21", 30600 → "8:30". null → "–". */
export function formatDuration(seconds: number | null | undefined): string {
  if (!valid(seconds)) return DASH;
  const minutes = Math.round(Math.abs(seconds) / 60);
  const sign = seconds < 0 && minutes > 0 ? '-' : '';
  return `${sign}${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Seconds → "HH:MM:SS" (the flat layout's `sleep_time` style): 23400 → "06:30:00". null → "–". */
export function formatHms(seconds: number | null | undefined): string {
  if (!valid(seconds)) return DASH;
  const total = Math.round(Math.abs(seconds));
  const sign = seconds < 0 && total > 0 ? '-' : '';
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${sign}${pad(Math.floor(total / 3600))}:${pad(Math.floor(total / 60) % 60)}:${pad(total % 60)}`;
}

/** 0-1 ratio → whole percent: 0.3 → "30 %", 0.855 → "86 %". null → "–". */
export function formatPercent(ratio: number | null | undefined): string {
  if (!valid(ratio)) return DASH;
  // Clean binary noise first (0.285 * 100 = 28.499999...) so a value rounds as it is written: 29 %.
  const percent = Math.round(Number((ratio * 100).toFixed(4)));
  return `${percent === 0 ? 0 : percent} %`;
}

/**
 * Name of a sleep stage code. On 2-stage plans every sleep code is "Sleep" (1 means sleep there;
 * 2 and 3 should not occur, and are sleep if they do). -1, null and unknown codes are "Unknown",
 * never "Wake".
 */
export function stageName(code: number | null | undefined, twoStage = false): 'Wake' | 'Light' | 'Deep' | 'REM' | 'Sleep' | 'Unknown' {
  switch (code) {
    case 0:
      return 'Wake';
    case 1:
      return twoStage ? 'Sleep' : 'Light';
    case 2:
      return twoStage ? 'Sleep' : 'Deep';
    case 3:
      return twoStage ? 'Sleep' : 'REM';
    default:
      return 'Unknown';
  }
}
