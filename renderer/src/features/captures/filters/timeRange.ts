// The time range of the captures filter: ISO instants in the filter (and the URL), the machine's own
// time zone in the datetime-local inputs (received times are this machine's clock).

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** ISO instant -> `YYYY-MM-DDTHH:mm` (or `:ss` when the seconds matter) in the local zone, '' if unreadable. */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const base = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return d.getSeconds() !== 0 || d.getMilliseconds() !== 0 ? `${base}:${pad(d.getSeconds())}` : base;
}

/** `YYYY-MM-DDTHH:mm[:ss]` read as local time -> ISO instant (UTC), undefined when empty or not a time. */
export function fromLocalInput(value: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, ms] = m;
  const date = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0), Number((ms ?? '0').padEnd(3, '0')));
  // new Date() rolls 2025-02-31 over into March: refuse what the user did not write.
  if (date.getMonth() !== Number(mo) - 1 || date.getDate() !== Number(d)) return undefined;
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export const QUICK_RANGES = [
  { id: 'hour', short: '1 h', label: 'Last hour' },
  { id: 'night', short: 'night', label: 'Last night (since 18:00 yesterday, local time)' },
  { id: 'day', short: '24 h', label: 'Last 24 hours' },
] as const;
export type QuickRange = (typeof QUICK_RANGES)[number]['id'];

/** Start of a quick range (whole minutes, local zone); the range is open-ended (no `to`). */
export function quickRangeFrom(range: QuickRange, now: Date): string {
  if (range === 'night') {
    // "Last night" = since 18:00 yesterday, local time (an overnight study's evening set-up).
    return new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1, 18, 0, 0, 0).toISOString();
  }
  const ms = now.getTime() - (range === 'hour' ? 3_600_000 : 86_400_000);
  return new Date(Math.floor(ms / 60_000) * 60_000).toISOString();
}

/** The machine's zone, for the inputs' caption ("local time, Europe/Berlin"). */
export function localZoneName(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'local';
  } catch {
    return 'local';
  }
}
