// JSON Schema (draft 2020-12) from the console's own zod schemas, so a QA pipeline validates exactly
// what the console validates. zod emits most of it; two checks that live in zod refinements are
// added here by hand, because refinements are code and have no JSON Schema form:
//  - ISO date-times: the console's strict check (shared/asleep/iso-time.ts) becomes a `pattern` of the
//    same shape. `format: "date-time"` is dropped on purpose: RFC 3339 wants seconds and `+hh:mm`, the
//    console also takes "06:15Z" and "+0900", and a validator that asserts formats would then refuse
//    bodies the console accepts. The one check a pattern cannot make (the day exists: no Feb 30) is
//    said in the description.
//  - V3 INFERENCE_COMPLETE: `sleep_stages` or `stage_list`, one of the two (`anyOf` of `required`).
import { z } from 'zod';
import { v3InferenceDataSchema } from '../asleep/schemas';
import type { SchemaEntry } from './catalog';

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';
export const SCHEMA_ID_PREFIX = 'urn:asleep-webhook-console:schema:';

/** The shape of `parseIsoDateTime`'s regex, with the field ranges a regex can check. */
export const ISO_DATE_TIME_PATTERN =
  '^\\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])[Tt](?:[01]\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d(?:[.,]\\d{1,9})?)?(?:[Zz]|[+-](?:[01]\\d|2[0-3])(?::?[0-5]\\d)?)$';
const ISO_DESCRIPTION =
  'ISO 8601 date-time with Z or a UTC offset, e.g. 2024-01-21T06:15:00Z or 2024-01-21T15:15:00+09:00 (the console also refuses days that do not exist, such as February 30)';

export type JsonSchema = { [key: string]: unknown };

export function schemaFileName(entry: Pick<SchemaEntry, 'name'>): string {
  return `${entry.name}.schema.json`;
}

export function schemaId(entry: Pick<SchemaEntry, 'name'>): string {
  return SCHEMA_ID_PREFIX + entry.name;
}

/** One entry as a standalone JSON Schema document. */
export function emitSchema(entry: SchemaEntry): JsonSchema {
  const generated = z.toJSONSchema(entry.zod, {
    target: 'draft-2020-12',
    unrepresentable: 'throw',
    override: ({ zodSchema, jsonSchema }) => {
      if (zodSchema === (v3InferenceDataSchema as unknown)) jsonSchema.anyOf = [{ required: ['sleep_stages'] }, { required: ['stage_list'] }];
    },
  }) as JsonSchema;
  const { $schema: _dialect, ...body } = withIsoPattern(generated) as JsonSchema;
  return {
    $schema: JSON_SCHEMA_DIALECT,
    $id: schemaId(entry),
    title: entry.title,
    description: `${entry.description} Used by the console when the body has ${entry.selectedWhen.replace(/\.$/, '')}. Unknown fields are allowed everywhere (additionalProperties); known fields are typed strictly: a number sent as a string is invalid.`,
    ...body,
  };
}

/** Replaces every `format: "date-time"` (zod's annotation for the ISO check) with the console's pattern. */
function withIsoPattern(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withIsoPattern);
  if (typeof node !== 'object' || node === null) return node;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) out[key] = withIsoPattern(value);
  if (out.format === 'date-time') {
    delete out.format;
    out.pattern = ISO_DATE_TIME_PATTERN;
    out.description = ISO_DESCRIPTION;
  }
  return out;
}
