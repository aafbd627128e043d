import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import v3Inference from './examples/v3-inference-complete.json';
import v3Session from './examples/v3-session-complete.json';
import { fingerprint } from '../sessions/fingerprint';
import { applyCapture, classify, newSession, summarizeSession } from '../sessions/timeline';
import { interpret } from './interpret';
import { LAYOUTS, type Interpretation } from './model';
import { MAX_NESTING } from './nesting';
import { POLLUTION_MARKER, VALID_BODIES, mutatedValidText, webhookText } from './test-support/arbitraries';

const RUNS = 1_000;

// What Object.prototype and Array.prototype look like before any body is read.
const prototypes = [Object.prototype, Array.prototype, Function.prototype] as const;
let before: string[][];
const ownNames = (o: object) => Reflect.ownKeys(o).map(String).sort();
beforeAll(() => {
  before = prototypes.map(ownNames);
});
afterAll(() => {
  expectNoPollution();
});

function expectNoPollution(): void {
  expect(prototypes.map(ownNames)).toEqual(before);
  const probe = {} as Record<string, unknown>;
  expect(probe[POLLUTION_MARKER]).toBeUndefined();
  expect(Object.getPrototypeOf(probe)).toBe(Object.prototype);
  expect(typeof probe.toString).toBe('function');
  expect(probe.constructor).toBe(Object);
}

/** Every object reachable from `value` has an ordinary prototype (walked without recursion). */
function expectOrdinaryPrototypes(value: unknown): void {
  const stack = [value];
  const seen = new Set<unknown>();
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    expect(Object.getPrototypeOf(v)).toBe(Array.isArray(v) ? Array.prototype : Object.prototype);
    stack.push(...Object.values(v));
  }
}

function expectWellFormed(result: Interpretation): void {
  expect(typeof result.valid).toBe('boolean');
  expect(result.valid).toBe(result.normalized !== null);
  if (result.valid) expect(result.issues).toEqual([]);
  else expect(result.issues.length).toBeGreaterThan(0);
  // The catch-all in interpret() is a safety net, not a verdict: reaching it is a bug.
  for (const issue of [...result.issues, ...result.warnings]) {
    expect(typeof issue.path).toBe('string');
    expect(typeof issue.message).toBe('string');
    expect(issue.message).not.toMatch(/^internal error/);
  }
  const { layout } = result.detection;
  expect(layout === null || (LAYOUTS as readonly string[]).includes(layout)).toBe(true);
  expect(result.userId === null || typeof result.userId === 'string').toBe(true);
  expect(result.sessionId === null || typeof result.sessionId === 'string').toBe(true);
}

describe('interpret (property-based)', () => {
  it('gives a verdict for any JSON value, never an exception, and leaves the body as it was', () => {
    fc.assert(
      fc.property(webhookText, (text) => {
        const body = JSON.parse(text) as unknown;
        const result = interpret(body);
        expectWellFormed(result);
        expect(JSON.stringify(body)).toBe(JSON.stringify(JSON.parse(text)));
      }),
      { numRuns: RUNS },
    );
  });

  it('__proto__, constructor and prototype keys at any depth pollute nothing and leave the model with ordinary prototypes', () => {
    fc.assert(
      fc.property(webhookText, (text) => {
        const result = interpret(JSON.parse(text));
        expectOrdinaryPrototypes(result);
        if (result.normalized) expect(Object.getPrototypeOf(result.normalized)).toBe(Object.prototype);
        expectNoPollution();
      }),
      { numRuns: RUNS },
    );
  });

  it('a valid model can be fingerprinted, stored as JSON and applied to a session', () => {
    let valid = 0;
    fc.assert(
      fc.property(mutatedValidText, (text) => {
        const n = interpret(JSON.parse(text)).normalized;
        if (!n) return;
        valid++;
        fingerprint(n);
        expect(JSON.parse(JSON.stringify(n))).toEqual(n);
        const session = newSession(n.userId, n.sessionId, '2025-01-15T03:00:00.000Z');
        const capture = { id: 'c1', seq: 1, receivedAt: '2025-01-15T03:00:00.000Z', layout: null, version: null, ...classify(undefined, n) };
        applyCapture(session, capture, n);
        expect(classify(session, n).duplicate).toBe('same');
        summarizeSession(session, Date.parse('2025-01-15T04:00:00Z'), 15);
        expect(JSON.parse(JSON.stringify(session))).toEqual(session);
        expectNoPollution();
      }),
      { numRuns: RUNS },
    );
    // The mutations must leave enough bodies valid for this property to mean something.
    expect(valid).toBeGreaterThan(RUNS / 10);
  });

  it('every valid starting body is valid before mutation', () => {
    for (const body of VALID_BODIES) expect(interpret(body).issues).toEqual([]);
  });
});

// Counter-examples found by the properties above, kept as plain unit tests.
describe('interpret: counter-examples', () => {
  const deep = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

  it('a stat nested 400,000 levels deep gets a verdict, and the model stays storable', () => {
    // JSON.parse accepts it; the loose `stat` used to keep it as sent, and then the session file's
    // JSON.stringify and the fingerprint threw "Maximum call stack size exceeded" on every write.
    const text = JSON.stringify(v3Session).replace('"stat":{', `"stat":{"nested_extra":${deep(400_000)},`);
    const result = interpret(JSON.parse(text));
    expectWellFormed(result);
    expect(result.valid).toBe(false);
    expect(result.detection).toEqual({ layout: 'v3', version: 'V3', event: 'SESSION_COMPLETE' });
    expect(result.issues).toEqual([
      { path: 'data.stat.nested_extra.0.0.0.0.0', message: expect.stringMatching(/^nested more than 64 levels deep here/) },
    ]);
    // Still linked to its session, so the inspector can show it with the night.
    expect(result.userId).toBe(v3Session.data.user_id);
    expect(result.sessionId).toBe(v3Session.data.session.id);
  });

  it(`nesting up to ${MAX_NESTING} levels is read as usual`, () => {
    // The body is level 1, data 2, the extra field 3: 61 more levels reach exactly the limit.
    const ok = JSON.stringify(v3Inference).replace('"data":{', `"data":{"extra":${deep(MAX_NESTING - 2)},`);
    expect(interpret(JSON.parse(ok)).valid).toBe(true);
    const tooDeep = JSON.stringify(v3Inference).replace('"data":{', `"data":{"extra":${deep(MAX_NESTING - 1)},`);
    expect(interpret(JSON.parse(tooDeep)).issues[0]?.path).toBe('data.extra.0.0.0.0.0.0');
  });

  it('a __proto__ key inside stat is not kept and sets no prototype', () => {
    const text = JSON.stringify(v3Session).replace('"stat":{', `"stat":{"__proto__":{"${POLLUTION_MARKER}":true,"sleep_time":"x"},`);
    const result = interpret(JSON.parse(text));
    expect(result.valid).toBe(true);
    const stat = result.normalized?.kind === 'session' ? result.normalized.stat : null;
    expect(stat && Object.getPrototypeOf(stat)).toBe(Object.prototype);
    expect(stat && Object.hasOwn(stat, '__proto__')).toBe(false);
    expectNoPollution();
  });
});
