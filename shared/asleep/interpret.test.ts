import { describe, expect, it } from 'vitest';
import flatInference from './examples/flat-inference-complete.json';
import flatSession from './examples/flat-session-complete.json';
import v1Inference from './examples/v1-inference-complete.json';
import v2Inference from './examples/v2-inference-complete.json';
import v3Inference from './examples/v3-inference-complete.json';
import v3Session from './examples/v3-session-complete.json';
import { interpret } from './interpret';
import type { InferenceChunk, Interpretation, SessionReport } from './model';

// Mutable, untyped deep copies so each test can break one thing the types would not allow.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const copy = (value: unknown): any => structuredClone(value);

function chunk(result: Interpretation): InferenceChunk {
  expect(result.issues).toEqual([]);
  expect(result.normalized?.kind).toBe('inference');
  return result.normalized as InferenceChunk;
}

function report(result: Interpretation): SessionReport {
  expect(result.issues).toEqual([]);
  expect(result.normalized?.kind).toBe('session');
  return result.normalized as SessionReport;
}

const paths = (issues: { path: string }[]): string[] => issues.map((i) => i.path);

describe('examples', () => {
  it('v1 inference: stage_list and osa_stage_list, 40 values ending at block 7', () => {
    const result = interpret(v1Inference);
    expect(result.valid).toBe(true);
    expect(result.detection).toEqual({ layout: 'v1', version: 'V1', event: 'INFERENCE_COMPLETE' });
    const c = chunk(result);
    expect(c).toMatchObject({ userId: v1Inference.callback_data.user_id, sessionId: '20240301221500_k2p9d', seqNum: 79, inferenceSeqNum: 7, firstEpoch: 40, snoring: null, timeWindow: null, timestamp: null });
    expect(c.sleep).toEqual(v1Inference.callback_data.stage_list);
    expect(c.breath).toEqual(v1Inference.callback_data.osa_stage_list);
    expect(result.warnings).toEqual([]);
    expect(result.userId).toBe(c.userId);
    expect(result.sessionId).toBe(c.sessionId);
  });

  it('v2 inference: breath_stages', () => {
    const result = interpret(v2Inference);
    expect(result.detection.layout).toBe('v2');
    const c = chunk(result);
    expect(c.firstEpoch).toBe(40);
    expect(c.breath).toHaveLength(40);
    expect(result.warnings).toEqual([]);
  });

  it('v3 inference: 10 values at block 3, breath null', () => {
    const result = interpret(v3Inference);
    expect(result.valid).toBe(true);
    const c = chunk(result);
    expect(c).toMatchObject({ seqNum: 39, inferenceSeqNum: 3, firstEpoch: 30, breath: null, sessionId: '20250115025029_fvivn' });
    expect(c.snoring).toHaveLength(10);
    expect(result.warnings).toEqual([]);
  });

  it('flat inference: valid, placed at 125, with warnings for what does not add up', () => {
    const result = interpret(flatInference);
    expect(result.valid).toBe(true);
    expect(result.detection).toEqual({ layout: 'flat', version: 'V3', event: 'INFERENCE_COMPLETE' });
    const c = chunk(result);
    expect(c).toMatchObject({
      firstEpoch: 125,
      seqNum: 60,
      timestamp: '2024-01-21T06:15:00Z',
      timeWindow: { start: '2024-01-21T06:10:00Z', end: '2024-01-21T06:15:00Z' },
      sleep: [1, 1, 2, 2, 2],
      snoring: [0, 0, 1, 1, 0],
      breath: [0, 0, 0, 0, 0],
    });
    expect(paths(result.warnings)).toEqual(['sleep_stages', 'seq_num', 'time_window']);
    expect(result.warnings[0]?.message).toContain('5 values');
    expect(result.warnings[1]?.message).toContain('implies inference_seq_num 6');
    expect(result.warnings[2]?.message).toContain('300 s');
  });

  it('v3 session complete', () => {
    const result = interpret(v3Session);
    expect(result.valid).toBe(true);
    const r = report(result);
    expect(r).toMatchObject({
      userId: v3Session.data.user_id,
      sessionId: '20250115025029_fvivn',
      state: 'COMPLETE',
      startTime: '2025-01-15T02:50:29+00:00',
      endTime: '2025-01-15T03:50:29+00:00',
      timezone: 'UTC',
      breath: null,
      statUnits: 'official',
      peculiarities: ['NO_BREATHING_STABILITY'],
      missingDataRatio: 0,
      timestamp: null,
    });
    expect(r.sleep).toHaveLength(120);
    expect(r.snoring).toHaveLength(120);
    expect(r.stat).toEqual(v3Session.data.stat);
    expect(result.warnings).toEqual([]);
  });

  it('flat session complete', () => {
    const result = interpret(flatSession);
    expect(result.valid).toBe(true);
    const r = report(result);
    expect(r).toMatchObject({ sessionId: 'session123', timezone: 'UTC', statUnits: 'flat', peculiarities: [], timestamp: '2024-01-21T06:30:00Z', missingDataRatio: null, breath: null });
    expect(r.stat?.['sleep_time']).toBe('06:30:00');
    // The seed's 9 illustrative epochs do not cover its 8.5 h night: worth a look, not invalid.
    expect(paths(result.warnings)).toEqual(['session.sleep_stages']);
  });
});

