// zod schemas for every Asleep webhook layout and event (see /work/shared/asleep/reference.md).
// Plain zod objects, no transforms, so a later step can emit JSON Schema from them.
// Objects are loose: fields we do not know are kept, never rejected. Types are strict: a number sent
// as a string is a sender bug and is reported, not coerced.
import { z } from 'zod';
import { isIsoDateTime } from './iso-time';

// ---------------------------------------------------------------- value sets

export const SLEEP_STAGE_VALUES = [-1, 0, 1, 2, 3] as const;
/** `-1` is accepted as "unknown", as for sleep stages. */
export const SNORING_STAGE_VALUES = [-1, 0, 1] as const;
export const KNOWN_PECULIARITIES = [
  'IN_PROGRESS',
  'NEVER_SLEPT',
  'TOO_SHORT_FOR_ANALYSIS',
  'TOO_LONG_FOR_ANALYSIS',
  'TOO_MANY_DEFECTS_IN_SLEEP_STAGES',
  'NO_BREATHING_STABILITY',
  'NO_REALTIME_POLLING',
] as const;
/** Peculiarities that explain a `stat: null`. */
export const STAT_NULL_PECULIARITIES = [
  'IN_PROGRESS',
  'NO_REALTIME_POLLING',
  'TOO_SHORT_FOR_ANALYSIS',
  'TOO_MANY_DEFECTS_IN_SLEEP_STAGES',
] as const;
export const SESSION_STATES = ['OPEN', 'CLOSED', 'COMPLETE'] as const;

export const isoDateTimeSchema = z
  .string()
  .refine(isIsoDateTime, 'expected an ISO 8601 date-time with an offset, e.g. 2024-01-21T06:15:00Z')
  .meta({ format: 'date-time', description: 'ISO 8601 date-time with Z or a UTC offset' });
/** The flat layout's `stat.sleep_time`: a duration, not a time of day. */
export const hmsDurationSchema = z
  .string()
  .regex(/^\d{1,3}:[0-5]\d:[0-5]\d$/, 'expected a duration "HH:MM:SS"');
export const idSchema = z.string().min(1, 'must not be empty');
export const seqNumSchema = z.int().min(0, 'must be a non-negative integer');
export const sleepStageSchema = z.literal(SLEEP_STAGE_VALUES);
export const snoringStageSchema = z.literal(SNORING_STAGE_VALUES);
/** No official code table: 0 stable, anything else unstable. */
export const breathStageSchema = z.int();
export const sleepStagesSchema = z.array(sleepStageSchema);
export const snoringStagesSchema = z.array(snoringStageSchema);
/** `null` when the contract has no breathing analysis. */
export const breathStagesSchema = z.array(breathStageSchema).nullable();
/** Unknown values are shown, not rejected. */
export const peculiaritiesSchema = z.array(z.string());

const optionalNumber = z.number().nullable().optional();
const optionalIso = isoDateTimeSchema.nullable().optional();

// A V3 body may name its stage array `sleep_stages` (examples) or `stage_list` (field table).
// Checked on the object because either key alone is fine; `when` keeps it running next to field errors.
const requireStageArray = z.refine(
  (value: unknown) =>
    typeof value === 'object' &&
    value !== null &&
    (Object.hasOwn(value, 'sleep_stages') || Object.hasOwn(value, 'stage_list')),
  {
    message: 'missing sleep_stages (or stage_list)',
    path: ['sleep_stages'],
    when: (payload) => typeof payload.value === 'object' && payload.value !== null,
  },
);

// ---------------------------------------------------------------- stat objects

/** Official `stat` (seconds, 0-1 ratios, ISO times). Every field optional: SDK-only ones may be absent. */
export const officialStatSchema = z.looseObject({
  sleep_time: optionalIso,
  wake_time: optionalIso,
  sleep_index: optionalNumber,
  sleep_latency: optionalNumber,
  wakeup_latency: optionalNumber,
  light_latency: optionalNumber,
  deep_latency: optionalNumber,
  rem_latency: optionalNumber,
  time_in_bed: optionalNumber,
  time_in_sleep_period: optionalNumber,
  time_in_sleep: optionalNumber,
  time_in_wake: optionalNumber,
  time_in_light: optionalNumber,
  time_in_deep: optionalNumber,
  time_in_rem: optionalNumber,
  time_in_stable_breath: optionalNumber,
  time_in_unstable_breath: optionalNumber,
  time_in_snoring: optionalNumber,
  time_in_no_snoring: optionalNumber,
  sleep_efficiency: optionalNumber,
  sleep_ratio: optionalNumber,
  wake_ratio: optionalNumber,
  light_ratio: optionalNumber,
  deep_ratio: optionalNumber,
  rem_ratio: optionalNumber,
  stable_breath_ratio: optionalNumber,
  unstable_breath_ratio: optionalNumber,
  snoring_ratio: optionalNumber,
  no_snoring_ratio: optionalNumber,
  breathing_index: optionalNumber,
  waso_count: optionalNumber,
  longest_waso: optionalNumber,
  sleep_cycle_count: optionalNumber,
  sleep_cycle: optionalNumber,
  sleep_cycle_time: z.array(isoDateTimeSchema).nullable().optional(),
  unstable_breath_count: optionalNumber,
  snoring_count: optionalNumber,
  // breathing_pattern is proprietary with no documented type: kept as sent by the loose object.
});

