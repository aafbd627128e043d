import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { COMMAND_NAMES, type CommandHandlers, type CommandName, type DataMoveResult, type EventName, type EventPayloads } from '../../shared/contract';
import { fail, ok, type Result } from '../../shared/result';
import { ConsoleCore, type CoreHandover, type CoreListener, type CoreOptions } from './console-core';
import { folderFollowedByDefault, snapshotPointer, writePointer, type DataDirSource } from './data-move/data-location';
import { moveDataFolder } from './data-move/data-mover';
import { MoveRefused } from './data-move/move-checks';
import { RequestHold } from './data-move/request-hold';
import type { IngestSink } from './listener/webhook-listener';
import type { CaptureRecord } from './store/capture-journal';

export interface HostOptions extends CoreOptions {
  /**
   * The pointer a start without an explicit folder follows (see data-location.ts). A move writes it
   * only when the folder being moved is the one that such a start opens. Absent: never written.
   */
  dataPointer?: { file: string; defaultDir: string };
  /** How this run's folder was chosen, to say what the next start needs after a move. */
  startedWith?: DataDirSource;
  /** Test-only: moments inside a move (after the live copy; with the old store closed and webhooks waiting at the port). */
  moveTestHooks?: { afterLiveCopy?: () => Promise<void>; whileHeld?: () => Promise<void> };
}

/** Requests being handled when the switch begins get this long to finish on the old folder. */
const FINISH_IN_FLIGHT_MS = 2_000;

/**
 * What a shell holds instead of a ConsoleCore: the core of the current data folder, replaced in
 * place when the folder moves. `handlers` and `on` stay valid across the swap (commands wait while
 * the store is switching, event listeners carry over), and `core` always returns the live core.
 */
export class CoreHost {
  readonly handlers: CommandHandlers;
  private current: ConsoleCore;
  private unsubscribe: () => void = () => undefined;
  private readonly listeners = new Set<CoreListener>();
  /** Set while the store switches: commands wait for it, so none writes into a folder being closed. */
  private gate: Promise<void> | null = null;
  private moving: Promise<Result<DataMoveResult>> | null = null;
  private readonly abort = new AbortController();

  private constructor(
    private readonly options: HostOptions,
    core: ConsoleCore,
  ) {
    this.current = core;
    this.attach(core);
    this.handlers = this.bindHandlers();
  }

  static async open(options: HostOptions): Promise<CoreHost> {
    return new CoreHost(options, await ConsoleCore.open(options));
  }

  /** The live core (a different object after a data folder move). */
  get core(): ConsoleCore {
    return this.current;
  }

  on(listener: CoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stop: a move still copying is cancelled (nothing changes), one already switching finishes first. */
  async close(timeoutMs = 5_000): Promise<void> {
    this.abort.abort();
    await this.moving?.catch(() => undefined);
    this.unsubscribe();
    await this.current.close(timeoutMs);
    this.listeners.clear();
  }

  async moveDataFolder(to: string): Promise<Result<DataMoveResult>> {
    if (this.current.readOnly) return fail('READ_ONLY', 'A folder open for read-only review cannot be moved.');
    if (this.abort.signal.aborted) return fail('BUSY', 'The console is closing.');
    if (this.moving) return fail('BUSY', 'The data folder is already being moved; wait for that move to finish.');
    this.moving = this.runMove(to);
    try {
      return await this.moving;
    } finally {
      this.moving = null;
    }
  }

  private attach(core: ConsoleCore): void {
    this.unsubscribe();
    this.current = core;
    this.unsubscribe = core.on((event, payload) => this.emit(event, payload));
  }

  private emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    for (const l of this.listeners) {
      try {
        l(event, payload);
      } catch {
        // A broken UI connection must never break the console.
      }
    }
  }

  private bindHandlers(): CommandHandlers {
    const out: Partial<Record<CommandName, (args: unknown) => Promise<Result<unknown>>>> = {};
    for (const name of COMMAND_NAMES) {
      out[name] = async (args) => {
        while (this.gate) await this.gate;
        return (this.current.handlers[name] as (a: unknown) => Promise<Result<unknown>>)(args);
      };
    }
    out.moveDataFolder = (args) => this.moveDataFolder((args as { to: string }).to);
    return out as unknown as CommandHandlers;
  }

