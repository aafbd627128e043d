import { describe, expect, it } from 'vitest';
import { detectLayout } from './detect';
import flatInference from './examples/flat-inference-complete.json';
import flatSession from './examples/flat-session-complete.json';
import v1Inference from './examples/v1-inference-complete.json';
import v2Inference from './examples/v2-inference-complete.json';
import v3Inference from './examples/v3-inference-complete.json';
import v3Session from './examples/v3-session-complete.json';

describe('detectLayout on the examples', () => {
  it.each([
    ['v1 inference', v1Inference, { layout: 'v1', version: 'V1', event: 'INFERENCE_COMPLETE' }],
    ['v2 inference', v2Inference, { layout: 'v2', version: 'V2', event: 'INFERENCE_COMPLETE' }],
    ['v3 inference', v3Inference, { layout: 'v3', version: 'V3', event: 'INFERENCE_COMPLETE' }],
    ['v3 session', v3Session, { layout: 'v3', version: 'V3', event: 'SESSION_COMPLETE' }],
    ['flat inference', flatInference, { layout: 'flat', version: 'V3', event: 'INFERENCE_COMPLETE' }],
    ['flat session', flatSession, { layout: 'flat', version: 'V3', event: 'SESSION_COMPLETE' }],
  ] as const)('%s', (_name, body, expected) => {
    expect(detectLayout(body)).toEqual(expected);
  });
});

describe('detectLayout rules', () => {
  const data = { user_id: 'u', session_id: 's' };

  it('reads V3 with the callback_* spelling by its version', () => {
    const body = { callback_event: 'INFERENCE_COMPLETE', callback_version: 'V3', callback_data: data };
    expect(detectLayout(body)).toEqual({ layout: 'v3', version: 'V3', event: 'INFERENCE_COMPLETE' });
  });

  it('callback_* without a version is V1', () => {
    expect(detectLayout({ callback_event: 'SESSION_COMPLETE', callback_data: data })).toEqual({
      layout: 'v1',
      version: 'V1',
      event: 'SESSION_COMPLETE',
    });
  });

  it('keeps the version as sent and maps it case-insensitively', () => {
    expect(detectLayout({ event: 'X', version: 'v3', data })).toEqual({ layout: 'v3', version: 'v3', event: 'X' });
    expect(detectLayout({ callback_event: 'X', callback_version: 'V2', callback_data: data }).layout).toBe('v2');
  });

  it('an unknown version gives the layout by shape and the version as sent', () => {
    expect(detectLayout({ event: 'INFERENCE_COMPLETE', version: 'V4', data })).toEqual({
      layout: 'v3',
      version: 'V4',
      event: 'INFERENCE_COMPLETE',
    });
    const cb = (extra: object) => ({ callback_event: 'E', callback_version: 'V9', callback_data: { ...data, ...extra } });
    expect(detectLayout(cb({ sleep_stages: [] })).layout).toBe('v3');
    expect(detectLayout(cb({ osa_stage_list: [] })).layout).toBe('v1');
    expect(detectLayout(cb({ stage_list: [], breath_stages: [] })).layout).toBe('v2');
  });

  it('event/data without a version implies V3', () => {
    expect(detectLayout({ event: 'INFERENCE_COMPLETE', data })).toEqual({
      layout: 'v3',
      version: 'V3',
      event: 'INFERENCE_COMPLETE',
    });
  });

  it('a data key that is not an object still names the envelope', () => {
    expect(detectLayout({ event: 'INFERENCE_COMPLETE', version: 'V3', data: null }).layout).toBe('v3');
    expect(detectLayout({ callback_event: 'INFERENCE_COMPLETE', callback_data: 'x' }).layout).toBe('v1');
  });

  it('flat needs event plus a top-level field and no data', () => {
    expect(detectLayout({ event: 'INFERENCE_COMPLETE', session_id: 's' }).layout).toBe('flat');
    expect(detectLayout({ event: 'SESSION_COMPLETE', session: {} }).layout).toBe('flat');
    expect(detectLayout({ event: 'SESSION_COMPLETE', user_id: 'u' }).version).toBeNull();
    expect(detectLayout({ event: 'INFERENCE_COMPLETE', version: 'V3' })).toEqual({
      layout: null,
      version: 'V3',
      event: 'INFERENCE_COMPLETE',
    });
  });

  it('the event name is reported as sent, even when unknown', () => {
    expect(detectLayout({ event: 'SOMETHING_ELSE', version: 'V3', data }).event).toBe('SOMETHING_ELSE');
    expect(detectLayout({ event: 42, version: 'V3', data }).event).toBeNull();
  });

  it.each([null, undefined, 0, 1, true, 'INFERENCE_COMPLETE', [], [{ event: 'INFERENCE_COMPLETE', data }], {}])(
    'no layout for %j',
    (body) => {
      expect(detectLayout(body).layout).toBeNull();
    },
  );

  it('ignores inherited and __proto__ keys', () => {
    const inherited = Object.create({ event: 'INFERENCE_COMPLETE', data }) as object;
    expect(detectLayout(inherited).layout).toBeNull();
    const proto = JSON.parse('{"__proto__": {"event": "INFERENCE_COMPLETE", "data": {}}}') as unknown;
    expect(detectLayout(proto)).toEqual({ layout: null, version: null, event: null });
    expect(detectLayout({ constructor: 'x', toString: 1 }).layout).toBeNull();
  });
});
