// Turns any webhook body into an Interpretation: detected layout, schema issues, warnings for a QA
// engineer, and the normalized model when valid. Never throws: bodies come from the network.
import type { z } from 'zod';
import { detectEnvelope, isObject, own, type Envelope } from './detect';
import { parseIsoDateTime } from './iso-time';
import { MAX_NESTING, tooDeep } from './nesting';
import {
  EPOCH_SECONDS,
  EPOCHS_PER_BLOCK,
  KNOWN_EVENTS,
  type Detection,
  type InferenceChunk,
  type Interpretation,
  type KnownEvent,
  type Layout,
  type Normalized,
  type SessionReport,
  type ValidationIssue,
} from './model';
import {
  KNOWN_PECULIARITIES,
  SESSION_STATES,
  STAT_NULL_PECULIARITIES,
  flatInferenceSchema,
  flatSessionSchema,
  v1InferenceSchema,
  v1SessionSchema,
  v2InferenceSchema,
  v2SessionSchema,
  v3CallbackInferenceSchema,
  v3CallbackSessionCompleteSchema,
  v3InferenceSchema,
  v3SessionCompleteSchema,
  type LegacySessionData,
  type V3InferenceData,
  type V3SessionData,
} from './schemas';

/** A body with thousands of bad epochs should not produce thousands of lines. */
const MAX_ISSUES = 50;

interface Normalization {
  normalized: Normalized;
  warnings: ValidationIssue[];
}

// ---------------------------------------------------------------- issue wording

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return `the string ${JSON.stringify(shown)}`;
  }
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

const EXPECTED_NAMES: Record<string, string> = {
  int: 'an integer',
  number: 'a number',
  string: 'a string',
  array: 'an array',
  object: 'an object',
  boolean: 'true or false',
};

const isNumericString = (value: unknown): boolean =>
  typeof value === 'string' && /^\s*[+-]?\d+(\.\d+)?\s*$/.test(value);
const NO_QUOTED_NUMBERS = ': numbers must not be sent as strings';

function issueMessage(issue: z.core.$ZodIssue): string {
  const input = issue.input;
  switch (issue.code) {
    case 'invalid_type': {
      const expected = EXPECTED_NAMES[issue.expected] ?? issue.expected;
      if (input === undefined) return `missing (expected ${expected})`;
      const quoted = (issue.expected === 'number' || issue.expected === 'int') && isNumericString(input);
      return `expected ${expected}, got ${describe(input)}${quoted ? NO_QUOTED_NUMBERS : ''}`;
    }
    case 'invalid_value': {
      const values = issue.values.map((v) => (typeof v === 'string' ? JSON.stringify(v) : String(v)));
      const expected = values.length === 1 ? values[0] : `one of ${values.join(', ')}`;
      const quoted = issue.values.every((v) => typeof v === 'number') && isNumericString(input);
      return `expected ${expected}, got ${describe(input)}${quoted ? NO_QUOTED_NUMBERS : ''}`;
    }
    default:
      // Our own messages (ISO check, ranges, empty ids) already say what is expected.
      return isObject(input) || Array.isArray(input) || input === undefined
        ? issue.message
        : `${issue.message}, got ${describe(input)}`;
  }
}

function toIssues(error: z.ZodError): ValidationIssue[] {
  const issues = error.issues.slice(0, MAX_ISSUES).map((issue) => ({
    path: issue.path.map((p) => String(p)).join('.'),
    message: issueMessage(issue),
  }));
  const more = error.issues.length - MAX_ISSUES;
  if (more > 0) issues.push({ path: '', message: `…and ${more} more issues` });
  return issues;
}

// ---------------------------------------------------------------- warnings

const join = (prefix: string, key: string): string => (prefix ? `${prefix}.${key}` : key);

function lengthWarning(
  path: string,
  values: readonly unknown[] | null | undefined,
  sleepName: string,
  sleepLength: number,
): ValidationIssue[] {
  if (!values || values.length === sleepLength) return [];
  const name = path.slice(path.lastIndexOf('.') + 1);
  return [{ path, message: `${name} has ${values.length} values but ${sleepName} has ${sleepLength}` }];
}

interface InferencePaths {
  prefix: string;
  sleepKey: string;
  snoringKey: string;
  breathKey: string;
}

