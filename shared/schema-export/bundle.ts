// The set of schema files QA takes away: one JSON Schema per accepted layout and event, plus an
// index that says which file the console would use for a given body. Served by the local API
// (`/api/schemas`), written by `npm run schemas`, and downloaded from the UI as one combined file.
import type { ExportFile } from '../export';
import { SCHEMA_ENTRIES, type SchemaEntry, type Spelling } from './catalog';
import { emitSchema, JSON_SCHEMA_DIALECT, schemaFileName, schemaId, type JsonSchema } from './emit';

export const SCHEMA_INDEX_FILE = 'index.json';
export const SCHEMA_INDEX_FORMAT = 'asleep-console-schemas/1';
export const SCHEMA_BUNDLE_FILE = 'asleep-webhook-schemas.json';

export interface SchemaIndexItem {
  file: string;
  $id: string;
  title: string;
  layout: SchemaEntry['layout'];
  /** `plain` = event/version/data, `callback` = callback_event/callback_version/callback_data, `flat` = top-level fields. */
  spelling: Spelling;
  event: SchemaEntry['event'];
  selectedWhen: string;
}

export interface SchemaIndex {
  format: typeof SCHEMA_INDEX_FORMAT;
  dialect: typeof JSON_SCHEMA_DIALECT;
  schemas: SchemaIndexItem[];
  notes: string[];
}

const NOTES = [
  'The console first detects the layout from the keys a body uses (see selectedWhen), then validates it with that one schema. A body can match another layout’s schema and still be flagged: validate with the schema of the layout you mean to send.',
  'Unknown fields are accepted everywhere; known fields are typed strictly (a number sent as a string is invalid, never coerced).',
  'Date-times are checked with a pattern of the console’s own shape (Z or an offset is required); the console also refuses days that do not exist (February 30), which a pattern cannot express.',
  'A valid body can still carry warnings in the console (array lengths that disagree, unknown peculiarities, a stat that contradicts the stages): warnings are not part of validity and not in these schemas.',
  'An event name other than INFERENCE_COMPLETE and SESSION_COMPLETE is kept and flagged as invalid.',
];

interface Built {
  index: SchemaIndex;
  files: Map<string, JsonSchema>;
}

let built: Built | null = null;

// Emitted once: the schemas are constants of this build.
function build(): Built {
  if (built) return built;
  const files = new Map<string, JsonSchema>();
  const schemas: SchemaIndexItem[] = [];
  for (const entry of SCHEMA_ENTRIES) {
    const file = schemaFileName(entry);
    files.set(file, emitSchema(entry));
    schemas.push({ file, $id: schemaId(entry), title: entry.title, layout: entry.layout, spelling: entry.spelling, event: entry.event, selectedWhen: entry.selectedWhen });
  }
  built = { index: { format: SCHEMA_INDEX_FORMAT, dialect: JSON_SCHEMA_DIALECT, schemas, notes: NOTES }, files };
  return built;
}

export function schemaIndex(): SchemaIndex {
  return copy(build().index);
}

/** A schema by file name (`v3-inference-complete.schema.json`), or null. */
export function schemaFile(file: string): JsonSchema | null {
  const s = build().files.get(file);
  return s ? copy(s) : null;
}

/** Every file to write: `index.json` first, then one per schema, each as pretty JSON with a final newline. */
export function schemaFiles(): { file: string; content: string }[] {
  const { index, files } = build();
  return [{ file: SCHEMA_INDEX_FILE, content: pretty(index) }, ...[...files].map(([file, schema]) => ({ file, content: pretty(schema) }))];
}

/** All files in one JSON object keyed by file name, for a single download. */
export function schemaBundle(): ExportFile {
  const { index, files } = build();
  const bundle: Record<string, unknown> = { [SCHEMA_INDEX_FILE]: index };
  for (const [file, schema] of files) bundle[file] = schema;
  return { fileName: SCHEMA_BUNDLE_FILE, mimeType: 'application/json; charset=utf-8', content: pretty(bundle) };
}

const pretty = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
/** Plain JSON data: a JSON round trip is a deep copy (shared/ has no structuredClone). */
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
