// Every (layout, key spelling, event) the console accepts, with the zod schema that validates it and
// the words a QA engineer needs to pick the right JSON Schema file. The facts come from
// /work/shared/asleep/reference.md (layouts table); the selection rules mirror shared/asleep/detect.ts.
import type { z } from 'zod';
import type { KnownEvent, Layout } from '../asleep/model';
import {
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
} from '../asleep/schemas';

/** The envelope keys a body uses: `event`/`version`/`data`, `callback_event`/`callback_version`/`callback_data`, or none (flat). */
export type Spelling = 'plain' | 'callback' | 'flat';

export interface SchemaEntry {
  /** File stem: `v3-inference-complete` → `v3-inference-complete.schema.json`. */
  name: string;
  layout: Layout;
  spelling: Spelling;
  event: KnownEvent;
  zod: z.ZodType;
  title: string;
  description: string;
  /** When the console validates a body with this schema (its layout detection, in words). */
  selectedWhen: string;
}

const V1_KEYS = '`callback_event` and a `callback_data` object, with no `callback_version` key (or `callback_version` "V1")';
const V2_KEYS = '`callback_event`, `callback_version` "V2" and a `callback_data` object';
const V3_KEYS = '`event`, `version` and a `data` object (`version` "V3", or absent)';
const V3_CALLBACK_KEYS = '`callback_event`, `callback_version` "V3" and a `callback_data` object';
const FLAT_KEYS = '`event` at the top level next to `user_id`, `session_id`, `sleep_stages` or `session`, with no `data` / `callback_data` object';

const inference = (keys: string) => `${keys}; the event is "INFERENCE_COMPLETE".`;
const session = (keys: string) => `${keys}; the event is "SESSION_COMPLETE".`;

