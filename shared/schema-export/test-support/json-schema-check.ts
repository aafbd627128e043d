// Test-only: a small JSON Schema 2020-12 checker for exactly the keywords the exported schemas use,
// so the tests can validate bodies against the emitted files without adding a dependency (ajv).
// Any other keyword throws: the checker can never pass a body by ignoring a rule it does not know.
// Semantics follow the 2020-12 validation vocabulary (json-schema.org/draft/2020-12/json-schema-validation).

const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', 'format', 'default', 'examples']);
const ASSERTIONS = new Set(['type', 'enum', 'const', 'properties', 'required', 'additionalProperties', 'items', 'anyOf', 'minimum', 'maximum', 'minLength', 'pattern']);

export interface SchemaError {
  path: string;
  message: string;
}

type Schema = boolean | { [key: string]: unknown };

function typeMatches(type: string, value: unknown): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'boolean':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    default:
      throw new Error(`unsupported type "${type}"`);
  }
}

function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

/** Every error of `value` against `schema` (empty = valid). */
export function checkJsonSchema(schema: Schema, value: unknown, path = ''): SchemaError[] {
  if (schema === true) return [];
  if (schema === false) return [{ path, message: 'no value is allowed here' }];
  const errors: SchemaError[] = [];
  const fail = (message: string, at = path) => errors.push({ path: at, message });
  for (const key of Object.keys(schema)) {
    if (!ANNOTATIONS.has(key) && !ASSERTIONS.has(key)) throw new Error(`unsupported keyword "${key}" at ${path || '(root)'}`);
  }
  const s = schema;

  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((t) => typeMatches(t, value))) fail(`expected ${types.join(' or ')}`);
  }
  if (s.enum !== undefined && !(s.enum as unknown[]).some((e) => jsonEqual(e, value))) fail(`expected one of ${JSON.stringify(s.enum)}`);
  if (Object.hasOwn(s, 'const') && !jsonEqual(s.const, value)) fail(`expected ${JSON.stringify(s.const)}`);

  if (typeof value === 'number') {
    if (typeof s.minimum === 'number' && value < s.minimum) fail(`below the minimum ${s.minimum}`);
    if (typeof s.maximum === 'number' && value > s.maximum) fail(`above the maximum ${s.maximum}`);
  }
  if (typeof value === 'string') {
    if (typeof s.minLength === 'number' && [...value].length < s.minLength) fail(`shorter than ${s.minLength}`);
    if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(value)) fail(`does not match ${s.pattern}`);
  }

  if (isObject(value)) {
    const props = (s.properties ?? {}) as Record<string, Schema>;
    for (const key of (s.required ?? []) as string[]) if (!Object.hasOwn(value, key)) fail(`missing required "${key}"`, join(path, key));
    for (const [key, v] of Object.entries(value)) {
      if (Object.hasOwn(props, key)) errors.push(...checkJsonSchema(props[key]!, v, join(path, key)));
      else if (s.additionalProperties !== undefined) errors.push(...checkJsonSchema(s.additionalProperties as Schema, v, join(path, key)));
    }
  }
  if (Array.isArray(value) && s.items !== undefined) {
    value.forEach((v, i) => errors.push(...checkJsonSchema(s.items as Schema, v, join(path, i))));
  }
  if (s.anyOf !== undefined) {
    const branches = (s.anyOf as Schema[]).map((b) => checkJsonSchema(b, value, path));
    if (!branches.some((b) => b.length === 0)) fail(`matches none of anyOf (${branches.map((b) => b[0]?.message ?? '').join(' | ')})`);
  }
  return errors;
}
