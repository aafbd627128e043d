// The settings a user edits on the Settings page, declared once: the core validates the stored file and
// every `updateSettings` patch with these schemas, and the page validates each field with the same ones
// before sending, so both sides give the same message for the same mistake.
import { z } from 'zod';

export const DEFAULT_PORT = 4848;
export const DEFAULT_PATH = '/webhook';
export const DEFAULT_STALE_MINUTES = 15;
export const MAX_STALE_MINUTES = 24 * 60;
export const MAX_RETENTION_DAYS = 3650;
/** The tunnel's self-probe lives under this prefix on the listener (see electron/core/listener). */
export const RESERVED_PATH_PREFIX = '/.console-probe';

/** A port someone can type into the page or a script can send (0, "any free port", is a command-line option only). */
export const portSchema = z
  .number({ error: 'the port must be a number' })
  .int('the port must be a whole number')
  .min(1, 'the port must be between 1 and 65535')
  .max(65535, 'the port must be between 1 and 65535');

export const webhookPathSchema = z
  .string({ error: 'the path must be text' })
  .min(1, 'the path must start with /')
  .max(200, 'the path must be at most 200 characters')
  .regex(/^\//, 'the path must start with /')
  .regex(/^\/[\w\-./]*$/, 'the path may contain only letters, digits and - _ . /')
  .refine((p) => !p.startsWith(RESERVED_PATH_PREFIX), `paths under ${RESERVED_PATH_PREFIX} are reserved for the tunnel's self-check`);

export const staleMinutesSchema = z
  .number({ error: 'the stale threshold must be a number of minutes' })
  .int('the stale threshold must be whole minutes')
  .min(1, 'the stale threshold must be at least 1 minute')
  .max(MAX_STALE_MINUTES, `the stale threshold must be at most ${MAX_STALE_MINUTES} minutes (24 hours)`);

/** Days captures are kept; null = kept forever (the default). */
export const retentionDaysSchema = z
  .number({ error: 'retention must be a number of days' })
  .int('retention must be whole days')
  .min(1, 'retention must be at least 1 day')
  .max(MAX_RETENTION_DAYS, `retention must be at most ${MAX_RETENTION_DAYS} days`)
  .nullable();

export const NOTIFICATION_KINDS = ['nightCompleted', 'participantStale', 'tunnelDown', 'urlChanged'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const notificationSettingsSchema = z.object({
  nightCompleted: z.boolean().default(true),
  participantStale: z.boolean().default(true),
  tunnelDown: z.boolean().default(true),
  urlChanged: z.boolean().default(true),
});
export const DEFAULT_NOTIFICATIONS: NotificationSettings = { nightCompleted: true, participantStale: true, tunnelDown: true, urlChanged: true };

/** Preferences of the desktop app (tray, notifications); stored with the data folder, ignored headless. */
export const desktopSettingsSchema = z.object({
  startMinimized: z.boolean().default(false),
  notifications: notificationSettingsSchema.default(() => ({ ...DEFAULT_NOTIFICATIONS })),
});
export type NotificationSettings = z.infer<typeof notificationSettingsSchema>;
export type DesktopSettings = z.infer<typeof desktopSettingsSchema>;

/**
 * The user-editable part of settings.json. `port` accepts 0 here because files written by earlier
 * versions may hold it; new values come through `settingsPatchSchema` (1–65535).
 */
export const editableSettingsShape = {
  port: z.number().int().min(0).max(65535).default(DEFAULT_PORT),
  path: webhookPathSchema.default(DEFAULT_PATH),
  // Earlier versions accepted fractions: read them as they are.
  staleAfterMinutes: z.number().min(1).max(MAX_STALE_MINUTES).default(DEFAULT_STALE_MINUTES),
  retentionDays: retentionDaysSchema.default(null),
  desktop: desktopSettingsSchema.default(() => ({ startMinimized: false, notifications: { ...DEFAULT_NOTIFICATIONS } })),
};

/** `updateSettings`: any subset; unknown fields (the API key has its own command) are refused. */
export const settingsPatchSchema = z.strictObject({
  port: portSchema.optional(),
  path: webhookPathSchema.optional(),
  staleAfterMinutes: staleMinutesSchema.optional(),
  retentionDays: retentionDaysSchema.optional(),
  desktop: z
    .strictObject({
      startMinimized: z.boolean().optional(),
      notifications: z
        .strictObject({
          nightCompleted: z.boolean().optional(),
          participantStale: z.boolean().optional(),
          tunnelDown: z.boolean().optional(),
          urlChanged: z.boolean().optional(),
        })
        .optional(),
    })
    .optional(),
});
export type SettingsPatch = z.input<typeof settingsPatchSchema>;

/** What the Settings page shows. The API key is in the status (and has its own command). */
export interface SettingsView {
  /** The stored port (used at every start unless `--port` is given). */
  port: number;
  path: string;
  staleAfterMinutes: number;
  retentionDays: number | null;
  desktop: DesktopSettings;
  listener: {
    /** The port actually listened on now. */
    port: number;
    listening: boolean;
    error: string | null;
    webhookUrl: string;
    /** `--port N` given at start: it holds for this run until a port is applied from Settings. */
    portFromCommandLine: number | null;
  };
  dataDir: string;
  readOnly: boolean;
  retention: RetentionStatus;
}

export interface RetentionStatus {
  /** The last prune in this run (manual or automatic), or null. */
  lastPrune: PruneReport | null;
  /** When the automatic prune checks next (null when retention is "never" or the folder is read-only). */
  nextCheckAt: string | null;
  /** Why the last automatic prune failed, or null. */
  lastError: string | null;
}

export interface PruneCounts {
  /** Captures (records) that go. */
  count: number;
  bytes: number;
  /** Log segment files that go. */
  files: number;
}

/** What a prune with this cut-off would remove. */
export interface PrunePreview {
  /** Captures received before this instant are pruned (in whole log files). */
  before: string;
  days: number;
  captures: PruneCounts;
  rejected: PruneCounts;
  /** Sessions (nights) whose captures are all pruned: they are removed with them. */
  sessions: number;
  /** Captures older than the cut-off that stay for now because their log file also holds newer ones. */
  olderKept: number;
}

export interface PruneReport extends PrunePreview {
  at: string;
  /** Started by the daily automatic prune rather than by a person or a script. */
  auto: boolean;
}

export const pruneArgsSchema = z.object({
  /** The `before` of a preview: exactly what was previewed (and confirmed) is pruned. */
  before: z.iso.datetime({ offset: true, error: 'before must be an ISO 8601 time, as a preview returns it' }),
});
export const previewPruneArgsSchema = z.object({ days: retentionDaysSchema.unwrap() });

export interface DataUsageEntry {
  name: string;
  bytes: number;
  kind: 'file' | 'folder';
}

/** Bytes in the data folder, computed on request (it walks the folder). */
export interface DataUsage {
  dataDir: string;
  computedAt: string;
  total: number;
  captures: number;
  rejected: number;
  sessions: number;
  other: number;
  /** Top-level entries, largest first (what "other" is made of included). */
  entries: DataUsageEntry[];
}

/** One field's message from a schema, for a form ("the port must be between 1 and 65535"). */
export function fieldError(schema: z.ZodType, value: unknown): string | null {
  const r = schema.safeParse(value);
  return r.success ? null : (r.error.issues[0]?.message ?? 'invalid value');
}

/** A retention cut-off is `now − days × DAY_MS`. */
export const DAY_MS = 24 * 60 * 60 * 1000;
