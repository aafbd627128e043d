// JSON Schema export of every webhook layout the console accepts (pure: used by the core, the local API and the CLI).
export { entryFor, SCHEMA_ENTRIES } from './catalog';
export type { SchemaEntry, Spelling } from './catalog';
export { emitSchema, ISO_DATE_TIME_PATTERN, JSON_SCHEMA_DIALECT, SCHEMA_ID_PREFIX, schemaFileName, schemaId } from './emit';
export type { JsonSchema } from './emit';
export { SCHEMA_BUNDLE_FILE, SCHEMA_INDEX_FILE, SCHEMA_INDEX_FORMAT, schemaBundle, schemaFile, schemaFiles, schemaIndex } from './bundle';
export type { SchemaIndex, SchemaIndexItem } from './bundle';
