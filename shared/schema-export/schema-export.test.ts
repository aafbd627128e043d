import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectEnvelope } from '../asleep/detect';
import flatInference from '../asleep/examples/flat-inference-complete.json';
import flatSession from '../asleep/examples/flat-session-complete.json';
import v1Inference from '../asleep/examples/v1-inference-complete.json';
import v2Inference from '../asleep/examples/v2-inference-complete.json';
import v3Inference from '../asleep/examples/v3-inference-complete.json';
import v3Session from '../asleep/examples/v3-session-complete.json';
import { interpret } from '../asleep/interpret';
import { isIsoDateTime } from '../asleep/iso-time';
import { planSimulation, SIM_LAYOUTS } from '../simulator';
import { entryFor, SCHEMA_ENTRIES } from './catalog';
import { ISO_DATE_TIME_PATTERN, JSON_SCHEMA_DIALECT, type JsonSchema } from './emit';
import { SCHEMA_BUNDLE_FILE, SCHEMA_INDEX_FILE, schemaBundle, schemaFile, schemaFiles, schemaIndex } from './bundle';
import { checkJsonSchema } from './test-support/json-schema-check';

type Body = Record<string, unknown>;
const clone = (v: unknown): Body => structuredClone(v) as Body;

const EXAMPLES: [string, Body][] = [
  ['v1-inference-complete.json', v1Inference],
  ['v2-inference-complete.json', v2Inference],
  ['v3-inference-complete.json', v3Inference],
  ['v3-session-complete.json', v3Session],
  ['flat-inference-complete.json', flatInference],
  ['flat-session-complete.json', flatSession],
];

/** Variants the reference says real senders use: V3 with the callback_* spelling and with `stage_list`. */
function variants(): [string, Body][] {
  const callbackInference = { callback_event: v3Inference.event, callback_version: v3Inference.version, callback_data: clone(v3Inference.data) };
  const callbackSession = { callback_event: v3Session.event, callback_version: v3Session.version, callback_data: clone(v3Session.data) };
  const stageList = clone(v3Inference);
  const data = stageList.data as Body;
  data.stage_list = data.sleep_stages;
  delete data.sleep_stages;
  return [
    ['v3 inference, callback_* keys', callbackInference],
    ['v3 session, callback_* keys', callbackSession],
    ['v3 inference, stage_list', stageList],
  ];
}

/** The JSON Schema the console would use for this body (its detected layout, spelling and event). */
function schemaOf(body: unknown): { name: string; schema: JsonSchema } {
  const env = detectEnvelope(body);
  const entry = env.layout && env.event ? entryFor(env.layout, env.spelling, env.event) : null;
  if (!entry) throw new Error(`no schema for ${JSON.stringify(env)}`);
  return { name: entry.name, schema: schemaFile(`${entry.name}.schema.json`)! };
}

