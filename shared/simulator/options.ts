// Parsing of the simulator's option values (shared by the command line and any other front end).
import { FAULT_KINDS, type FaultKind } from './faults';

/** How fast to replay Asleep's schedule: a factor (1 = real time, 60 = an hour per minute) or no waiting. */
export type Speed = number | 'max';

/** `realtime`, `max`, `x60` (any `x<factor>`), or a bare factor. Null when not understood. */
export function parseSpeed(text: string): Speed | null {
  const t = text.trim().toLowerCase();
  if (t === 'max') return 'max';
  if (t === 'realtime' || t === 'real-time' || t === 'real') return 1;
  const m = /^x?(\d+(?:\.\d+)?)$/.exec(t);
  if (!m) return null;
  const factor = Number(m[1]);
  return Number.isFinite(factor) && factor > 0 ? factor : null;
}

export function describeSpeed(speed: Speed): string {
  if (speed === 'max') return 'max (no waiting)';
  if (speed === 1) return 'real time';
  return `x${speed}`;
}

/** `dup,conflict` → the kinds; `all` → every kind; `none` or '' → none. Throws with a clear message. */
export function parseFaults(text: string): FaultKind[] {
  const parts = text
    .split(',')
    .map((p) => p.trim().toLowerCase())
    .filter((p) => p !== '');
  if (parts.length === 0 || (parts.length === 1 && parts[0] === 'none')) return [];
  if (parts.length === 1 && parts[0] === 'all') return [...FAULT_KINDS];
  const known: readonly string[] = FAULT_KINDS;
  const unknown = parts.filter((p) => !known.includes(p));
  if (unknown.length > 0) {
    throw new Error(`unknown fault${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')} (known: ${FAULT_KINDS.join(', ')}, or all / none)`);
  }
  return FAULT_KINDS.filter((k) => parts.includes(k));
}