/** The seed document's `stat`: `sleep_time` "HH:MM:SS", `sleep_efficiency` percent, cycles as objects. */
export const flatStatSchema = z.looseObject({
  sleep_time: hmsDurationSchema.nullable().optional(),
  sleep_index: optionalNumber,
  sleep_latency: optionalNumber,
  time_in_bed: optionalNumber,
  time_in_sleep: optionalNumber,
  time_in_light: optionalNumber,
  time_in_deep: optionalNumber,
  time_in_rem: optionalNumber,
  sleep_efficiency: optionalNumber,
  waso_count: optionalNumber,
  longest_waso: optionalNumber,
  sleep_cycle: z
    .array(z.looseObject({ order: z.int(), start_time: isoDateTimeSchema, end_time: isoDateTimeSchema }))
    .nullable()
    .optional(),
});

// ---------------------------------------------------------------- INFERENCE_COMPLETE

export const v1InferenceDataSchema = z.looseObject({
  user_id: idSchema,
  session_id: idSchema,
  seq_num: seqNumSchema.optional(),
  inference_seq_num: seqNumSchema,
  stage_list: sleepStagesSchema,
  /** V1's breathing array. */
  osa_stage_list: breathStagesSchema.optional(),
});

export const v2InferenceDataSchema = z.looseObject({
  user_id: idSchema,
  session_id: idSchema,
  seq_num: seqNumSchema.optional(),
  inference_seq_num: seqNumSchema,
  stage_list: sleepStagesSchema,
  breath_stages: breathStagesSchema.optional(),
});

export const v3InferenceDataSchema = z
  .looseObject({
    user_id: idSchema,
    session_id: idSchema,
    seq_num: seqNumSchema.optional(),
    inference_seq_num: seqNumSchema,
    sleep_stages: sleepStagesSchema.optional(),
    stage_list: sleepStagesSchema.optional(),
    breath_stages: breathStagesSchema.optional(),
    snoring_stages: snoringStagesSchema.nullable().optional(),
  })
  .check(requireStageArray);

export const flatInferenceSchema = z.looseObject({
  event: z.literal('INFERENCE_COMPLETE'),
  version: z.string(),
  timestamp: isoDateTimeSchema.optional(),
  user_id: idSchema,
  session_id: idSchema,
  seq_num: seqNumSchema.optional(),
  inference_seq_num: seqNumSchema,
  sleep_stages: sleepStagesSchema,
  breath_stages: breathStagesSchema.optional(),
  snoring_stages: snoringStagesSchema.nullable().optional(),
  /** A second, independent placement hint (flat layout only). */
  time_window: z.looseObject({ start: isoDateTimeSchema, end: isoDateTimeSchema }).optional(),
});

// ---------------------------------------------------------------- SESSION_COMPLETE

export const v3SessionSchema = z.looseObject({
  id: idSchema,
  state: z.string(),
  start_time: isoDateTimeSchema,
  end_time: isoDateTimeSchema.nullable(),
  unexpected_end_time: isoDateTimeSchema.nullable().optional(),
  created_timezone: z.string().nullable().optional(),
  sleep_stages: sleepStagesSchema.nullable(),
  breath_stages: breathStagesSchema.optional(),
  snoring_stages: snoringStagesSchema.nullable().optional(),
});

/** V3 `data`: the Get Session result plus `user_id`; no `session_id` key (the id is `session.id`). */
export const v3SessionDataSchema = z.looseObject({
  timezone: z.string().nullable().optional(),
  peculiarities: peculiaritiesSchema,
  missing_data_ratio: z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1').nullable().optional(),
  user_id: idSchema,
  session: v3SessionSchema,
  stat: officialStatSchema.nullable(),
});

