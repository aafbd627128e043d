/**
 * What the console does when the computer wakes up. While a laptop sleeps no timer runs: the
 * tunnel's 10-s self-probe and the 30-s session check are simply late, so for up to a probe
 * interval after waking the console would still say "online" about a tunnel the server forgot
 * during the night, and "live" about a participant whose phone stopped sending hours ago.
 *
 * The desktop shell calls `resumed()` on Electron's powerMonitor `resume` and `unlock-screen`;
 * both shells also notice a sleep by themselves, from a jump of the wall clock between two ticks
 * of a timer (timers follow the monotonic clock, which stands still during a sleep).
 */

export type ResumeReason = 'resume' | 'unlock-screen' | 'clock-jump';

export interface ResumeTargets {
  /** Probe the tunnel (or register it) at once; says what it did. */
  probeTunnel: () => 'probing' | 'registering' | 'idle' | 'off';
  /** Recompute session states; returns how many changed (and were announced). */
  recomputeSessions: () => number;
  /** Push a fresh status to the UI. */
  statusChanged: () => void;
}

export interface ResumeReport {
  reason: ResumeReason;
  at: string;
  tunnel: 'probing' | 'registering' | 'idle' | 'off' | 'skipped';
  sessionsChanged: number;
}

/** `resume` and `unlock-screen` usually come together: the second within this long changes nothing. */
const DEBOUNCE_MS = 2_000;
/** A timer tick this much later than due means the computer slept (or the process was frozen). */
const SLEEP_GAP_MS = 30_000;

export class ResumeService {
  private lastAt = -Infinity;
  private lastReport: ResumeReport | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly targets: ResumeTargets,
    private readonly now: () => number = Date.now,
  ) {}

  /** Probe the tunnel and recompute session states now. Safe to call any number of times. */
  resumed(reason: ResumeReason = 'resume'): ResumeReport {
    const now = this.now();
    if (this.lastReport && now - this.lastAt < DEBOUNCE_MS && now >= this.lastAt) {
      return { ...this.lastReport, reason, tunnel: 'skipped', sessionsChanged: 0 };
    }
    this.lastAt = now;
    const tunnel = this.targets.probeTunnel();
    const sessionsChanged = this.targets.recomputeSessions();
    this.targets.statusChanged();
    this.lastReport = { reason, at: new Date(now).toISOString(), tunnel, sessionsChanged };
    return this.lastReport;
  }

  /** The last wake-up handled (null before the first). */
  last(): ResumeReport | null {
    return this.lastReport;
  }

  /** Notice a sleep without help from the OS: a tick of this timer arriving far later than due. */
  watchClock(intervalMs = 10_000): void {
    this.stop();
    let expected = this.now() + intervalMs;
    this.timer = setInterval(() => {
      const now = this.now();
      const late = now - expected;
      expected = now + intervalMs;
      if (late > SLEEP_GAP_MS) this.resumed('clock-jump');
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
