// The simulator, driven from the UI: the same planning (shared/simulator) and sending (send.ts) as
// the command line, one run per `startSimulation`, progress pushed at most ~5 times a second.
import { randomBytes, randomInt } from 'node:crypto';
import { parseIsoDateTime } from '../../../shared/asleep/iso-time';
import type { ParsedArgs, SimulationProgress } from '../../../shared/contract';
import { fail, ok, type Result } from '../../../shared/result';
import { planSimulation } from '../../../shared/simulator/traffic';
import { sendPlan } from './send';

const PROGRESS_MS = 200;

export interface PanelDeps {
  defaultUrl(): string;
  apiKey(): string;
  progress(p: SimulationProgress): void;
  now?: () => number;
}

interface Run {
  progress: SimulationProgress;
  controller: AbortController;
  finished: Promise<void>;
  timer: NodeJS.Timeout | null;
  stoppedByUser: boolean;
}

export class SimulatorPanel {
  private readonly runs = new Map<string, Run>();

  constructor(private readonly deps: PanelDeps) {}

  start(args: ParsedArgs<'startSimulation'>): Result<SimulationProgress> {
    const now = this.deps.now?.() ?? Date.now();
    let startMs: number;
    if (args.start !== undefined) {
      const parsed = parseIsoDateTime(args.start.trim());
      if (parsed === null) return fail('BAD_ARGS', `The start must be an ISO 8601 date-time with an offset, e.g. 2025-01-15T22:30:00Z, got "${args.start}".`);
      startMs = parsed;
    } else {
      // As the command line: at real time the night starts now; at max speed it has just ended.
      startMs = args.speed === 'max' ? now - Math.round(args.hours * 3600_000) - 30 * 60_000 : now;
    }
    const sim = planSimulation({
      seed: args.seed ?? randomInt(1, 2 ** 31 - 1),
      startMs,
      participants: args.participants,
      nights: args.nights,
      hours: args.hours,
      layout: args.layout,
      plan: args.plan,
      stages: args.stages,
      breathing: args.breathing,
      faults: args.faults,
      apiKey: args.apiKey === undefined ? this.deps.apiKey() : args.apiKey,
    });
    const runId = `sim-${randomBytes(6).toString('hex')}`;
    const url = args.url ?? this.deps.defaultUrl();
    const progress: SimulationProgress = {
      runId,
      url,
      total: sim.requests.length,
      sent: 0,
      ok: 0,
      clientErrors: 0,
      serverErrors: 0,
      unreachable: 0,
      done: false,
      stopReason: null,
    };
    const controller = new AbortController();
    const run: Run = { progress, controller, finished: Promise.resolve(), timer: null, stoppedByUser: false };
    this.runs.set(runId, run);
    run.finished = sendPlan(sim.requests, {
      url,
      speed: args.speed,
      signal: controller.signal,
      onResult: (r) => {
        progress.sent++;
        if (r.status === null) progress.unreachable++;
        else if (r.status >= 200 && r.status < 300) progress.ok++;
        else if (r.status >= 400 && r.status < 500) progress.clientErrors++;
        else if (r.status >= 500) progress.serverErrors++;
        this.soon(run);
      },
    }).then(
      (summary) => {
        progress.stopReason = run.stoppedByUser ? 'stopped by the user' : summary.stopReason;
        this.finish(run);
      },
      (err: unknown) => {
        progress.stopReason = err instanceof Error ? err.message : String(err);
        this.finish(run);
      },
    );
    this.deps.progress({ ...progress });
    return ok({ ...progress });
  }

  async stop(runId: string): Promise<Result<SimulationProgress>> {
    const run = this.runs.get(runId);
    if (!run) return fail('NOT_FOUND', `No simulator run ${runId}.`);
    if (!run.progress.done) {
      run.stoppedByUser = true;
      run.controller.abort();
      await run.finished;
    }
    return ok({ ...run.progress });
  }

  /** Stops every run (the console is closing). */
  async stopAll(): Promise<void> {
    for (const run of this.runs.values()) {
      run.stoppedByUser = true;
      run.controller.abort();
    }
    await Promise.all([...this.runs.values()].map((r) => r.finished));
  }

  private soon(run: Run): void {
    if (run.timer) return;
    run.timer = setTimeout(() => {
      run.timer = null;
      if (!run.progress.done) this.deps.progress({ ...run.progress });
    }, PROGRESS_MS);
    run.timer.unref();
  }

  private finish(run: Run): void {
    if (run.timer) clearTimeout(run.timer);
    run.timer = null;
    run.progress.done = true;
    this.deps.progress({ ...run.progress });
    // Finished runs are kept a while for a late Stop, then forgotten.
    setTimeout(() => this.runs.delete(run.progress.runId), 60_000).unref();
  }
}
