// A night as one JSON file: everything the console knows about it, in a form it can open again
// offline (see session-export-schema.ts).
import type { CaptureDetail } from '../capture';
import type { SessionDetail } from '../session';

export const SESSION_EXPORT_FORMAT = 'asleep-console-session/1';

/** A capture as exported: the request as received (x-api-key redacted), without the derived view. */
export type ExportedCapture = Omit<CaptureDetail, 'normalized'>;

export interface SessionExport {
  format: typeof SESSION_EXPORT_FORMAT;
  exportedAt: string;
  exportedBy: string;
  /**
   * The session as the console shows it: summary, current / live / final timelines, Asleep's stat,
   * the console's computed stat and the discrepancies, chunk placements, conflicts, warnings.
   */
  session: SessionDetail;
  /** The captures that made the session, oldest first (present when the exporter had them). */
  captures?: ExportedCapture[];
}

export function sessionExport(detail: SessionDetail, captures?: readonly CaptureDetail[], now: Date = new Date()): SessionExport {
  const out: SessionExport = {
    format: SESSION_EXPORT_FORMAT,
    exportedAt: now.toISOString(),
    exportedBy: 'Asleep Webhook Console',
    session: detail,
  };
  if (captures) {
    out.captures = captures.map((c) => {
      const { normalized: _n, ...rest } = c;
      return rest;
    });
  }
  return out;
}

export function sessionJson(detail: SessionDetail, captures?: readonly CaptureDetail[], now?: Date): string {
  return prettyJson(sessionExport(detail, captures, now)) + '\n';
}

/**
 * JSON indented by two spaces, except that arrays of plain values stay on one line: a night's
 * 960 epochs are one line each, not 960.
 */
export function prettyJson(value: unknown, indent = ''): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((v) => v === null || typeof v !== 'object')) return `[${value.map((v) => JSON.stringify(v) ?? 'null').join(',')}]`;
    return `[\n${value.map((v) => inner + prettyJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && typeof v !== 'function');
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${prettyJson(v, inner)}`).join(',\n')}\n${indent}}`;
}
