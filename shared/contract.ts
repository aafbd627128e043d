// The one place where every command and every push event between the UI and the core is declared.
// Both shells (Electron IPC, headless HTTP + SSE) bind exactly this; the renderer gets one typed `api`.
import { z } from 'zod';
import type { CaptureDetail, CaptureSummary } from './capture';
import type { ExportFile } from './export';
import type { NightRow } from './export/night-rows';
import { MAX_EXPORT_CHARS } from './export/session-export-schema';
import type { Result } from './result';
import type { Layout, Normalized } from './asleep/model';
import type { Duplicate } from './capture';
import { FAULT_KINDS } from './simulator/faults';
import { SIM_LAYOUTS } from './simulator/traffic';
import type { SessionDetail, SessionSummary } from './session';
import { previewPruneArgsSchema, pruneArgsSchema, settingsPatchSchema, type DataUsage, type PrunePreview, type PruneReport, type SettingsView } from './settings';
import { METRICS_WINDOWS, type WebhookMetrics } from './metrics/types';

export const TUNNEL_STATES = ['off', 'connecting', 'online', 'degraded', 'offline'] as const;
export type TunnelState = (typeof TUNNEL_STATES)[number];

export interface TunnelStatus {
  state: TunnelState;
  /** Base URL of the tunnel (the webhook is this plus the listener's path). */
  publicUrl: string | null;
  since: string | null;
  reason: string | null;
  /** While offline: when the next registration attempt is due. */
  nextRetryAt: string | null;
  enabled: boolean;
  /** The localtunnel server (a self-hosted one works the same way). */
  host: string;
  /** The subdomain asked for, kept across restarts so the URL stays the same. */
  subdomain: string | null;
}

/** Every public URL the tunnel has had, and how many captures came through each. */
export interface TunnelUrlRecord {
  url: string;
  from: string;
  to: string | null;
  captures: number;
}

export interface CorruptFileReport {
  file: string;
  movedTo: string;
  at: string;
  reason: string;
}

export interface StorageStatus {
  dataDir: string;
  ok: boolean;
  /** Why the last write failed; the listener answers 503 while this is set. */
  error: string | null;
  readOnly: boolean;
  corruptFiles: CorruptFileReport[];
  captureCount: number;
  rejectedCount: number;
}

export interface ConsoleStatus {
  /** Snapshots are numbered as they are taken: a higher number is newer (events and replies can cross). */
  revision: number;
  shell: 'desktop' | 'headless';
  webhookUrl: string;
  listening: boolean;
  listenError: string | null;
  port: number;
  path: string;
  apiKey: string;
  staleAfterMinutes: number;
  tunnel: TunnelStatus;
  tunnelHistory: TunnelUrlRecord[];
  storage: StorageStatus;
  /** Forwarding to the user's backend (absent in read-only review). */
  forwarding?: ForwardingState;
  /** Answer mode: the listener answers a chosen status and/or late (testing a sender's retries). */
  answerMode?: AnswerMode;
}

export const captureQuerySchema = z.object({
  limit: z.number().int().min(1).max(10_000).default(200),
  /** Only captures with seq below this (for paging back). */
  beforeSeq: z.number().int().positive().optional(),
  event: z.string().min(1).max(100).optional(),
  valid: z.boolean().optional(),
  /** `userId/sessionId`, or a bare session id. */
  session: z.string().min(1).max(400).optional(),
  // inspector: filters, search, exports
  /** Exact HTTP status (`401`) or a class (`2xx`, `4xx`, `5xx`). */
  status: z.string().regex(/^(?:[1-5]xx|[1-5]\d\d)$/, 'a status like 401 or a class like 4xx').optional(),
  layout: z.string().min(1).max(50).optional(),
  version: z.string().min(1).max(50).optional(),
  duplicate: z.enum(['no', 'same', 'conflict']).optional(),
  /** Participant (user id). */
  user: z.string().min(1).max(200).optional(),
  /** Received at or after / at or before (ISO time). */
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** Case-insensitive substring over bodies and header values (scanned within a time budget). */
  q: z.string().min(1).max(200).optional(),
});
export type CaptureQuery = z.infer<typeof captureQuerySchema>;