export const SCHEMA_ENTRIES: readonly SchemaEntry[] = [
  {
    name: 'v1-inference-complete',
    layout: 'v1',
    spelling: 'callback',
    event: 'INFERENCE_COMPLETE',
    zod: v1InferenceSchema,
    title: 'Asleep V1 INFERENCE_COMPLETE webhook',
    description:
      'A 5-minute (or longer) block of sleep stages, V1 layout: `callback_event`, `callback_data` (V1 sent no version key). Stage array `stage_list`, breathing array `osa_stage_list`. No official V1 JSON example exists: built from the V1 field table.',
    selectedWhen: inference(V1_KEYS),
  },
  {
    name: 'v1-session-complete',
    layout: 'v1',
    spelling: 'callback',
    event: 'SESSION_COMPLETE',
    zod: v1SessionSchema,
    title: 'Asleep V1 SESSION_COMPLETE webhook',
    description:
      'The end of a night, V1 layout: `callback_data` = `{ user_id, session_id, sleep_data }`. No official JSON exists for `sleep_data`, so every part of it is optional but typed when present.',
    selectedWhen: session(V1_KEYS),
  },
  {
    name: 'v2-inference-complete',
    layout: 'v2',
    spelling: 'callback',
    event: 'INFERENCE_COMPLETE',
    zod: v2InferenceSchema,
    title: 'Asleep V2 INFERENCE_COMPLETE webhook',
    description:
      'A block of sleep stages, V2 layout: `callback_event`, `callback_version`, `callback_data`. Stage array `stage_list`, breathing array `breath_stages` (may be null).',
    selectedWhen: inference(V2_KEYS),
  },
  {
    name: 'v2-session-complete',
    layout: 'v2',
    spelling: 'callback',
    event: 'SESSION_COMPLETE',
    zod: v2SessionSchema,
    title: 'Asleep V2 SESSION_COMPLETE webhook',
    description:
      'The end of a night, V2 layout: `callback_data` = `{ user_id, session_id, sleep_data }`; `sleep_data` has no official JSON, so every part of it is optional but typed when present.',
    selectedWhen: session(V2_KEYS),
  },
  {
    name: 'v3-inference-complete',
    layout: 'v3',
    spelling: 'plain',
    event: 'INFERENCE_COMPLETE',
    zod: v3InferenceSchema,
    title: 'Asleep V3 INFERENCE_COMPLETE webhook (event / version / data)',
    description:
      'A block of sleep stages, V3 layout as in Asleep’s current documentation: `event`, `version`, `data`. The stage array is `sleep_stages` (examples) or `stage_list` (field table): one of the two is required. `breath_stages` may be null; `snoring_stages` is 0/1 per epoch (-1 = unknown).',
    selectedWhen: inference(V3_KEYS),
  },
  {
    name: 'v3-session-complete',
    layout: 'v3',
    spelling: 'plain',
    event: 'SESSION_COMPLETE',
    zod: v3SessionCompleteSchema,
    title: 'Asleep V3 SESSION_COMPLETE webhook (event / version / data)',
    description:
      'The end of a night, V3 layout: `data` is the Get Session result plus `user_id` (the session id is `data.session.id`; there is no `session_id` key). `stat` is null when the peculiarities explain why (IN_PROGRESS, NO_REALTIME_POLLING, TOO_SHORT_FOR_ANALYSIS, TOO_MANY_DEFECTS_IN_SLEEP_STAGES). Stat units: seconds, 0-1 ratios, ISO times.',
    selectedWhen: session(V3_KEYS),
  },
  {
    name: 'v3-callback-inference-complete',
    layout: 'v3',
    spelling: 'callback',
    event: 'INFERENCE_COMPLETE',
    zod: v3CallbackInferenceSchema,
    title: 'Asleep V3 INFERENCE_COMPLETE webhook (callback_event / callback_version / callback_data)',
    description:
      'The same V3 block of sleep stages with the `callback_*` key spelling of Asleep’s English field table. The stage array is `sleep_stages` or `stage_list`: one of the two is required.',
    selectedWhen: inference(V3_CALLBACK_KEYS),
  },
  {
    name: 'v3-callback-session-complete',
    layout: 'v3',
    spelling: 'callback',
    event: 'SESSION_COMPLETE',
    zod: v3CallbackSessionCompleteSchema,
    title: 'Asleep V3 SESSION_COMPLETE webhook (callback_event / callback_version / callback_data)',
    description: 'The same V3 end-of-night report with the `callback_*` key spelling of Asleep’s English field table.',
    selectedWhen: session(V3_CALLBACK_KEYS),
  },
  {
    name: 'flat-inference-complete',
    layout: 'flat',
    spelling: 'flat',
    event: 'INFERENCE_COMPLETE',
    zod: flatInferenceSchema,
    title: 'Flat (seed document) INFERENCE_COMPLETE webhook',
    description:
      'The simplified layout of the seed document: `event`, `version`, `timestamp` and every field at the top level; stage array `sleep_stages`; optional `time_window { start, end }` as a second placement hint.',
    selectedWhen: inference(FLAT_KEYS),
  },
  {
    name: 'flat-session-complete',
    layout: 'flat',
    spelling: 'flat',
    event: 'SESSION_COMPLETE',
    zod: flatSessionSchema,
    title: 'Flat (seed document) SESSION_COMPLETE webhook',
    description:
      'The seed document’s end-of-night report: `session`, `stat` and `peculiarities` at the top level. Its `stat` has other units than the official one: `sleep_time` is a duration "HH:MM:SS", `sleep_efficiency` a percentage, `sleep_cycle` an array of `{ order, start_time, end_time }`.',
    selectedWhen: session(FLAT_KEYS),
  },
];

/** The entry the console would validate a body with, from its detected layout, key spelling and event. */
export function entryFor(layout: Layout, spelling: 'plain' | 'callback' | null, event: string): SchemaEntry | null {
  const wanted: Spelling = layout === 'flat' ? 'flat' : layout === 'v3' && spelling === 'plain' ? 'plain' : 'callback';
  return SCHEMA_ENTRIES.find((e) => e.layout === layout && e.spelling === wanted && e.event === event) ?? null;
}
