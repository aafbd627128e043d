// Time formatting in a given IANA zone (the session's), falling back to the machine's local zone.
// Formatters are cached: Intl.DateTimeFormat is expensive to build and these run per row / per tick.
import { zoneOffsetMinutes } from '../../../shared/export/zoned-time';

const cache = new Map<string, Intl.DateTimeFormat>();
const validZones = new Map<string, boolean>();

/** The zone to use: the given one when the runtime knows it, else undefined (= local). */
export function usableZone(zone: string | null | undefined): string | undefined {
  if (!zone) return undefined;
  let ok = validZones.get(zone);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en-GB', { timeZone: zone });
      ok = true;
    } catch {
      ok = false;
    }
    validZones.set(zone, ok);
  }
  return ok ? zone : undefined;
}

type Style = 'clock' | 'clockSeconds' | 'clockMillis' | 'dateTime' | 'dateTimeSeconds' | 'date';

const STYLES: Record<Style, Intl.DateTimeFormatOptions> = {
  clock: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  clockSeconds: { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' },
  clockMillis: { hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3, hourCycle: 'h23' },
  dateTime: { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  dateTimeSeconds: {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  },
  date: { year: 'numeric', month: 'short', day: 'numeric', weekday: 'short' },
};

function formatter(style: Style, zone: string | null | undefined): Intl.DateTimeFormat {
  const tz = usableZone(zone);
  const key = `${style}|${tz ?? ''}`;
  let f = cache.get(key);
  if (!f) {
    // sv-SE gives ISO-like "2025-01-15 02:50:29"; en-GB would put the day first.
    f = new Intl.DateTimeFormat(style === 'date' ? 'en-GB' : 'sv-SE', { ...STYLES[style], timeZone: tz });
    cache.set(key, f);
  }
  return f;
}

export function toMs(t: string | number | Date | null | undefined): number | null {
  if (t === null || t === undefined) return null;
  const ms = typeof t === 'number' ? t : typeof t === 'string' ? Date.parse(t) : t.getTime();
  return Number.isFinite(ms) ? ms : null;
}

export function formatTime(t: string | number | Date | null | undefined, style: Style, zone?: string | null): string {
  const ms = toMs(t);
  if (ms === null) return '—';
  const text = formatter(style, zone).format(ms);
  // sv-SE writes a decimal comma before the milliseconds.
  return style === 'clockMillis' ? text.replace(',', '.') : text;
}

/** "Asia/Seoul" or "local time (Europe/Paris)". */
export function zoneLabel(zone: string | null | undefined): string {
  const tz = usableZone(zone);
  if (tz) return tz;
  const local = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return `local time (${local})`;
}

/** Offset of `zone` from UTC at instant `ms`, in milliseconds (positive east of Greenwich). */
export function zoneOffsetMs(ms: number, zone: string | null | undefined): number {
  const tz = usableZone(zone);
  const minutes = tz ? zoneOffsetMinutes(ms, tz) : null;
  return minutes === null ? -new Date(ms).getTimezoneOffset() * 60_000 : minutes * 60_000;
}

/** "just now", "42 s ago", "12 min ago", "3 h 05 min ago", "2 d ago". */
export function formatAgo(t: string | number | null | undefined, now: number): string {
  const ms = toMs(t);
  if (ms === null) return '—';
  const s = Math.round((now - ms) / 1000);
  // A little in the future is only our clock tick lagging behind a fresh event.
  if (s < -120) return 'in the future';
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${String(m % 60).padStart(2, '0')} min ago`;
  return `${Math.floor(h / 24)} d ago`;
}

/** Whole minutes elapsed since `t` (0 when unknown or in the future). */
export function minutesSince(t: string | number | null | undefined, now: number): number {
  const ms = toMs(t);
  if (ms === null) return 0;
  return Math.max(0, Math.floor((now - ms) / 60_000));
}