function inferenceWarnings(chunk: InferenceChunk, paths: InferencePaths): ValidationIssue[] {
  const warnings: ValidationIssue[] = [];
  const sleepPath = join(paths.prefix, paths.sleepKey);
  const length = chunk.sleep.length;
  if (length === 0) {
    warnings.push({ path: sleepPath, message: `${paths.sleepKey} is empty: this chunk carries no epochs` });
  } else if (length % EPOCHS_PER_BLOCK !== 0) {
    warnings.push({
      path: sleepPath,
      message: `${paths.sleepKey} has ${length} values; a chunk normally carries a multiple of ${EPOCHS_PER_BLOCK} (10 epochs of 30 s per 5-minute block)`,
    });
  }
  if (chunk.firstEpoch < 0) {
    warnings.push({
      path: sleepPath,
      message: `placement gives a first epoch of ${chunk.firstEpoch} (10 × (inference_seq_num ${chunk.inferenceSeqNum} + 1) − ${length} values): the ${-chunk.firstEpoch} epochs before the session start cannot be placed`,
    });
  }
  warnings.push(...lengthWarning(join(paths.prefix, paths.snoringKey), chunk.snoring, paths.sleepKey, length));
  warnings.push(...lengthWarning(join(paths.prefix, paths.breathKey), chunk.breath, paths.sleepKey, length));
  const seqPath = join(paths.prefix, 'seq_num');
  if (chunk.seqNum === null) {
    warnings.push({ path: seqPath, message: 'seq_num is missing; placement uses inference_seq_num only' });
  } else if (Math.floor(chunk.seqNum / EPOCHS_PER_BLOCK) !== chunk.inferenceSeqNum) {
    warnings.push({
      path: seqPath,
      message: `seq_num ${chunk.seqNum} implies inference_seq_num ${Math.floor(chunk.seqNum / EPOCHS_PER_BLOCK)} (seq_num / 10, rounded down), but inference_seq_num is ${chunk.inferenceSeqNum}`,
    });
  }
  if (chunk.timeWindow) warnings.push(...timeWindowWarnings(chunk.timeWindow, length, join(paths.prefix, 'time_window')));
  return warnings;
}

// The session start is unknown here, so only the window's duration can be compared with the array.
function timeWindowWarnings(window: { start: string; end: string }, length: number, path: string): ValidationIssue[] {
  const start = parseIsoDateTime(window.start);
  const end = parseIsoDateTime(window.end);
  if (start === null || end === null) return [];
  if (end <= start) return [{ path, message: `time_window ends (${window.end}) before or when it starts (${window.start})` }];
  const seconds = (end - start) / 1000;
  if (seconds === length * EPOCH_SECONDS) return [];
  return [
    {
      path,
      message: `time_window covers ${seconds} s (${seconds / EPOCH_SECONDS} epochs of 30 s) but the chunk has ${length} values (${length * EPOCH_SECONDS} s); the data is kept and placed by inference_seq_num`,
    },
  ];
}

interface SessionPaths {
  /** Path of the object holding `session`, `stat` and `peculiarities`. */
  container: string;
  session: string;
  sleepKey: string;
  /** Whether a `null` stat or breath array was sent explicitly (absent keys say nothing). */
  statSentNull: boolean;
  breathSentNull: boolean;
}

function sessionWarnings(report: SessionReport, paths: SessionPaths): ValidationIssue[] {
  const warnings: ValidationIssue[] = [];
  const known: readonly string[] = KNOWN_PECULIARITIES;
  report.peculiarities.forEach((p, i) => {
    if (!known.includes(p)) {
      warnings.push({ path: join(paths.container, `peculiarities.${i}`), message: `unknown peculiarity "${p}" (kept and shown as sent)` });
    }
  });
  const explainsNullStat = STAT_NULL_PECULIARITIES.some((p) => report.peculiarities.includes(p));
  if (paths.statSentNull && !explainsNullStat) {
    warnings.push({
      path: join(paths.container, 'stat'),
      message: `stat is null but no peculiarity explains it (expected one of ${STAT_NULL_PECULIARITIES.join(', ')})`,
    });
  }
  if (paths.breathSentNull && !report.peculiarities.includes('NO_BREATHING_STABILITY')) {
    warnings.push({
      path: join(paths.session, 'breath_stages'),
      message: 'breath_stages is null but NO_BREATHING_STABILITY is not among the peculiarities',
    });
  }
  const states: readonly string[] = SESSION_STATES;
  if (report.state !== null && !states.includes(report.state)) {
    warnings.push({ path: join(paths.session, 'state'), message: `unknown session state "${report.state}" (expected ${SESSION_STATES.join(', ')})` });
  }
  const sleep = report.sleep;
  if (sleep) {
    warnings.push(...lengthWarning(join(paths.session, 'snoring_stages'), report.snoring, paths.sleepKey, sleep.length));
    warnings.push(...lengthWarning(join(paths.session, 'breath_stages'), report.breath, paths.sleepKey, sleep.length));
  }
  const start = parseIsoDateTime(report.startTime);
  const end = parseIsoDateTime(report.endTime);
  if (start !== null && end !== null) {
    if (end < start) {
      warnings.push({ path: join(paths.session, 'end_time'), message: `end_time ${report.endTime} is before start_time ${report.startTime}` });
    } else if (sleep) {
      const seconds = (end - start) / 1000;
      // Real seconds need not be a multiple of 30: allow one epoch of slack.
      if (Math.abs(seconds / EPOCH_SECONDS - sleep.length) > 1) {
        warnings.push({
          path: join(paths.session, paths.sleepKey),
          message: `the session spans ${seconds} s (about ${Math.round(seconds / EPOCH_SECONDS)} epochs of 30 s) but ${paths.sleepKey} has ${sleep.length} values`,
        });
      }
    }
  }
  return warnings;
}