// inspector: filters, search, exports
/** `partial`: a body search (`q`) ran out of its time budget; older captures were not all searched. */
export interface CaptureList {
  items: CaptureSummary[];
  partial?: boolean;
}
export const EXPORT_CAPTURES_MAX = 5_000;
const exportCapturesArgs = z.object({
  query: captureQuerySchema.omit({ limit: true }).extend({ limit: z.number().int().min(1).max(EXPORT_CAPTURES_MAX).default(1_000) }),
  format: z.enum(['ndjson', 'har']),
});

export interface SampleSendResult {
  name: string;
  status: number | null;
  captureId: string | null;
  error: string | null;
}

const sessionRef = z.object({ userId: z.string().min(1).max(200), sessionId: z.string().min(1).max(200) });

// history and export: argument shapes
const participantRef = z.object({ userId: z.string().min(1).max(200) });
const exportSessionArgs = sessionRef.extend({ format: z.enum(['json', 'csv']) });
const openExportArgs = z.object({ content: z.string().min(1).max(MAX_EXPORT_CHARS) });

// tunnel
const tunnelArgs = z.object({
  enabled: z.boolean().optional(),
  host: z.url({ protocol: /^https?$/, error: 'the tunnel server must be an http(s) URL' }).max(300).optional(),
  subdomain: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9-]{2,61}[a-z0-9])$/, 'a subdomain is 4 to 63 lowercase letters, digits or dashes')
    .nullable()
    .optional(),
});

// re-send, replay and simulator
/** The answer a target gave to one re-sent capture, kept with the original capture. */
export interface ResendResult {
  /** The original capture. */
  captureId: string;
  at: string;
  url: string;
  /** Sent with an edited body or headers (not the original bytes). */
  edited: boolean;
  /** HTTP status, or null when no answer came. */
  status: number | null;
  headers: Record<string, string>;
  /** The answer body, at most 64 KiB. */
  body: string;
  bodyTruncated: boolean;
  ms: number;
  error: string | null;
  /** When the target is a console: the capture id it answered with. */
  newCaptureId: string | null;
}
/** One accepted capture of a session, for replaying the night capture by capture. */
export interface ReplayCapture {
  id: string;
  seq: number;
  receivedAt: string;
  event: string | null;
  layout: Layout | null;
  version: string | null;
  valid: boolean;
  duplicate: Duplicate;
  duplicateOf: string | null;
  warnings: number;
  normalized: Normalized | null;
}
export interface SimulationProgress {
  runId: string;
  url: string;
  total: number;
  sent: number;
  ok: number;
  clientErrors: number;
  serverErrors: number;
  unreachable: number;
  done: boolean;
  /** Why the run ended early (stopped by the user, target unreachable), null when it ran to the end. */
  stopReason: string | null;
}
const resendArgs = z
  .object({
    captureIds: z.array(z.string().min(1).max(100)).max(5_000).optional(),
    session: sessionRef.optional(),
    /** Default: the console's own webhook URL. */
    url: z.url({ protocol: /^https?$/, error: 'the target must be an http(s) URL' }).max(2_000).optional(),
    spacing: z.enum(['none', 'original']).default('none'),
    /** Divides the original spacing (1 = as it came, 100 = a hundred times faster). */
    speed: z.number().positive().max(1_000_000).default(1),
    /** Only with exactly one capture: send this instead of the stored bytes and headers. */
    edit: z.object({ body: z.string().max(16 * 1024 * 1024), headers: z.record(z.string().min(1).max(200), z.string().max(8_000)) }).optional(),
  })
  .refine((a) => (a.captureIds?.length ?? 0) > 0 || a.session !== undefined, { error: 'name captures or a session to re-send' })
  .refine((a) => a.edit === undefined || (a.captureIds?.length === 1 && a.session === undefined), { error: 'an edited re-send is for exactly one capture' });
