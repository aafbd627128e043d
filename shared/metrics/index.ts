// Webhook metrics (pure): counts by answer class per time bucket, answer-time percentiles, participants'
// latest captures, grouped reasons for refused and invalid requests.
export { classOf, computeMetrics, metricsAccumulator, MAX_REJECTION_GROUPS, ORDER_SLACK_MS } from './compute';
export type { MetricsAccumulator } from './compute';
export type { MetricsOptions } from './compute';
export { answerTimeStats, nearestRank, percentileInPlace } from './percentiles';
export { fieldOf, invalidKind, refusalKind } from './rejections';
export type { RefusalKind } from './rejections';
export { windowRange, WINDOW_SPECS } from './windows';
export type { WindowRange } from './windows';
export * from './types';