// ---------------------------------------------------------------- normalizers

function inference(fields: Omit<InferenceChunk, 'kind' | 'firstEpoch'>, paths: InferencePaths): Normalization {
  const chunk: InferenceChunk = {
    kind: 'inference',
    ...fields,
    firstEpoch: EPOCHS_PER_BLOCK * (fields.inferenceSeqNum + 1) - fields.sleep.length,
  };
  return { normalized: chunk, warnings: inferenceWarnings(chunk, paths) };
}

function v3Inference(d: V3InferenceData, prefix: string): Normalization {
  // The examples say sleep_stages, the field table stage_list: prefer sleep_stages, flag a clash.
  const sleepKey = d.sleep_stages !== undefined ? 'sleep_stages' : 'stage_list';
  const result = inference(
    {
      userId: d.user_id,
      sessionId: d.session_id,
      seqNum: d.seq_num ?? null,
      inferenceSeqNum: d.inference_seq_num,
      sleep: d.sleep_stages ?? d.stage_list ?? [],
      snoring: d.snoring_stages ?? null,
      breath: d.breath_stages ?? null,
      timeWindow: null,
      timestamp: null,
    },
    { prefix, sleepKey, snoringKey: 'snoring_stages', breathKey: 'breath_stages' },
  );
  if (d.sleep_stages !== undefined && d.stage_list !== undefined) {
    const same = JSON.stringify(d.sleep_stages) === JSON.stringify(d.stage_list);
    result.warnings.push({
      path: join(prefix, 'stage_list'),
      message: `both sleep_stages and stage_list are present${same ? '' : ' and they differ'}; sleep_stages is used`,
    });
  }
  return result;
}

function v3Session(d: V3SessionData, prefix: string): Normalization {
  const s = d.session;
  const report: SessionReport = {
    kind: 'session',
    userId: d.user_id,
    sessionId: s.id,
    state: s.state,
    startTime: s.start_time,
    endTime: s.end_time,
    timezone: d.timezone ?? s.created_timezone ?? null,
    sleep: s.sleep_stages,
    snoring: s.snoring_stages ?? null,
    breath: s.breath_stages ?? null,
    stat: d.stat,
    statUnits: 'official',
    peculiarities: d.peculiarities,
    missingDataRatio: d.missing_data_ratio ?? null,
    timestamp: null,
  };
  const warnings = sessionWarnings(report, {
    container: prefix,
    session: join(prefix, 'session'),
    sleepKey: 'sleep_stages',
    statSentNull: d.stat === null,
    breathSentNull: s.breath_stages === null,
  });
  return { normalized: report, warnings };
}

function legacySession(d: LegacySessionData): Normalization {
  const sd = d.sleep_data;
  const s = sd.session ?? {};
  const sleepKey = s.sleep_stages != null ? 'sleep_stages' : 'stage_list';
  const report: SessionReport = {
    kind: 'session',
    userId: d.user_id,
    sessionId: d.session_id,
    state: s.state ?? null,
    startTime: s.start_time ?? null,
    endTime: s.end_time ?? null,
    timezone: sd.timezone ?? s.created_timezone ?? null,
    sleep: s.sleep_stages ?? s.stage_list ?? null,
    snoring: s.snoring_stages ?? null,
    breath: s.breath_stages ?? null,
    stat: sd.stat ?? null,
    statUnits: 'official',
    peculiarities: sd.peculiarities ?? [],
    missingDataRatio: sd.missing_data_ratio ?? null,
    timestamp: null,
  };
  const warnings = sessionWarnings(report, {
    container: 'callback_data.sleep_data',
    session: 'callback_data.sleep_data.session',
    sleepKey,
    statSentNull: sd.stat === null,
    breathSentNull: s.breath_stages === null,
  });
  if (s.id !== undefined && s.id !== d.session_id) {
    warnings.push({
      path: 'callback_data.sleep_data.session.id',
      message: `sleep_data.session.id "${s.id}" differs from session_id "${d.session_id}"; session_id is used`,
    });
  }
  return { normalized: report, warnings };
}