const simulationArgs = z.object({
  participants: z.number().int().min(1).max(100).default(1),
  nights: z.number().int().min(1).max(31).default(1),
  /** ISO 8601 with an offset; default: now (real time / xN), or so that the night just ended (max). */
  start: z.string().min(1).max(60).optional(),
  hours: z.number().min(0.1).max(24).default(8),
  speed: z.union([z.literal('max'), z.number().positive().max(100_000)]).default('max'),
  layout: z.enum(SIM_LAYOUTS).default('v3'),
  plan: z.union([z.literal(5), z.literal(20), z.literal(40)]).default(5),
  stages: z.union([z.literal(2), z.literal(4)]).default(4),
  breathing: z.boolean().default(false),
  faults: z.array(z.enum(FAULT_KINDS)).max(FAULT_KINDS.length).default([]),
  seed: z.number().int().min(0).max(0xffffffff).optional(),
  /** Default: the console's own webhook URL. */
  url: z.url({ protocol: /^https?$/, error: 'the target must be an http(s) URL' }).max(2_000).optional(),
  /** Default: the console's own key; null sends none. */
  apiKey: z.string().min(1).max(200).regex(/^[^\r\n]+$/).nullable().optional(),
});
const runRef = z.object({ runId: z.string().min(1).max(100) });
const resendOf = z.object({ captureId: z.string().min(1).max(100) });

// forwarding and answer mode: types and argument shapes
export interface AnswerMode {
  /** The status answered instead of 200 (null = normal answers). */
  status: number | null;
  /** Extra wait before answering, after the capture is stored. */
  delayMs: number;
}
export const MAX_ANSWER_DELAY_MS = 30_000;
export type ForwardingOutcome = 'delivered' | 'retry' | 'dead' | 'interrupted';
export interface ForwardingAttempt {
  captureId: string;
  /** 1-based, counted since the capture was (re)queued. */
  n: number;
  at: string;
  ms: number | null;
  /** The backend's HTTP status, or null when no answer came (network error, timeout). */
  status: number | null;
  error: string | null;
  /** The backend's answer body, capped. */
  body: string | null;
  headers: Record<string, string>;
  outcome: ForwardingOutcome;
}
export interface DeadLetter {
  captureId: string;
  attempts: number;
  lastError: string | null;
  at: string;
}
export interface ForwardingState {
  enabled: boolean;
  url: string | null;
  queueLength: number;
  /** The capture being sent right now. */
  inFlight: string | null;
  /** When the head of the queue is tried next (during back-off). */
  nextAttemptAt: string | null;
  lastError: { captureId: string; message: string; at: string } | null;
  delivered: number;
  dead: DeadLetter[];
}
const forwardingArgs = z.object({
  enabled: z.boolean().optional(),
  url: z.url({ protocol: /^https?$/, error: 'the backend must be an http(s) URL' }).max(2000).nullable().optional(),
});
const answerModeArgs = z.object({
  status: z.number().int().min(200).max(599).nullable().optional(),
  delayMs: z.number().int().min(0).max(MAX_ANSWER_DELAY_MS).optional(),
});
const deadRef = z.object({ captureId: z.string().min(1).max(100).optional() });
const captureRef = z.object({ captureId: z.string().min(1).max(100) });

