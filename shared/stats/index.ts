// Public surface of the statistics: recompute the official `stat`, compare it with the server's,
// convert the seed's flat units, and format values for display.
export {
  computeStat,
  adjustRatios,
  remClusterEnds,
  looksTwoStage,
  REM_CLUSTER_MAX_GAP,
  REM_CLUSTER_MIN_EPOCHS,
} from './compute';
export type { OfficialStat, OfficialStatField, ComputeStatInput } from './compute';
export {
  compareStat,
  compareStatDetailed,
  FIELD_KINDS,
  NOT_RECOMPUTABLE_FIELDS,
  RATIO_TOLERANCE,
  AVERAGE_TOLERANCE,
} from './compare';
export type { Discrepancy, FieldKind, StatComparison } from './compare';
export { convertFlatStat, parseHmsDuration, FLAT_SAME_UNIT_FIELDS } from './flat-units';
export type { FlatStatConversion, FlatConversionProblem } from './flat-units';
export { formatDuration, formatHms, formatPercent, stageName } from './format';
export { round2 } from './rounding';
export { formatInstant, parseInstant, sameInstant } from './instant';
export type { Instant } from './instant';