function flatSession(d: z.output<typeof flatSessionSchema>): Normalization {
  const s = d.session;
  const report: SessionReport = {
    kind: 'session',
    userId: d.user_id,
    sessionId: d.session_id,
    state: s.state,
    startTime: s.start_time,
    endTime: s.end_time,
    timezone: s.timezone ?? null,
    sleep: s.sleep_stages,
    snoring: s.snoring_stages ?? null,
    breath: s.breath_stages ?? null,
    stat: d.stat,
    statUnits: 'flat',
    peculiarities: d.peculiarities,
    missingDataRatio: null,
    timestamp: d.timestamp ?? null,
  };
  const warnings = sessionWarnings(report, {
    container: '',
    session: 'session',
    sleepKey: 'sleep_stages',
    statSentNull: d.stat === null,
    breathSentNull: s.breath_stages === null,
  });
  if (s.id !== d.session_id) {
    warnings.push({ path: 'session.id', message: `session.id "${s.id}" differs from session_id "${d.session_id}"; session_id is used` });
  }
  return { normalized: report, warnings };
}

// ---------------------------------------------------------------- dispatch

type Outcome = { ok: true; value: Normalization } | { ok: false; issues: ValidationIssue[] };

// Binds a schema to its normalizer so the normalizer gets the schema's parsed type.
function handler<S extends z.ZodType>(schema: S, normalize: (data: z.output<S>) => Normalization) {
  return (body: unknown): Outcome => {
    const parsed = schema.safeParse(body, { reportInput: true });
    return parsed.success ? { ok: true, value: normalize(parsed.data) } : { ok: false, issues: toIssues(parsed.error) };
  };
}

/** V1 and V2 chunks differ only in the name of their breathing array (V1: `osa_stage_list`). */
function legacyInference(
  d: { user_id: string; session_id: string; seq_num?: number | null; inference_seq_num: number; stage_list: number[] },
  breath: number[] | null,
  breathKey: string,
): Normalization {
  return inference(
    {
      userId: d.user_id,
      sessionId: d.session_id,
      seqNum: d.seq_num ?? null,
      inferenceSeqNum: d.inference_seq_num,
      sleep: d.stage_list,
      snoring: null,
      breath,
      timeWindow: null,
      timestamp: null,
    },
    { prefix: 'callback_data', sleepKey: 'stage_list', snoringKey: 'snoring_stages', breathKey },
  );
}

const HANDLERS = {
  'v1:INFERENCE_COMPLETE': handler(v1InferenceSchema, ({ callback_data: d }) =>
    legacyInference(d, d.osa_stage_list ?? null, 'osa_stage_list'),
  ),
  'v2:INFERENCE_COMPLETE': handler(v2InferenceSchema, ({ callback_data: d }) =>
    legacyInference(d, d.breath_stages ?? null, 'breath_stages'),
  ),
  'v3:INFERENCE_COMPLETE': handler(v3InferenceSchema, (b) => v3Inference(b.data, 'data')),
  'v3-callback:INFERENCE_COMPLETE': handler(v3CallbackInferenceSchema, (b) => v3Inference(b.callback_data, 'callback_data')),
  'flat:INFERENCE_COMPLETE': handler(flatInferenceSchema, (d) =>
    inference(
      {
        userId: d.user_id,
        sessionId: d.session_id,
        seqNum: d.seq_num ?? null,
        inferenceSeqNum: d.inference_seq_num,
        sleep: d.sleep_stages,
        snoring: d.snoring_stages ?? null,
        breath: d.breath_stages ?? null,
        timeWindow: d.time_window ? { start: d.time_window.start, end: d.time_window.end } : null,
        timestamp: d.timestamp ?? null,
      },
      { prefix: '', sleepKey: 'sleep_stages', snoringKey: 'snoring_stages', breathKey: 'breath_stages' },
    ),
  ),
  'v1:SESSION_COMPLETE': handler(v1SessionSchema, (b) => legacySession(b.callback_data)),
  'v2:SESSION_COMPLETE': handler(v2SessionSchema, (b) => legacySession(b.callback_data)),
  'v3:SESSION_COMPLETE': handler(v3SessionCompleteSchema, (b) => v3Session(b.data, 'data')),
  'v3-callback:SESSION_COMPLETE': handler(v3CallbackSessionCompleteSchema, (b) => v3Session(b.callback_data, 'callback_data')),
  'flat:SESSION_COMPLETE': handler(flatSessionSchema, flatSession),
} as const;

