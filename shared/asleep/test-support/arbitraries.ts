// fast-check generators of webhook bodies for the property tests of the detector and normalizer.
// Every body is produced as JSON text and parsed with JSON.parse, exactly as the listener does, so
// keys such as `__proto__` are own properties of the parsed objects (an object literal or
// assignment would set the prototype instead).
import fc from 'fast-check';
import flatInference from '../examples/flat-inference-complete.json';
import flatSession from '../examples/flat-session-complete.json';
import v1Inference from '../examples/v1-inference-complete.json';
import v2Inference from '../examples/v2-inference-complete.json';
import v3Inference from '../examples/v3-inference-complete.json';
import v3Session from '../examples/v3-session-complete.json';

/** Keys that name inherited members of Object.prototype, or that pollute it when merged carelessly. */
export const DANGEROUS_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__'] as const;

export const ASLEEP_KEYS = [
  'event', 'version', 'data', 'callback_event', 'callback_version', 'callback_data', 'timestamp',
  'user_id', 'session_id', 'seq_num', 'inference_seq_num', 'sleep_stages', 'stage_list', 'breath_stages',
  'snoring_stages', 'osa_stage_list', 'time_window', 'start', 'end', 'session', 'sleep_data', 'id', 'state',
  'start_time', 'end_time', 'unexpected_end_time', 'created_timezone', 'timezone', 'peculiarities',
  'missing_data_ratio', 'stat', 'sleep_time', 'sleep_efficiency', 'sleep_latency', 'sleep_cycle', 'sleep_cycle_time',
  'time_in_bed', 'waso_count', 'order', 'breathing_pattern',
] as const;

/** A value that announces itself if it ever ends up on Object.prototype. */
export const POLLUTION_MARKER = 'polluted_by_property_test';

/** Seven valid bodies covering every layout and both events: starting points for mutations. */
export const VALID_BODIES: readonly unknown[] = [
  v1Inference,
  v2Inference,
  v3Inference,
  v3Session,
  flatInference,
  flatSession,
  { callback_event: 'SESSION_COMPLETE', callback_version: 'V2', callback_data: { user_id: 'u-1', session_id: 's-1', sleep_data: v3Session.data } },
  { callback_event: 'INFERENCE_COMPLETE', callback_version: 'V3', callback_data: v3Inference.data },
];

/** An object as a list of entries, so duplicate and `__proto__` keys survive until JSON.parse. */
export class Entries {
  constructor(readonly entries: [string, Node][]) {}
}
export type Node = null | boolean | number | string | Node[] | Entries;

/** JSON text of a node; objects keep their entries in order, duplicates included. */
export function render(node: Node): string {
  if (node instanceof Entries) return `{${node.entries.map(([k, v]) => `${JSON.stringify(k)}:${render(v)}`).join(',')}}`;
  if (Array.isArray(node)) return `[${node.map(render).join(',')}]`;
  return JSON.stringify(node);
}

const key = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...ASLEEP_KEYS) },
  { weight: 3, arbitrary: fc.constantFrom(...DANGEROUS_KEYS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

const isoTimes = fc.constantFrom(
  '2025-01-15T02:50:29+00:00',
  '2024-01-21T06:15:00Z',
  '2024-02-30T25:61:00Z',
  '2024-01-21 06:15:00',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999999999-23:59',
);

const leaf: fc.Arbitrary<Node> = fc.oneof(
  fc.constantFrom<Node>(null, true, false, 0, -1, 1, 3, 10, 1e308, -0.5, '', 'V1', 'V2', 'V3', 'v3', ' V2 ', 'V4'),
  fc.constantFrom<Node>('INFERENCE_COMPLETE', 'SESSION_COMPLETE', 'COMPLETE', 'OPEN', 'IN_PROGRESS', 'NO_BREATHING_STABILITY', '__proto__', POLLUTION_MARKER),
  isoTimes,
  fc.integer({ min: -5, max: 2 ** 53 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 20 }),
  fc.array(fc.integer({ min: -2, max: 4 }), { maxLength: 30 }),
  fc.constant<Node>(new Entries([[POLLUTION_MARKER, true]])),
);

/** Nested values whose object keys are mostly Asleep's own field names and dangerous names. */
export const asleepLikeNode: fc.Arbitrary<Node> = fc.letrec<{ node: Node; array: Node[]; object: Entries }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('node'), { maxLength: 4 }),
  object: fc.array(fc.tuple(key, tie('node')), { maxLength: 7 }).map((entries) => new Entries(entries)),
})).node;

