// Opening an exported session file offline: the text is untrusted (any file a user picks), so it is
// parsed and validated field by field before the UI sees it. Errors come back as data.
import { z } from 'zod';
import { LAYOUTS } from '../asleep/model';
import { fail, ok, type Result } from '../result';
import type { SessionDetail } from '../session';
import { MAX_EPOCHS } from '../sessions/timeline';
import { SESSION_EXPORT_FORMAT, type ExportedCapture } from './session-json';

/** Largest file the console opens (characters). */
export const MAX_EXPORT_CHARS = 64 * 1024 * 1024;

const id = z.string().min(1).max(200);
const time = z.string().max(100);
const count = z.number().int().min(0);
const track = z.array(z.number().finite().nullable()).max(MAX_EPOCHS);
const tracks = z.object({ sleep: track, snoring: track, breath: track });
const stat = z.record(z.string(), z.unknown());

export const sessionDetailSchema = z.object({
  userId: id,
  sessionId: id,
  state: z.enum(['live', 'stale', 'complete']),
  startTime: time.nullable(),
  startTimeSource: z.enum(['report', 'time_window', 'session_id', 'received']).nullable(),
  endTime: time.nullable(),
  timezone: z.string().max(100).nullable(),
  firstEventAt: time,
  lastEventAt: time,
  lastChunkAt: time.nullable(),
  // Files exported before the field existed still open.
  chunkMinutes: z.number().positive().nullable().default(null),
  epochCount: count,
  chunkCount: count,
  duplicateCount: count,
  conflictCount: count,
  layout: z.enum(LAYOUTS).nullable(),
  version: z.string().max(100).nullable(),
  peculiarities: z.array(z.string().max(200)).max(100),
  epochs: tracks,
  live: tracks,
  final: tracks.nullable(),
  serverStat: stat.nullable(),
  statUnits: z.enum(['official', 'flat']).nullable(),
  computedStat: stat.nullable(),
  discrepancies: z.array(z.object({ field: z.string(), server: z.unknown(), computed: z.unknown() })).default([]),
  missingDataRatio: z.number().nullable(),
  chunks: z
    .array(z.object({ inferenceSeqNum: z.number().int(), firstEpoch: z.number().int(), length: count, captureId: z.string(), receivedAt: time }))
    .default([]),
  conflicts: z.array(z.object({ inferenceSeqNum: z.number().int(), captureId: z.string(), originalCaptureId: z.string() })).default([]),
  completeCaptureId: z.string().nullable(),
  warnings: z.array(z.string()).default([]),
});

// Fails the build if the schema and the SessionDetail type drift apart.
const _sameShape = (d: z.output<typeof sessionDetailSchema>): SessionDetail => d;
void _sameShape;

const captureSchema = z.looseObject({ id: z.string().min(1).max(100) });

const exportSchema = z.object({
  format: z.literal(SESSION_EXPORT_FORMAT),
  exportedAt: time,
  exportedBy: z.string().max(200).optional(),
  session: sessionDetailSchema,
  captures: z.array(captureSchema).optional(),
});

export interface OpenedExport {
  session: SessionDetail;
  /** When the file was written; null for a bare session (the local API's `GET /api/sessions/:u/:s`). */
  exportedAt: string | null;
  captures: ExportedCapture[];
}

function issueText(error: z.ZodError, prefix: string): string {
  const first = error.issues[0];
  const where = first && first.path.length ? `${prefix}${first.path.join('.')}` : prefix.replace(/\.$/, '') || 'file';
  return `${where}: ${first?.message ?? 'invalid'}`;
}

/**
 * An exported session file (`format: "asleep-console-session/1"`), or a bare session detail as the
 * local API returns it, checked and returned for read-only viewing.
 */
export function parseSessionExport(text: string): Result<OpenedExport> {
  if (text.length > MAX_EXPORT_CHARS) return fail('BAD_ARGS', `This file is larger than ${MAX_EXPORT_CHARS / 1024 / 1024} MiB.`);
  let raw: unknown;
  try {
    raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    return fail('BAD_ARGS', `This file is not JSON (${err instanceof Error ? err.message : String(err)}).`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return fail('BAD_ARGS', 'This file is not an exported session: it is not a JSON object.');
  const obj = raw as Record<string, unknown>;
  if (!('format' in obj) && 'sessionId' in obj && 'epochs' in obj) {
    const bare = sessionDetailSchema.safeParse(obj);
    if (!bare.success) return fail('BAD_ARGS', `This session is not readable: ${issueText(bare.error, '')}`);
    return ok({ session: bare.data, exportedAt: null, captures: [] });
  }
  if (obj.format !== SESSION_EXPORT_FORMAT) {
    const said = typeof obj.format === 'string' ? `"${obj.format.slice(0, 60)}"` : 'none';
    return fail('BAD_ARGS', `This file is not an exported session of this console (format ${said}, expected "${SESSION_EXPORT_FORMAT}").`);
  }
  const parsed = exportSchema.safeParse(obj);
  if (!parsed.success) return fail('BAD_ARGS', `This exported session is not readable: ${issueText(parsed.error, '')}`);
  return ok({ session: parsed.data.session, exportedAt: parsed.data.exportedAt, captures: (parsed.data.captures ?? []) as unknown as ExportedCapture[] });
}