describe('broken and unusual bodies', () => {
  it('missing user_id: invalid, session id still found', () => {
    const body = copy(v3Inference);
    delete body.data.user_id;
    const result = interpret(body);
    expect(result.valid).toBe(false);
    expect(result.normalized).toBeNull();
    expect(result.issues).toEqual([{ path: 'data.user_id', message: 'missing (expected a string)' }]);
    expect(result.userId).toBeNull();
    expect(result.sessionId).toBe('20250115025029_fvivn');
  });

  it('stage 7 is reported at its index', () => {
    const body = copy(v3Inference);
    body.data.sleep_stages[3] = 7;
    const result = interpret(body);
    expect(result.valid).toBe(false);
    expect(result.issues).toEqual([{ path: 'data.sleep_stages.3', message: 'expected one of -1, 0, 1, 2, 3, got 7' }]);
  });

  it('numbers sent as strings are flagged, not coerced', () => {
    const body = copy(v3Inference);
    body.data.inference_seq_num = '3';
    body.data.sleep_stages[0] = '0';
    const result = interpret(body);
    expect(result.valid).toBe(false);
    expect(paths(result.issues)).toEqual(['data.inference_seq_num', 'data.sleep_stages.0']);
    for (const issue of result.issues) expect(issue.message).toContain('numbers must not be sent as strings');
  });

  it('stat null with an explaining peculiarity is valid and quiet', () => {
    const body = copy(v3Session);
    body.data.stat = null;
    body.data.peculiarities = ['TOO_SHORT_FOR_ANALYSIS', 'NO_BREATHING_STABILITY'];
    const result = interpret(body);
    expect(result.valid).toBe(true);
    expect(report(result).stat).toBeNull();
    expect(result.warnings).toEqual([]);
  });

  it('stat null without an explaining peculiarity is valid with a warning', () => {
    const body = copy(v3Session);
    body.data.stat = null;
    const result = interpret(body);
    expect(result.valid).toBe(true);
    expect(paths(result.warnings)).toEqual(['data.stat']);
  });

  it('breath null is valid; breath arrays are kept', () => {
    const body = copy(v3Inference);
    expect(interpret(body).valid).toBe(true);
    body.data.breath_stages = [0, 1, 0, 0, 0, 0, 0, 0, 2, 0];
    expect(chunk(interpret(body)).breath).toEqual(body.data.breath_stages);
  });

  it('unknown event', () => {
    const result = interpret({ ...copy(v3Inference), event: 'SLEEP_STARTED' });
    expect(result.valid).toBe(false);
    expect(result.detection.event).toBe('SLEEP_STARTED');
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]?.path).toBe('event');
    expect(result.issues[0]?.message).toContain('unknown event "SLEEP_STARTED"');
    expect(result.userId).toBe(v3Inference.data.user_id);
  });

  it('unknown event on the callback spelling is reported at callback_event', () => {
    const result = interpret({ ...copy(v2Inference), callback_event: 'NEW_THING' });
    expect(result.issues[0]?.path).toBe('callback_event');
  });

  it('missing or non-string event name', () => {
    const body = copy(v3Inference);
    delete body.event;
    expect(interpret(body).issues).toEqual([{ path: 'event', message: 'missing event name' }]);
    body.event = 1;
    expect(interpret(body).issues[0]?.message).toContain('must be a string');
  });

  it('unknown peculiarity is accepted and shown', () => {
    const body = copy(v3Session);
    body.data.peculiarities = ['NO_BREATHING_STABILITY', 'MOON_PHASE'];
    const result = interpret(body);
    expect(result.valid).toBe(true);
    expect(report(result).peculiarities).toEqual(['NO_BREATHING_STABILITY', 'MOON_PHASE']);
    expect(result.warnings).toEqual([{ path: 'data.peculiarities.1', message: 'unknown peculiarity "MOON_PHASE" (kept and shown as sent)' }]);
  });

  it.each([null, 0, 'hello', true, [], [v3Inference]])('non-object body %j', (body) => {
    const result = interpret(body);
    expect(result.valid).toBe(false);
    expect(result.detection).toEqual({ layout: null, version: null, event: null });
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]?.path).toBe('');
    expect(result.issues[0]?.message).toMatch(/^not an Asleep webhook/);
  });

  it('an object without an envelope', () => {
    expect(interpret({ hello: 'world' }).issues).toEqual([{ path: '', message: 'not an Asleep webhook: no event/data envelope' }]);
  });

  it('V3 with the callback_* spelling', () => {
    const { event, version, data } = v3Inference;
    const result = interpret({ callback_event: event, callback_version: version, callback_data: data });
    expect(result.valid).toBe(true);
    expect(result.detection.layout).toBe('v3');
    expect(chunk(result).firstEpoch).toBe(30);
    const broken = copy({ callback_event: event, callback_version: version, callback_data: data });
    broken.callback_data.seq_num = -1;
    expect(interpret(broken).issues).toEqual([{ path: 'callback_data.seq_num', message: 'must be a non-negative integer, got -1' }]);
  });

  it('V3 session with the callback_* spelling', () => {
    const { event, version, data } = v3Session;
    const result = interpret({ callback_event: event, callback_version: version, callback_data: data });
    expect(report(result).sessionId).toBe('20250115025029_fvivn');
  });

  it('V3 with stage_list instead of sleep_stages', () => {
    const body = copy(v3Inference);
    body.data.stage_list = [1, 1, 1, 1, 1, 2, 2, 2, 3, 3];
    delete body.data.sleep_stages;
    const result = interpret(body);
    expect(chunk(result).sleep).toEqual([1, 1, 1, 1, 1, 2, 2, 2, 3, 3]);
    expect(result.warnings).toEqual([]);
  });

  it('V3 with both stage arrays uses sleep_stages and says so', () => {
    const body = copy(v3Inference);
    body.data.stage_list = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
    const result = interpret(body);
    expect(chunk(result).sleep).toEqual(v3Inference.data.sleep_stages);
    expect(result.warnings[0]?.message).toContain('they differ');
  });

  it('V3 without any stage array', () => {
    const body = copy(v3Inference);
    delete body.data.sleep_stages;
    expect(interpret(body).issues).toEqual([{ path: 'data.sleep_stages', message: 'missing sleep_stages (or stage_list)' }]);
  });

  it('__proto__ and constructor keys are plain data', () => {
    const text = JSON.stringify(v3Inference).replace('{"event"', '{"__proto__":{"polluted":true},"constructor":{"x":1},"event"');
    const body = JSON.parse(text) as unknown;
    const result = interpret(body);
    expect(result.valid).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    const nested = JSON.parse('{"event":"INFERENCE_COMPLETE","version":"V3","data":{"__proto__":{"user_id":"u","session_id":"s","inference_seq_num":1,"sleep_stages":[]}}}') as unknown;
    const r2 = interpret(nested);
    expect(r2.valid).toBe(false);
    expect(r2.userId).toBeNull();
  });

  it('unknown version: valid by shape, with a warning', () => {
    const result = interpret({ ...copy(v3Inference), version: 'V4' });
    expect(result.valid).toBe(true);
    expect(result.detection.version).toBe('V4');
    expect(result.warnings).toEqual([{ path: 'version', message: 'unknown version "V4": read as the v3 layout from its shape' }]);
  });

  it('a long chunk placed before the session start gets a negative first epoch and a warning', () => {
    const body = copy(v3Inference);
    body.data.inference_seq_num = 1;
    body.data.seq_num = 19;
    body.data.sleep_stages = new Array(40).fill(1);
    body.data.snoring_stages = new Array(40).fill(0);
    const result = interpret(body);
    expect(chunk(result).firstEpoch).toBe(-20);
    expect(result.warnings.map((w) => w.message).join('\n')).toContain('first epoch of -20');
  });

  it('arrays of different lengths and a stray seq_num are warnings', () => {
    const body = copy(v3Inference);
    body.data.snoring_stages = [0, 0];
    body.data.seq_num = 55;
    const result = interpret(body);
    expect(result.valid).toBe(true);
    expect(result.warnings).toEqual([
      { path: 'data.snoring_stages', message: 'snoring_stages has 2 values but sleep_stages has 10' },
      { path: 'data.seq_num', message: 'seq_num 55 implies inference_seq_num 5 (seq_num / 10, rounded down), but inference_seq_num is 3' },
    ]);
  });

  it('missing seq_num is allowed, with a warning', () => {
    const body = copy(v3Inference);
    delete body.data.seq_num;
    const result = interpret(body);
    expect(chunk(result).seqNum).toBeNull();
    expect(paths(result.warnings)).toEqual(['data.seq_num']);
  });

  it('flat with a consistent time_window is quiet about it', () => {
    const body = copy(flatInference);
    body.seq_num = 125;
    body.sleep_stages = new Array(10).fill(1);
    body.breath_stages = new Array(10).fill(0);
    body.snoring_stages = new Array(10).fill(0);
    expect(interpret(body).warnings).toEqual([]);
  });

  it('flat time strings must carry an offset', () => {
    const body = copy(flatInference);
    body.time_window.start = '2024-01-21T06:10:00';
    const result = interpret(body);
    expect(result.valid).toBe(false);
    expect(paths(result.issues)).toEqual(['time_window.start']);
  });

  it("the seed's curl mocks lack fields the model needs", () => {
    const result = interpret({ event: 'INFERENCE_COMPLETE', version: 'V3', session_id: 'test123', sleep_stages: [1, 1, 2] });
    expect(result.detection.layout).toBe('flat');
    expect(paths(result.issues)).toEqual(['user_id', 'inference_seq_num']);
    expect(result.sessionId).toBe('test123');
  });

  it('V1/V2 SESSION_COMPLETE reads callback_data.sleep_data', () => {
    const sleepData = { ...copy(v3Session.data), user_id: undefined };
    for (const envelope of [{}, { callback_version: 'V2' }]) {
      const body = {
        callback_event: 'SESSION_COMPLETE',
        ...envelope,
        callback_data: { user_id: 'u1', session_id: '20250115025029_fvivn', sleep_data: sleepData },
      };
      const result = interpret(body);
      expect(result.valid).toBe(true);
      const r = report(result);
      expect(r).toMatchObject({ userId: 'u1', sessionId: '20250115025029_fvivn', state: 'COMPLETE', timezone: 'UTC', statUnits: 'official', missingDataRatio: 0 });
      expect(r.sleep).toHaveLength(120);
      expect(result.warnings).toEqual([]);
    }
  });

  it('V1 SESSION_COMPLETE with a minimal sleep_data is tolerated', () => {
    const result = interpret({ callback_event: 'SESSION_COMPLETE', callback_data: { user_id: 'u', session_id: 's', sleep_data: { extra: 1 } } });
    expect(report(result)).toMatchObject({ state: null, sleep: null, stat: null, peculiarities: [] });
    const bad = interpret({ callback_event: 'SESSION_COMPLETE', callback_data: { user_id: 'u', session_id: 's', sleep_data: { stat: { time_in_bed: '3600' } } } });
    expect(paths(bad.issues)).toEqual(['callback_data.sleep_data.stat.time_in_bed']);
  });

  it('a huge broken array yields a capped list of issues', () => {
    const body = copy(v3Inference);
    body.data.sleep_stages = new Array(1000).fill('1');
    const result = interpret(body);
    expect(result.issues).toHaveLength(51);
    expect(result.issues[50]?.message).toBe('…and 950 more issues');
  });
});

