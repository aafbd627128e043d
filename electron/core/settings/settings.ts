import { join } from 'node:path';
import { chmod } from 'node:fs/promises';
import { Low } from 'lowdb';
import { z } from 'zod';
import type { CorruptFileReport } from '../../../shared/contract';
import { DEFAULT_PATH, DEFAULT_PORT, editableSettingsShape } from '../../../shared/settings';
import { generateApiKey } from '../listener/api-key';
import { DEFAULT_TUNNEL_HOST } from '../tunnel/tunnel-supervisor';
import { CorruptFileError, DurableJSONFile } from '../store/durable-json-file';
import { moveAside, reportInPlace } from '../store/move-aside';

export { DEFAULT_PATH, DEFAULT_PORT };
export const DEFAULT_UI_PORT = 4849;

const settingsSchema = z.object({
  apiKey: z.string().min(8).max(200),
  // port, path, staleAfterMinutes, retentionDays, desktop: shared with the Settings page (shared/settings.ts)
  ...editableSettingsShape,
  tunnel: z
    .object({
      enabled: z.boolean().default(false),
      host: z.string().default(DEFAULT_TUNNEL_HOST),
      subdomain: z.string().nullable().default(null),
      history: z.array(z.object({ url: z.string(), from: z.string(), to: z.string().nullable() })).default([]),
    })
    .default({ enabled: false, host: DEFAULT_TUNNEL_HOST, subdomain: null, history: [] }),
  forwarding: z
    .object({ enabled: z.boolean().default(false), url: z.string().nullable().default(null) })
    .default({ enabled: false, url: null }),
  answerMode: z
    .object({ status: z.number().int().min(200).max(599).nullable().default(null), delayMs: z.number().int().min(0).max(30_000).default(0) })
    .default({ status: null, delayMs: 0 }),
});
export type Settings = z.infer<typeof settingsSchema>;

/**
 * Per-data-folder settings. The file holds the API key, so it is readable by the user only.
 * A file that does not parse or fails validation is moved aside and defaults are used.
 */
export class SettingsStore {
  private db!: Low<Settings>;
  private readOnly = false;
  readonly reports: CorruptFileReport[] = [];

  constructor(private readonly dir: string) {}

  /** `readOnly`: read what is there, write nothing (a corrupt file is reported, not moved). */
  async open(readOnly = false): Promise<Settings> {
    this.readOnly = readOnly;
    const file = join(this.dir, 'settings.json');
    const fresh: Settings = settingsSchema.parse({ apiKey: generateApiKey() });
    this.db = new Low<Settings>(new DurableJSONFile(file, { mode: 0o600, pretty: true }), fresh);
    let stored: unknown = null;
    try {
      await this.db.read();
      stored = this.db.data;
    } catch (err) {
      if (!(err instanceof CorruptFileError)) throw err;
      this.reports.push(readOnly ? reportInPlace(file, `${err.message}; defaults used`) : await moveAside(file, `${err.message}; a new API key was generated`));
    }
    const parsed = settingsSchema.safeParse(stored ?? fresh);
    if (!parsed.success && stored) {
      const reason = `settings.json failed validation (${parsed.error.issues[0]?.message}); defaults used`;
      this.reports.push(readOnly ? reportInPlace(file, reason) : await moveAside(file, reason));
    }
    this.db.data = parsed.success ? parsed.data : fresh;
    if (!readOnly) {
      await this.db.write();
      await chmod(file, 0o600).catch(() => undefined);
    }
    return this.db.data;
  }

  get current(): Settings {
    return this.db.data;
  }

  async update(patch: Partial<Settings>): Promise<Settings> {
    if (this.readOnly) throw new Error('This folder is open read-only for review.');
    this.db.data = settingsSchema.parse({ ...this.db.data, ...patch });
    await this.db.write();
    return this.db.data;
  }
}
