import type { CommandResult, ParsedArgs } from '../../../shared/contract';
import { fail, ok, type Result } from '../../../shared/result';
import type { RetentionStatus, SettingsView } from '../../../shared/settings';
import type { Settings, SettingsStore } from './settings';

/** What the settings service needs from the running listener (the core owns it). */
export interface ListenerControl {
  state(): { port: number; listening: boolean; error: string | null; webhookUrl: string };
  /** Bind `port` while the current one keeps serving; throws (with an errno `code`) if it cannot. */
  prepareMove(port: number): Promise<{ port: number; commit(): void; abort(): Promise<void> }>;
}

export interface SettingsServiceDeps {
  dataDir: () => string;
  readOnly: boolean;
  listener: ListenerControl;
  retention: () => RetentionStatus;
  /** `--port N` for this run (undefined: the stored port is used). */
  portFromCommandLine: number | undefined;
  /** Something the status shows changed (webhook URL, stale threshold). */
  changed: (what: { listener: boolean; stale: boolean; retention: boolean }) => void;
}

/**
 * The Settings page's two commands. A port change moves the listener without dropping a request
 * (see WebhookListener.prepareMove) and is saved only if the new port could be bound; a path change
 * applies to the next request. `--port` holds for the run until a port is applied here.
 */
export class SettingsService {
  private portOverride: number | undefined;

  constructor(
    private readonly settings: SettingsStore,
    private readonly deps: SettingsServiceDeps,
  ) {
    this.portOverride = deps.portFromCommandLine;
  }

  /** The port to listen on at start-up. */
  get startPort(): number {
    return this.portOverride ?? this.settings.current.port;
  }

  view(): SettingsView {
    const s = this.settings.current;
    return {
      port: s.port,
      path: s.path,
      staleAfterMinutes: s.staleAfterMinutes,
      retentionDays: s.retentionDays,
      desktop: s.desktop,
      listener: { ...this.deps.listener.state(), portFromCommandLine: this.portOverride ?? null },
      dataDir: this.deps.dataDir(),
      readOnly: this.deps.readOnly,
      retention: this.deps.retention(),
    };
  }

  async update(patch: ParsedArgs<'updateSettings'>): Promise<Result<CommandResult<'updateSettings'>>> {
    if (this.deps.readOnly) return fail('READ_ONLY', 'This folder is open read-only for review: settings cannot be changed.');
    const before = this.settings.current;
    const live = this.deps.listener.state();
    const move = patch.port !== undefined && (patch.port !== live.port || !live.listening) ? patch.port : null;
    let prepared: Awaited<ReturnType<ListenerControl['prepareMove']>> | null = null;
    if (move !== null) {
      try {
        prepared = await this.deps.listener.prepareMove(move);
      } catch (err) {
        return listenFailure(move, err, live.listening ? live.port : null);
      }
    }
    const next: Partial<Settings> = {
      ...(patch.port !== undefined ? { port: patch.port } : {}),
      ...(patch.path !== undefined ? { path: patch.path } : {}),
      ...(patch.staleAfterMinutes !== undefined ? { staleAfterMinutes: patch.staleAfterMinutes } : {}),
      ...(patch.retentionDays !== undefined ? { retentionDays: patch.retentionDays } : {}),
      ...(patch.desktop !== undefined
        ? {
            desktop: {
              startMinimized: patch.desktop.startMinimized ?? before.desktop.startMinimized,
              notifications: { ...before.desktop.notifications, ...patch.desktop.notifications },
            },
          }
        : {}),
    };
    try {
      await this.settings.update(next);
    } catch (err) {
      await prepared?.abort();
      return fail('STORAGE_FAILED', `The settings could not be saved (${err instanceof Error ? err.message : String(err)}); nothing was changed. Check that the data folder is writable and has room.`);
    }
    prepared?.commit();
    // The user chose a port: from now on this run uses it, whatever --port said.
    if (patch.port !== undefined) this.portOverride = undefined;
    this.deps.changed({
      listener: prepared !== null || (patch.path !== undefined && patch.path !== before.path),
      stale: patch.staleAfterMinutes !== undefined && patch.staleAfterMinutes !== before.staleAfterMinutes,
      retention: patch.retentionDays !== undefined && patch.retentionDays !== before.retentionDays,
    });
    return ok(this.view());
  }
}

function listenFailure(port: number, err: unknown, keptPort: number | null): ReturnType<typeof fail> {
  const code = (err as NodeJS.ErrnoException).code;
  const kept = keptPort !== null ? ` The listener stays on port ${keptPort}; nothing was changed.` : ' Nothing was changed.';
  if (code === 'EADDRINUSE') return fail('PORT_IN_USE', `Port ${port} is already in use by another program.${kept} Choose another port, or stop the program using it.`);
  if (code === 'EACCES') return fail('LISTEN_FAILED', `This system does not allow listening on port ${port} without administrator rights.${kept} Choose a port above 1023.`);
  return fail('LISTEN_FAILED', `Could not listen on 127.0.0.1:${port} (${err instanceof Error ? err.message : String(err)}).${kept}`);
}