function handlerFor(layout: Layout, spelling: Envelope['spelling'], event: KnownEvent): (body: unknown) => Outcome {
  return HANDLERS[`${layout === 'v3' && spelling === 'callback' ? 'v3-callback' : layout}:${event}`];
}

// ---------------------------------------------------------------- entry point

const nonEmptyString = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** user_id / session_id from wherever the body keeps them, so a rejected chunk can still be linked. */
function bestEffortIds(body: unknown, env: Envelope): { userId: string | null; sessionId: string | null } {
  const containers = env.dataKey ? [own(body, env.dataKey)] : env.layout ? [body] : [own(body, 'data'), own(body, 'callback_data'), body];
  let userId: string | null = null;
  let sessionId: string | null = null;
  for (const c of containers) {
    userId ??= nonEmptyString(own(c, 'user_id'));
    sessionId ??= nonEmptyString(own(c, 'session_id')) ?? nonEmptyString(own(own(c, 'session'), 'id'));
  }
  return { userId, sessionId };
}

function notAWebhook(body: unknown): string {
  if (isObject(body)) return 'not an Asleep webhook: no event/data envelope';
  return `not an Asleep webhook: the body is ${describe(body)}, not a JSON object`;
}

function versionWarnings(env: Envelope): ValidationIssue[] {
  if (env.version === null || /^v?[123]$/i.test(env.version.trim())) return [];
  const key = env.spelling === 'callback' ? 'callback_version' : 'version';
  return [{ path: key, message: `unknown version "${env.version}": read as the ${env.layout} layout from its shape` }];
}

function interpretUnsafe(body: unknown): Interpretation {
  const env = detectEnvelope(body);
  const detection: Detection = { layout: env.layout, version: env.version, event: env.event };
  const ids = bestEffortIds(body, env);
  const invalid = (issues: ValidationIssue[]): Interpretation => ({
    detection,
    valid: false,
    issues,
    warnings: [],
    normalized: null,
    ...ids,
  });

  if (env.layout === null) return invalid([{ path: '', message: notAWebhook(body) }]);

  const event = env.event;
  if (event === null) {
    const raw = own(body, env.eventKey);
    return invalid([
      { path: env.eventKey, message: raw === undefined ? 'missing event name' : `the event name must be a string, got ${describe(raw)}` },
    ]);
  }
  const known: readonly string[] = KNOWN_EVENTS;
  if (!known.includes(event)) {
    return invalid([{ path: env.eventKey, message: `unknown event "${event}" (known: ${KNOWN_EVENTS.join(', ')})` }]);
  }

  const deep = tooDeep(body);
  if (deep) {
    // Kept as sent, never normalized: a value this deep cannot be stored or compared (see nesting.ts).
    return invalid([
      {
        path: deep.slice(0, 8).join('.'),
        message: `nested more than ${MAX_NESTING} levels deep here (Asleep's payloads nest about 5): the body is kept as sent but not interpreted`,
      },
    ]);
  }
  const outcome = handlerFor(env.layout, env.spelling, event as KnownEvent)(body);
  if (!outcome.ok) return invalid(outcome.issues);
  const { normalized, warnings } = outcome.value;
  return {
    detection,
    valid: true,
    issues: [],
    warnings: [...versionWarnings(env), ...warnings],
    normalized,
    userId: normalized.userId,
    sessionId: normalized.sessionId,
  };
}

/** Detect, validate and normalize any JSON value. Never throws. */
export function interpret(body: unknown): Interpretation {
  try {
    return interpretUnsafe(body);
  } catch (error) {
    // Last resort: a bug here must not take the receiver down with it.
    const message = error instanceof Error ? error.message : String(error);
    return {
      detection: { layout: null, version: null, event: null },
      valid: false,
      issues: [{ path: '', message: `internal error while interpreting this body: ${message}` }],
      warnings: [],
      normalized: null,
      userId: null,
      sessionId: null,
    };
  }
}