/** Bodies shaped like an envelope (event/version/data in either spelling) around Asleep-like content. */
export const envelopeBody: fc.Arbitrary<string> = fc
  .record({
    spelling: fc.constantFrom(['event', 'version', 'data'], ['callback_event', 'callback_version', 'callback_data']),
    event: fc.oneof(fc.constantFrom<Node>('INFERENCE_COMPLETE', 'SESSION_COMPLETE'), leaf),
    version: fc.option(leaf, { nil: undefined }),
    data: asleepLikeNode,
    extra: fc.array(fc.tuple(key, asleepLikeNode), { maxLength: 4 }),
  })
  .map(({ spelling, event, version, data, extra }) => {
    const [eventKey, versionKey, dataKey] = spelling as [string, string, string];
    const entries: [string, Node][] = [[eventKey, event], [dataKey, data], ...extra];
    if (version !== undefined) entries.push([versionKey, version]);
    return render(new Entries(entries));
  });

/** Any JSON value, as JSON text. */
export const anyJsonText: fc.Arbitrary<string> = fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null');

/** Asleep-like JSON text: a nested value, or an envelope around one. */
export const asleepLikeText: fc.Arbitrary<string> = fc.oneof(asleepLikeNode.map(render), envelopeBody);

type Mutation = { path: number[]; op: 'set' | 'delete' | 'insert'; key: string; value: Node };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  path: fc.array(fc.nat(), { minLength: 0, maxLength: 6 }),
  op: fc.constantFrom('set', 'delete', 'insert'),
  key,
  value: asleepLikeNode,
});

/**
 * A valid body with a few mutations at random places (a field replaced, removed, or a new key such
 * as `__proto__` added at any depth), as JSON text: reaches the normalizers, not just the detector.
 */
export const mutatedValidText: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...VALID_BODIES), fc.array(mutation, { minLength: 1, maxLength: 4 }))
  .map(([body, mutations]) => {
    const copy = JSON.parse(JSON.stringify(body)) as unknown;
    for (const m of mutations) mutate(copy, m);
    return JSON.stringify(copy);
  });

function mutate(root: unknown, m: Mutation): void {
  let here = root;
  for (const choice of m.path) {
    const children = containerChildren(here);
    if (children.length === 0 || choice % (children.length + 1) === children.length) break;
    here = children[choice % children.length];
  }
  if (typeof here !== 'object' || here === null) return;
  // The value is parsed from JSON so that nested `__proto__` keys are own properties too.
  const value = JSON.parse(render(m.value)) as unknown;
  if (Array.isArray(here)) {
    const i = here.length === 0 ? 0 : m.path.length % here.length;
    if (m.op === 'delete') here.splice(i, 1);
    else if (m.op === 'insert') here.splice(i, 0, value);
    else here[i] = value;
    return;
  }
  const obj = here as Record<string, unknown>;
  const keys = Object.keys(obj);
  const target = m.op === 'insert' || keys.length === 0 ? m.key : keys[m.path.length % keys.length]!;
  if (m.op === 'delete') delete obj[target];
  // defineProperty, not assignment: `obj.__proto__ = v` would replace the prototype.
  else Object.defineProperty(obj, target, { value, enumerable: true, writable: true, configurable: true });
}

function containerChildren(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.filter((v) => typeof v === 'object' && v !== null);
  if (typeof value === 'object' && value !== null) return Object.values(value).filter((v) => typeof v === 'object' && v !== null);
  return [];
}

/** Any of the above, as JSON text. */
export const webhookText: fc.Arbitrary<string> = fc.oneof(anyJsonText, asleepLikeText, mutatedValidText);
