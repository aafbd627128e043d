// The one place where every command and every push event between the UI and the core is declared.
// Both shells (Electron IPC, headless HTTP + SSE) bind exactly this; the renderer gets one typed `api`.
import { z } from 'zod';
import type { CaptureDetail, CaptureSummary } from './capture';
import type { ExportFile } from './export';
import type { NightRow } from './export/night-rows';
import { MAX_EXPORT_CHARS } from './export/session-export-schema';
import type { Result } from './result';
import type { SessionDetail, SessionSummary } from './session';

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
}

export const captureQuerySchema = z.object({
  limit: z.number().int().min(1).max(10_000).default(200),
  /** Only captures with seq below this (for paging back). */
  beforeSeq: z.number().int().positive().optional(),
  event: z.string().min(1).max(100).optional(),
  valid: z.boolean().optional(),
  /** `userId/sessionId`, or a bare session id. */
  session: z.string().min(1).max(400).optional(),
});
export type CaptureQuery = z.infer<typeof captureQuerySchema>;

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

function command<A extends z.ZodType, R>(args: A) {
  return { args, result: undefined as unknown as R };
}

export const commands = {
  getStatus: command<z.ZodObject<{}>, ConsoleStatus>(z.object({})),
  listCaptures: command<typeof captureQuerySchema, { items: CaptureSummary[] }>(captureQuerySchema),
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
}
export type EventName = keyof EventPayloads;
export const EVENT_NAMES: EventName[] = ['captureAdded', 'sessionUpdated', 'statusChanged', 'tunnelUrlChanged', 'openedExport'];

/** The object the renderer talks to; it cannot tell which shell is behind it. */
export interface ConsoleApi {
  call<N extends CommandName>(name: N, args: CommandArgs<N>): Promise<Result<CommandResult<N>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
}

/** What a shell implements: one handler per command, taking already-validated args. */
export type CommandHandlers = {
  [N in CommandName]: (args: ParsedArgs<N>) => Promise<Result<CommandResult<N>>>;
};