  private async runMove(to: string): Promise<Result<DataMoveResult>> {
    let handover: CoreHandover = { listener: null, tunnel: null };
    let hold: RequestHold | null = null;
    let openGate: () => void = () => undefined;
    let restorePointer: (() => Promise<void>) | null = null;
    let pausedAt = 0;
    const parking = new ParkingSink();
    const from = this.current.dataDir;
    try {
      const outcome = await moveDataFolder(from, to, {
        signal: this.abort.signal,
        progress: (p) => this.emit('dataMoveProgress', p),
        log: (level, event, msg, fields) => this.current.logger?.write(level, event, msg, fields),
        quiesce: async () => {
          pausedAt = performance.now();
          this.gate = new Promise((r) => (openGate = r));
          const old = this.current;
          handover = old.releaseNetwork();
          if (handover.listener) {
            hold = new RequestHold(handover.listener);
            await Promise.race([handover.listener.idle(), delay(FINISH_IN_FLIGHT_MS)]);
            // From here no request may touch the old store (its last copy is about to be taken).
            handover.listener.retarget(parking.sink);
          }
          old.logger?.info('data.move-switching', 'Switching to the new data folder: webhooks wait at the port for a moment.');
          await old.close().catch(() => undefined);
          await this.options.moveTestHooks?.whileHeld?.();
        },
        reopen: async (dir) => {
          const next = await ConsoleCore.open({ ...this.options, dataDir: dir, handover });
          this.attach(next);
          for (const record of parking.take()) handover.listener?.recordRefused(record);
          const held = hold as RequestHold | null;
          held?.release();
          this.gate = null;
          openGate();
          this.emit('statusChanged', next.status());
          const pauseMs = Math.round(performance.now() - pausedAt);
          next.logger?.info('data.switched', `Now recording in ${dir}; ingestion paused for ${pauseMs} ms and ${held?.total ?? 0} webhooks waited at the port meanwhile.`, {
            dataDir: dir,
            pauseMs,
            held: held?.total ?? 0,
          });
        },
        remember: async (dest) => {
          const p = this.options.dataPointer;
          if (!p || !sameFolder(folderFollowedByDefault(p.file, p.defaultDir), from)) return null;
          restorePointer = await snapshotPointer(p.file);
          await writePointer(p.file, dest, from);
          return p.file;
        },
        unremember: async () => {
          await (restorePointer as (() => Promise<void>) | null)?.();
        },
        nextStart: (dest, pointerFile) => nextStartText(dest, this.options.startedWith, pointerFile),
        afterLiveCopy: this.options.moveTestHooks?.afterLiveCopy,
      });
      return ok(outcome);
    } catch (err) {
      return err instanceof MoveRefused ? fail(err.code, err.message) : fail('MOVE_FAILED', err instanceof Error ? err.message : String(err));
    } finally {
      // A switch that failed even to reopen the old folder: let commands through rather than hang them.
      if (this.gate) {
        this.gate = null;
        openGate();
        (hold as RequestHold | null)?.release();
      }
    }
  }
}

/**
 * The listener's store while no core has one (between closing the old store and opening the new):
 * nothing is accepted (a request still being read when the switch began gets 503 and is retried),
 * and a request refused meanwhile is kept here, to be recorded by the next core.
 */
class ParkingSink {
  private parked: CaptureRecord[] = [];
  readonly sink: IngestSink = {
    nextSeq: () => 0,
    accept: async () => {
      throw new Error('the console is switching to its new data folder');
    },
    reject: (record) => {
      if (this.parked.length < 1_000) this.parked.push(record);
    },
    answered: () => undefined,
  };

  take(): CaptureRecord[] {
    const out = this.parked;
    this.parked = [];
    return out;
  }
}

/** What the next start needs to open the new folder, in words a user can act on. */
export function nextStartText(to: string, startedWith: DataDirSource | undefined, pointerFile: string | null): string {
  if (pointerFile) {
    const base = `The next start opens ${to} by itself (remembered in ${pointerFile}).`;
    return startedWith === 'flag' ? `${base} A start with --data opens the folder it names: use --data "${to}" or leave --data out.` : base;
  }
  if (startedWith === 'env') return `Set ASLEEP_CONSOLE_DATA_DIR="${to}" before the next start: the variable still names the old folder.`;
  return `Start the console with --data "${to}" from now on: the old folder is left in place (with MOVED-TO.txt) and would be opened otherwise.`;
}

function sameFolder(a: string, b: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  return real(a) === real(b);
}

const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());
