// ISO 8601 instants that keep the offset they were written with, so that a computed `sleep_time`
// reads like the server's ("2025-01-15T03:05:29+00:00") and not like a UTC conversion.
import { parseIsoDateTime } from '../asleep/iso-time';

export interface Instant {
  /** Milliseconds since the Unix epoch. */
  ms: number;
  /** Offset east of UTC in minutes. */
  offsetMinutes: number;
  /** True when the source wrote `Z` (kept as `Z` on output). */
  zulu: boolean;
}

const OFFSET_AT_END = /(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$/;

/** Parses a strict ISO 8601 date-time with an offset (see `parseIsoDateTime`); null otherwise. */
export function parseInstant(value: unknown): Instant | null {
  const ms = parseIsoDateTime(value);
  if (ms === null || typeof value !== 'string') return null;
  const m = OFFSET_AT_END.exec(value);
  if (!m) return null;
  const [, z, sign, hh, mm] = m;
  if (z !== undefined) return { ms, offsetMinutes: 0, zulu: true };
  const minutes = Number(hh) * 60 + (mm === undefined ? 0 : Number(mm));
  return { ms, offsetMinutes: sign === '-' ? -minutes : minutes, zulu: false };
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** `YYYY-MM-DDTHH:MM:SS[.sss]±HH:MM` (or `Z`) for `ms`, written in the offset of `like`. */
export function formatInstant(ms: number, like: Pick<Instant, 'offsetMinutes' | 'zulu'>): string {
  const shifted = new Date(ms + like.offsetMinutes * 60_000).toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const fraction = shifted.slice(19, 23);
  const body = shifted.slice(0, 19) + (fraction === '.000' ? '' : fraction);
  if (like.zulu) return `${body}Z`;
  const abs = Math.abs(like.offsetMinutes);
  const sign = like.offsetMinutes < 0 ? '-' : '+';
  return `${body}${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

/** Same instant (offsets may differ); false when either is not a strict ISO date-time. */
export function sameInstant(a: unknown, b: unknown): boolean {
  const x = parseIsoDateTime(a);
  const y = parseIsoDateTime(b);
  return x !== null && y !== null && x === y;
}