// settings and data: logs folder, moving the data folder
export const DATA_MOVE_PHASES = ['checking', 'copying', 'verifying', 'switching', 'done', 'failed'] as const;
export type DataMovePhase = (typeof DATA_MOVE_PHASES)[number];
/** Pushed while the data folder moves (at most ~10 a second, and at every phase change). */
export interface DataMoveProgress {
  phase: DataMovePhase;
  from: string;
  to: string;
  files: number;
  filesTotal: number;
  bytes: number;
  bytesTotal: number;
  /** Set when phase is 'failed': what went wrong and what to do; the old folder is still in use. */
  error?: string;
  /** Set when phase is 'done': what the next start needs (see DataMoveResult). */
  nextStart?: string;
}
export interface DataMoveResult {
  from: string;
  to: string;
  files: number;
  bytes: number;
  /** The pointer file that makes the next start (without --data) open the new folder, if it was written. */
  pointerFile: string | null;
  /** What the next start needs, in plain words (e.g. "start with --data <to>"). */
  nextStart: string;
}
/** Absolute on POSIX (`/…`) or Windows (`C:\…`, `\\server\share`); checked without Node's path module. */
const absolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => /^(?:\/|[A-Za-z]:[\\/]|\\\\)/.test(p), { error: 'give an absolute folder path' })
  .refine((p) => !p.includes('\0'), { error: 'the path contains a NUL character' });
const moveDataArgs = z.object({ to: absolutePath });

// webhook metrics and JSON Schema export
const metricsArgs = z.object({
  window: z.enum(METRICS_WINDOWS).default('night'),
  /** The viewer's UTC offset in minutes (east positive): buckets start on their clock's whole minutes and hours. */
  offsetMinutes: z.number().int().min(-14 * 60).max(14 * 60).default(0),
});

function command<A extends z.ZodType, R>(args: A) {
  return { args, result: undefined as unknown as R };
}

export const commands = {
  getStatus: command<z.ZodObject<{}>, ConsoleStatus>(z.object({})),
  listCaptures: command<typeof captureQuerySchema, CaptureList>(captureQuerySchema),
  getCapture: command<z.ZodObject<{ id: z.ZodString }>, CaptureDetail>(z.object({ id: z.string().min(1).max(100) })),
  listSessions: command<z.ZodObject<{}>, { items: SessionSummary[] }>(z.object({})),
  getSession: command<typeof sessionRef, SessionDetail>(sessionRef),
  sendSamples: command<z.ZodObject<{}>, { results: SampleSendResult[] }>(z.object({})),
  setApiKey: command<z.ZodObject<{ apiKey: z.ZodOptional<z.ZodString> }>, ConsoleStatus>(
    // Omit apiKey to generate a new random one.
    z.object({ apiKey: z.string().min(8).max(200).regex(/^[\x21-\x7e]+$/, 'printable ASCII, no spaces').optional() }),
  ),
  // tunnel: turn it on or off, choose the server and the subdomain (all kept in the data folder's settings)
  configureTunnel: command<typeof tunnelArgs, ConsoleStatus>(tunnelArgs),
  // report: the desktop shell saves the open report as a PDF (a browser prints it instead)
  saveReportPdf: command<typeof sessionRef, { path: string | null; cancelled: boolean }>(sessionRef),
  // history and export: a participant's nights (computed stats), files to save, an exported file opened offline
  listNights: command<typeof participantRef, { items: NightRow[] }>(participantRef),
  exportSession: command<typeof exportSessionArgs, ExportFile>(exportSessionArgs),
  exportNights: command<typeof participantRef, ExportFile>(participantRef),
  openExport: command<typeof openExportArgs, { session: SessionDetail; exportedAt: string | null; captureCount: number }>(openExportArgs),
  // forwarding and answer mode: forward every accepted webhook to a backend (queue on disk, retries, dead letters);
  // answer a chosen status / delay to test a sender's retries
  getForwarding: command<z.ZodObject<{}>, ForwardingState>(z.object({})),
  configureForwarding: command<typeof forwardingArgs, ForwardingState>(forwardingArgs),
  retryDead: command<typeof deadRef, ForwardingState>(deadRef),
  discardDead: command<typeof deadRef, ForwardingState>(deadRef),
  forwardingAttempts: command<typeof captureRef, { items: ForwardingAttempt[] }>(captureRef),
  setAnswerMode: command<typeof answerModeArgs, ConsoleStatus>(answerModeArgs),
  // re-send, replay and simulator
  resend: command<typeof resendArgs, { results: ResendResult[] }>(resendArgs),
  resendResults: command<typeof resendOf, { items: ResendResult[] }>(resendOf),
  sessionCaptures: command<typeof sessionRef, { items: ReplayCapture[] }>(sessionRef),
  startSimulation: command<typeof simulationArgs, SimulationProgress>(simulationArgs),
  stopSimulation: command<typeof runRef, SimulationProgress>(runRef),
  // inspector: filters, search, exports
  exportCaptures: command<typeof exportCapturesArgs, ExportFile>(exportCapturesArgs),
  // webhook metrics and JSON Schema export: the dashboard's figures; every accepted layout as JSON Schema (one combined file)
  getMetrics: command<typeof metricsArgs, WebhookMetrics>(metricsArgs),
  exportSchemas: command<z.ZodObject<{}>, ExportFile>(z.object({})),
  // settings and data: the logs folder (the desktop opens it; a browser gets the path), moving the data folder
  openLogsFolder: command<z.ZodObject<{}>, { path: string; opened: boolean }>(z.object({})),
  moveDataFolder: command<typeof moveDataArgs, DataMoveResult>(moveDataArgs),
  // settings page: listener port and path, stale threshold, retention, desktop preferences (shared/settings.ts);
  // data folder size; retention prune (preview first, then prune exactly what was previewed)
  getSettings: command<z.ZodObject<{}>, SettingsView>(z.object({})),
  updateSettings: command<typeof settingsPatchSchema, SettingsView>(settingsPatchSchema),
  getDataUsage: command<z.ZodObject<{}>, DataUsage>(z.object({})),
  previewPrune: command<typeof previewPruneArgsSchema, PrunePreview>(previewPruneArgsSchema),
  pruneCaptures: command<typeof pruneArgsSchema, PruneReport>(pruneArgsSchema),
} as const;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export type CommandArgs<N extends CommandName> = z.input<Commands[N]['args']>;
export type ParsedArgs<N extends CommandName> = z.output<Commands[N]['args']>;
export type CommandResult<N extends CommandName> = Commands[N]['result'];

