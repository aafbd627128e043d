// The dashboard's figures from the capture index (accepted and refused journals, plus refused requests
// not yet on disk). Reads summaries only, never a capture file; see shared/metrics for the maths.
// Accepted summaries that have left memory (cold segments) are read back only for the segments that
// reach into the window, one at a time.
import type { CaptureSummary } from '../../../shared/capture';
import { metricsAccumulator, ORDER_SLACK_MS, windowRange, type MetricsWindow, type WebhookMetrics } from '../../../shared/metrics';
import type { IndexEntry } from '../store/capture-journal';

export interface MetricsSources {
  /** Accepted summaries received at or after `fromMs` (more is fine), list by list, each oldest first. */
  accepted(fromMs: number): AsyncIterable<readonly IndexEntry[]>;
  refused(): readonly IndexEntry[];
  /** Refused requests answered but not yet written (arrival order). */
  pending(): readonly CaptureSummary[];
  staleAfterMinutes(): number;
  /** The refused journal keeps only this many of the newest requests. */
  refusedLimit: number;
}

const summaryOf = (item: IndexEntry | CaptureSummary): CaptureSummary => ('summary' in item ? item.summary : item);

export class MetricsService {
  constructor(private readonly sources: MetricsSources) {}

  async compute(args: { window: MetricsWindow; offsetMinutes: number }, nowMs = Date.now()): Promise<WebhookMetrics> {
    const refused = this.sources.refused();
    // When the cap has been reached, refused requests older than the oldest one kept are gone.
    const refusedKeptSince = refused.length >= this.sources.refusedLimit ? (refused[0]?.summary.receivedAt ?? null) : null;
    const acc = metricsAccumulator<IndexEntry | CaptureSummary>(summaryOf, {
      window: args.window,
      nowMs,
      offsetMinutes: args.offsetMinutes,
      staleAfterMinutes: this.sources.staleAfterMinutes(),
      refusedKeptSince,
    });
    const { fromMs } = windowRange(args.window, nowMs, args.offsetMinutes);
    for await (const list of this.sources.accepted(fromMs - ORDER_SLACK_MS)) acc.add(list);
    acc.add(refused);
    acc.add(this.sources.pending());
    return acc.finish();
  }
}
