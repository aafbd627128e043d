// Public surface of the webhook simulator (pure: the HTTP side is electron/core/simulator).
export { createRng, mixSeed, type Rng } from './rng';
export { generateNight, WAKE, LIGHT, DEEP, REM, UNKNOWN, type Night, type NightOptions } from './night-model';
export { buildReport, flatStat, hms, type ReportContent } from './report';
export {
  FAULT_KINDS,
  FAULT_DESCRIPTIONS,
  injectFaults,
  type FaultKind,
  type InjectedFault,
  type PlannedFault,
} from './faults';
export { sessionIdFor, userIdFor, utcStamp } from './ids';
export { parseSpeed, describeSpeed, parseFaults, type Speed } from './options';
export {
  planSimulation,
  resolveOptions,
  chunkPlan,
  SIM_LAYOUTS,
  PLANS,
  USER_AGENT,
  type Plan,
  type PlannedRequest,
  type GroundTruth,
  type SimSession,
  type Simulation,
  type SimulationOptions,
  type ResolvedOptions,
} from './traffic';