describe('interpret never throws', () => {
  const deep: unknown = Array.from({ length: 5000 }).reduce<unknown>((inner) => ({ data: inner, event: 'INFERENCE_COMPLETE' }), null);
  const deepArray: unknown = Array.from({ length: 5000 }).reduce<unknown>((inner) => [inner], []);
  const nullProto = Object.assign(Object.create(null) as object, { event: 'INFERENCE_COMPLETE', version: 'V3', data: copy(v3Inference.data) });
  const odd: [string, unknown][] = [
    ['undefined', undefined],
    ['null', null],
    ['zero', 0],
    ['NaN', Number.NaN],
    ['empty string', ''],
    ['string', '{"event":"INFERENCE_COMPLETE"}'],
    ['true', true],
    ['empty array', []],
    ['array of nulls', [null, null]],
    ['empty object', {}],
    ['__proto__ only', JSON.parse('{"__proto__":null}')],
    ['constructor keys', { constructor: { prototype: 1 }, toString: 'x', hasOwnProperty: 1 }],
    ['event null', { event: null, data: null }],
    ['data array', { event: 'INFERENCE_COMPLETE', version: 'V3', data: [1, 2] }],
    ['callback_data number', { callback_event: 'SESSION_COMPLETE', callback_data: 5 }],
    ['version object', { event: 'SESSION_COMPLETE', version: { v: 3 }, data: {} }],
    ['flat session junk', { event: 'SESSION_COMPLETE', session: [], stat: 'x', peculiarities: {} }],
    ['flat inference nulls', { event: 'INFERENCE_COMPLETE', user_id: null, session_id: null, sleep_stages: null, time_window: [] }],
    ['session with __proto__', JSON.parse('{"event":"SESSION_COMPLETE","version":"V3","data":{"session":{"__proto__":{"id":"x"}},"__proto__":[]}}')],
    ['big numbers', { event: 'INFERENCE_COMPLETE', version: 'V3', data: { user_id: 'u', session_id: 's', inference_seq_num: 1e308, sleep_stages: [] } }],
    ['deep nesting', deep],
    ['deep array', deepArray],
    ['null prototype', nullProto],
    ['long string event', { event: 'x'.repeat(100_000), data: {} }],
  ];

  it.each(odd)('%s', (_name, body) => {
    let result: Interpretation | undefined;
    expect(() => {
      result = interpret(body);
    }).not.toThrow();
    expect(typeof result?.valid).toBe('boolean');
    expect(Array.isArray(result?.issues)).toBe(true);
    if (result && !result.valid) expect(result.issues.length).toBeGreaterThan(0);
    if (result && !result.valid) expect(result.issues[0]?.message).not.toContain('internal error');
  });

  it('a null-prototype body is read like any other', () => {
    expect(interpret(nullProto).valid).toBe(true);
  });
});