describe('the exported files', () => {
  it('one draft 2020-12 schema per layout, key spelling and event, each with $id, title and description', () => {
    const files = schemaFiles();
    expect(files[0]!.file).toBe(SCHEMA_INDEX_FILE);
    const schemas = files.slice(1).map((f) => ({ file: f.file, schema: JSON.parse(f.content) as JsonSchema }));
    expect(schemas.map((s) => s.file).sort()).toEqual(
      [
        'flat-inference-complete',
        'flat-session-complete',
        'v1-inference-complete',
        'v1-session-complete',
        'v2-inference-complete',
        'v2-session-complete',
        'v3-callback-inference-complete',
        'v3-callback-session-complete',
        'v3-inference-complete',
        'v3-session-complete',
      ].map((n) => `${n}.schema.json`),
    );
    const ids = new Set<string>();
    for (const { file, schema } of schemas) {
      expect(schema.$schema, file).toBe(JSON_SCHEMA_DIALECT);
      expect(schema.$id, file).toMatch(/^urn:asleep-webhook-console:schema:[a-z0-9-]+$/);
      expect(typeof schema.title === 'string' && schema.title.length > 10, file).toBe(true);
      expect(typeof schema.description === 'string' && schema.description.length > 40, file).toBe(true);
      expect(schema.type, file).toBe('object');
      ids.add(schema.$id as string);
    }
    expect(ids.size).toBe(schemas.length);
    for (const f of files) expect(f.content.endsWith('}\n')).toBe(true);
  });

  it('the index names every file, its $id and when the console uses it', () => {
    const index = schemaIndex();
    expect(index.format).toBe('asleep-console-schemas/1');
    expect(index.schemas).toHaveLength(SCHEMA_ENTRIES.length);
    for (const item of index.schemas) {
      expect(schemaFile(item.file)?.$id).toBe(item.$id);
      expect(item.selectedWhen).toMatch(/INFERENCE_COMPLETE|SESSION_COMPLETE/);
    }
    expect(schemaFile('nope.schema.json')).toBeNull();
  });

  it('the combined download holds the index and every schema, keyed by file name', () => {
    const file = schemaBundle();
    expect(file.fileName).toBe(SCHEMA_BUNDLE_FILE);
    const bundle = JSON.parse(file.content) as Record<string, JsonSchema>;
    expect(Object.keys(bundle)).toEqual(schemaFiles().map((f) => f.file));
    expect(bundle['v3-inference-complete.schema.json']).toEqual(schemaFile('v3-inference-complete.schema.json'));
    expect(bundle[SCHEMA_INDEX_FILE]).toEqual(schemaIndex());
  });

  it('callers get copies: changing one does not change the next answer', () => {
    const s = schemaFile('v3-inference-complete.schema.json')!;
    s.title = 'changed';
    expect(schemaFile('v3-inference-complete.schema.json')!.title).not.toBe('changed');
  });
});

describe('examples validate against the emitted schema of their detected layout (JSON Schema checker)', () => {
  it.each([...EXAMPLES, ...variants()])('%s', (_name, body) => {
    const { schema } = schemaOf(body);
    expect(checkJsonSchema(schema as never, body)).toEqual([]);
    expect(interpret(body).valid).toBe(true);
  });

  it('the examples pick the schema the console uses', () => {
    expect(EXAMPLES.map(([file, body]) => [file, `${schemaOf(body).name}.json`])).toEqual(EXAMPLES.map(([file]) => [file, file]));
  });

  it.each(SIM_LAYOUTS)('every request of a simulated %s night, both events', (layout) => {
    const sim = planSimulation({ seed: 11, startMs: Date.UTC(2025, 0, 15, 22, 30), apiKey: 'k', hours: 1, layout, participants: 1, breathing: true });
    const names = new Set<string>();
    for (const r of sim.requests) {
      const body = JSON.parse(r.body) as Body;
      const { name, schema } = schemaOf(body);
      names.add(name);
      expect(checkJsonSchema(schema as never, body), `${name} ${r.body.slice(0, 200)}`).toEqual([]);
    }
    expect(names.size).toBe(2);
  });
});