/** V1/V2 `sleep_data`: no official JSON exists, so every part is optional but typed when present. */
export const legacySleepDataSchema = z.looseObject({
  timezone: z.string().nullable().optional(),
  peculiarities: peculiaritiesSchema.nullable().optional(),
  missing_data_ratio: z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1').nullable().optional(),
  session: z
    .looseObject({
      id: idSchema.optional(),
      state: z.string().nullable().optional(),
      start_time: optionalIso,
      end_time: optionalIso,
      unexpected_end_time: optionalIso,
      created_timezone: z.string().nullable().optional(),
      sleep_stages: sleepStagesSchema.nullable().optional(),
      stage_list: sleepStagesSchema.nullable().optional(),
      breath_stages: breathStagesSchema.optional(),
      snoring_stages: snoringStagesSchema.nullable().optional(),
    })
    .nullable()
    .optional(),
  stat: officialStatSchema.nullable().optional(),
});

export const legacySessionDataSchema = z.looseObject({
  user_id: idSchema,
  session_id: idSchema,
  sleep_data: legacySleepDataSchema,
});

export const flatSessionSchema = z.looseObject({
  event: z.literal('SESSION_COMPLETE'),
  version: z.string(),
  timestamp: isoDateTimeSchema.optional(),
  user_id: idSchema,
  session_id: idSchema,
  session: z.looseObject({
    id: idSchema,
    state: z.string(),
    start_time: isoDateTimeSchema,
    end_time: isoDateTimeSchema.nullable(),
    timezone: z.string().nullable().optional(),
    sleep_stages: sleepStagesSchema.nullable(),
    snoring_stages: snoringStagesSchema.nullable().optional(),
    breath_stages: breathStagesSchema.optional(),
  }),
  stat: flatStatSchema.nullable(),
  peculiarities: peculiaritiesSchema,
});

// ---------------------------------------------------------------- envelopes

export const v1InferenceSchema = z.looseObject({
  callback_event: z.literal('INFERENCE_COMPLETE'),
  callback_data: v1InferenceDataSchema,
});
export const v1SessionSchema = z.looseObject({
  callback_event: z.literal('SESSION_COMPLETE'),
  callback_data: legacySessionDataSchema,
});
export const v2InferenceSchema = z.looseObject({
  callback_event: z.literal('INFERENCE_COMPLETE'),
  callback_version: z.string(),
  callback_data: v2InferenceDataSchema,
});
export const v2SessionSchema = z.looseObject({
  callback_event: z.literal('SESSION_COMPLETE'),
  callback_version: z.string(),
  callback_data: legacySessionDataSchema,
});
export const v3InferenceSchema = z.looseObject({
  event: z.literal('INFERENCE_COMPLETE'),
  version: z.string(),
  data: v3InferenceDataSchema,
});
export const v3SessionCompleteSchema = z.looseObject({
  event: z.literal('SESSION_COMPLETE'),
  version: z.string(),
  data: v3SessionDataSchema,
});
/** V3 with the `callback_*` spelling of the English field table. */
export const v3CallbackInferenceSchema = z.looseObject({
  callback_event: z.literal('INFERENCE_COMPLETE'),
  callback_version: z.string(),
  callback_data: v3InferenceDataSchema,
});
export const v3CallbackSessionCompleteSchema = z.looseObject({
  callback_event: z.literal('SESSION_COMPLETE'),
  callback_version: z.string(),
  callback_data: v3SessionDataSchema,
});

/** Every top-level schema, by name: the input for JSON Schema emission. */
export const webhookSchemas = {
  v1InferenceSchema,
  v1SessionSchema,
  v2InferenceSchema,
  v2SessionSchema,
  v3InferenceSchema,
  v3SessionCompleteSchema,
  v3CallbackInferenceSchema,
  v3CallbackSessionCompleteSchema,
  flatInferenceSchema,
  flatSessionSchema,
} as const;

export type V1InferenceData = z.output<typeof v1InferenceDataSchema>;
export type V2InferenceData = z.output<typeof v2InferenceDataSchema>;
export type V3InferenceData = z.output<typeof v3InferenceDataSchema>;
export type FlatInference = z.output<typeof flatInferenceSchema>;
export type V3SessionData = z.output<typeof v3SessionDataSchema>;
export type LegacySessionData = z.output<typeof legacySessionDataSchema>;
export type FlatSession = z.output<typeof flatSessionSchema>;
