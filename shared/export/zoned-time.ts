// Instants written in a session's IANA zone, with Intl only (no DOM, no Node): the exports and the
// participant history show clock times as the participant lived them.

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function partsFormatter(zone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      f = null;
    }
    formatters.set(zone, f);
  }
  return f;
}

/** True when the runtime knows this IANA zone. */
export function isKnownZone(zone: string | null | undefined): zone is string {
  return !!zone && partsFormatter(zone) !== null;
}

/** Offset of `zone` from UTC at `ms`, in minutes east; null for an unknown zone. */
export function zoneOffsetMinutes(ms: number, zone: string): number | null {
  const f = partsFormatter(zone);
  if (!f || !Number.isFinite(ms)) return null;
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(ms)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const asUtc = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

function body(ms: number): string {
  const iso = new Date(ms).toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const fraction = iso.slice(19, 23);
  return iso.slice(0, 19) + (fraction === '.000' ? '' : fraction);
}

/** `2025-01-15T02:50:29Z` (milliseconds only when not zero). */
export function isoUtc(ms: number): string {
  return `${body(ms)}Z`;
}

/** `2025-01-15T11:50:29+09:00`: the same instant written with a fixed offset in minutes. */
export function isoWithOffset(ms: number, offsetMinutes: number): string {
  const abs = Math.abs(offsetMinutes);
  const sign = offsetMinutes < 0 ? '-' : '+';
  return `${body(ms + offsetMinutes * 60_000)}${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

/** The instant in `zone` (`…+09:00`), or null when the zone is unknown. */
export function isoInZone(ms: number, zone: string | null | undefined): string | null {
  if (!isKnownZone(zone)) return null;
  const offset = zoneOffsetMinutes(ms, zone);
  return offset === null ? null : isoWithOffset(ms, offset);
}

/** `YYYY-MM-DD` of the instant shifted by `offsetMinutes`. */
export function dateWithOffset(ms: number, offsetMinutes: number): string {
  return new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 10);
}
