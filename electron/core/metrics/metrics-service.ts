// The dashboard's figures from the in-memory capture index (accepted and refused journals, plus refused
// requests not yet on disk). Reads summaries only, never a capture file; see shared/metrics for the maths.
import type { CaptureSummary } from '../../../shared/capture';
import { computeMetrics, type MetricsWindow, type WebhookMetrics } from '../../../shared/metrics';
import type { IndexEntry } from '../store/capture-journal';

export interface MetricsSources {
  accepted(): readonly IndexEntry[];
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

  compute(args: { window: MetricsWindow; offsetMinutes: number }, nowMs = Date.now()): WebhookMetrics {
    const refused = this.sources.refused();
    // When the cap has been reached, refused requests older than the oldest one kept are gone.
    const refusedKeptSince = refused.length >= this.sources.refusedLimit ? (refused[0]?.summary.receivedAt ?? null) : null;
    const lists: readonly (readonly (IndexEntry | CaptureSummary)[])[] = [this.sources.accepted(), refused, this.sources.pending()];
    return computeMetrics(lists, summaryOf, {
      window: args.window,
      nowMs,
      offsetMinutes: args.offsetMinutes,
      staleAfterMinutes: this.sources.staleAfterMinutes(),
      refusedKeptSince,
    });
  }
}
