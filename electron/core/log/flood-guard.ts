/**
 * Lets the first `budget` lines of a kind through in each window, and counts the rest by a key (for
 * refused requests: status and address) to be written as one summary line when the window ends. A
 * flood of refused requests then costs a few lines instead of rotating a night of history out of the
 * log; every refused request is still a rejected capture in the console itself.
 */
export class FloodGuard {
  private used = 0;
  private suppressed = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly summarize: (counts: Map<string, number>, windowMs: number) => void,
    private readonly budget = 100,
    private readonly windowMs = 10_000,
  ) {}

  /** True when this line may be written; otherwise it is counted under `key`. */
  admit(key: string): boolean {
    this.timer ??= setTimeout(() => this.flush(), this.windowMs);
    this.timer.unref();
    if (this.used < this.budget) {
      this.used++;
      return true;
    }
    this.suppressed.set(key, (this.suppressed.get(key) ?? 0) + 1);
    return false;
  }

  /** End the window now: write the summary, if anything was held back. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.used = 0;
    if (this.suppressed.size === 0) return;
    const counts = this.suppressed;
    this.suppressed = new Map();
    this.summarize(counts, this.windowMs);
  }
}