export const COMMAND_NAMES = Object.keys(commands) as CommandName[];
export const isCommandName = (name: string): name is CommandName => Object.hasOwn(commands, name);

/** Push events from the core to every open UI. */
export interface EventPayloads {
  captureAdded: CaptureSummary;
  sessionUpdated: SessionSummary;
  statusChanged: ConsoleStatus;
  /** The tunnel came back with a different public URL: Asleep's callback URL must be updated. */
  tunnelUrlChanged: { previous: string | null; next: string; webhookUrl: string };
  /** Desktop File > Open exported session…: the file, validated, for read-only viewing. */
  openedExport: { session: SessionDetail; exportedAt: string | null; fileName: string };
  // re-send, replay and simulator: a simulator run's counts (at most ~5 a second)
  simulationProgress: SimulationProgress;
  // settings and data: a data folder move's phase and counts
  dataMoveProgress: DataMoveProgress;
  // settings page: captures were pruned (by hand or the daily retention prune); lists should be reloaded
  dataPruned: PruneReport;
}
export type EventName = keyof EventPayloads;
export const EVENT_NAMES: EventName[] = ['captureAdded', 'sessionUpdated', 'statusChanged', 'tunnelUrlChanged', 'openedExport', 'simulationProgress', 'dataMoveProgress', 'dataPruned'];

/** The object the renderer talks to; it cannot tell which shell is behind it. */
export interface ConsoleApi {
  call<N extends CommandName>(name: N, args: CommandArgs<N>): Promise<Result<CommandResult<N>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
}

/** What a shell implements: one handler per command, taking already-validated args. */
export type CommandHandlers = {
  [N in CommandName]: (args: ParsedArgs<N>) => Promise<Result<CommandResult<N>>>;
};