describe('the JSON Schema says what the console says', () => {
  it('V3 inference needs sleep_stages or stage_list', () => {
    const body = clone(v3Inference);
    delete (body.data as Body).sleep_stages;
    expect(checkJsonSchema(schemaOf(body).schema as never, body)).not.toEqual([]);
    expect(interpret(body).valid).toBe(false);
  });

  it('numbers sent as strings, stage codes out of range, missing ids and offset-less times are invalid in both', () => {
    const cases: ((b: Body) => void)[] = [
      (b) => ((b.data as Body).inference_seq_num = '3'),
      (b) => ((b.data as Body).sleep_stages = [1, 7]),
      (b) => delete (b.data as Body).user_id,
      (b) => ((b.data as Body).session_id = ''),
    ];
    for (const mutate of cases) {
      const body = clone(v3Inference);
      mutate(body);
      expect(checkJsonSchema(schemaOf(body).schema as never, body)).not.toEqual([]);
      expect(interpret(body).valid).toBe(false);
    }
    const session = clone(v3Session);
    ((session.data as Body).session as Body).start_time = '2024-01-21T06:15:00';
    expect(checkJsonSchema(schemaOf(session).schema as never, session)).not.toEqual([]);
    expect(interpret(session).valid).toBe(false);
  });

  // Differential test: random single changes to each example; zod (what the console runs) and the
  // emitted JSON Schema must agree on every one. Impossible calendar days are left out: the one
  // documented difference (a pattern cannot count the days of a month).
  const REPLACEMENTS: unknown[] = [
    null, true, 0, 1, 3, -1, -2, 4, 7, 1.5, 0.5, 2, '', '3', 'x', 'INFERENCE_COMPLETE', 'SESSION_COMPLETE', 'V3',
    [], [0, 1], [1, '1'], [5], [null], {}, { a: 1 },
    '2024-01-21T06:15:00Z', '2024-01-21T15:15:00+09:00', '2024-01-21T06:15Z', '2024-01-21T06:15:00+0900', '2024-01-21T06:15:00.123456789-05',
    '2024-01-21T06:15:00', '2024-01-21 06:15:00Z', '2024-13-01T00:00:00Z', '2024-01-21T24:00:00Z', '07:30:00', '7:30', '120:05:09',
  ];

  function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
    const out: (string | number)[][] = prefix.length ? [prefix] : [];
    if (Array.isArray(value)) value.slice(0, 3).forEach((v, i) => out.push(...paths(v, [...prefix, i])));
    else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
    return out;
  }

  function mutate(body: Body, path: (string | number)[], action: 'delete' | 'replace' | 'add', replacement: unknown): Body {
    const copy = clone(body);
    let parent: Record<string | number, unknown> = copy;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    const last = path.at(-1)!;
    if (action === 'delete' && !Array.isArray(parent)) delete parent[last];
    else if (action === 'add' && typeof parent[last] === 'object' && parent[last] !== null && !Array.isArray(parent[last])) (parent[last] as Body).brand_new_field = replacement;
    else parent[last] = replacement;
    return copy;
  }

  const all = [...EXAMPLES, ...variants()];
  it.each(all)('%s: zod and the JSON Schema agree on 300 random changes', (_name, example) => {
    const { schema } = schemaOf(example);
    const zodSchema = SCHEMA_ENTRIES.find((e) => schemaFile(`${e.name}.schema.json`)!.$id === schema.$id)!.zod;
    const candidates = paths(example);
    fc.assert(
      fc.property(
        fc.constantFrom(...candidates),
        fc.constantFrom('delete' as const, 'replace' as const, 'add' as const),
        fc.constantFrom(...REPLACEMENTS),
        (path, action, replacement) => {
          const body = mutate(example, path, action, replacement);
          const byZod = zodSchema.safeParse(body).success;
          const byJsonSchema = checkJsonSchema(schema as never, body).length === 0;
          expect({ path: path.join('.'), action, replacement, byJsonSchema }).toEqual({ path: path.join('.'), action, replacement, byJsonSchema: byZod });
        },
      ),
      { numRuns: 300, seed: 20250115 },
    );
  });
});

describe('ISO date-time pattern', () => {
  const pattern = new RegExp(ISO_DATE_TIME_PATTERN, 'u');
  const two = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((n) => String(n).padStart(2, '0'));

  it('agrees with the console’s check on generated date-times, except days a month does not have', () => {
    const candidate = fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')),
        two(0, 13),
        two(0, 32),
        fc.constantFrom('T', 't', ' '),
        two(0, 25),
        two(0, 61),
        fc.option(two(0, 61), { nil: undefined }),
        fc.option(fc.constantFrom('.1', ',5', '.123456789', '.1234567890'), { nil: undefined }),
        fc.constantFrom('Z', 'z', '', '+09:00', '-05:30', '+0900', '+09', '+24:00', '-00:60', '+9:00'),
      )
      .map(([y, mo, d, t, h, mi, s, frac, zone]) => `${y}-${mo}-${d}${t}${h}:${mi}${s === undefined ? '' : `:${s}${frac ?? ''}`}${zone}`);
    fc.assert(
      fc.property(candidate, (value) => {
        const console = isIsoDateTime(value);
        const json = pattern.test(value);
        // The only allowed difference: the pattern lets 29-31 through in every month.
        const dayMissing = json && !console && /^\d{4}-\d{2}-(29|30|31)/.test(value);
        expect(dayMissing || json === console, value).toBe(true);
      }),
      { numRuns: 3000, seed: 7 },
    );
  });

  it('lets February 30 through (documented): the console refuses it', () => {
    expect(pattern.test('2024-02-30T00:00:00Z')).toBe(true);
    expect(isIsoDateTime('2024-02-30T00:00:00Z')).toBe(false);
  });
});
