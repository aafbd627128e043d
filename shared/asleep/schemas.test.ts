import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import flatInference from './examples/flat-inference-complete.json';
import flatSession from './examples/flat-session-complete.json';
import v1Inference from './examples/v1-inference-complete.json';
import v2Inference from './examples/v2-inference-complete.json';
import v3Inference from './examples/v3-inference-complete.json';
import v3Session from './examples/v3-session-complete.json';
import {
  breathStagesSchema,
  flatInferenceSchema,
  flatSessionSchema,
  officialStatSchema,
  peculiaritiesSchema,
  seqNumSchema,
  sleepStagesSchema,
  snoringStagesSchema,
  v1InferenceSchema,
  v2InferenceSchema,
  v3CallbackInferenceSchema,
  v3InferenceSchema,
  v3SessionCompleteSchema,
  webhookSchemas,
} from './schemas';

// Mutable, untyped deep copies so each test can break one thing the types would not allow.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const clone = (value: unknown): any => structuredClone(value);

describe('examples match their schema', () => {
  it.each([
    ['v1 inference', v1InferenceSchema, v1Inference],
    ['v2 inference', v2InferenceSchema, v2Inference],
    ['v3 inference', v3InferenceSchema, v3Inference],
    ['v3 session', v3SessionCompleteSchema, v3Session],
    ['flat inference', flatInferenceSchema, flatInference],
    ['flat session', flatSessionSchema, flatSession],
  ] as const)('%s', (_name, schema, body) => {
    const result = schema.safeParse(body);
    expect(result.error?.issues ?? []).toEqual([]);
  });
});

describe('value sets', () => {
  it('sleep stages are -1..3 integers', () => {
    expect(sleepStagesSchema.safeParse([-1, 0, 1, 2, 3]).success).toBe(true);
    for (const bad of [[4], [7], [-2], [1.5], ['1'], [null]]) expect(sleepStagesSchema.safeParse(bad).success).toBe(false);
  });

  it('snoring is 0/1, -1 accepted as unknown', () => {
    expect(snoringStagesSchema.safeParse([-1, 0, 1]).success).toBe(true);
    expect(snoringStagesSchema.safeParse([2]).success).toBe(false);
  });

  it('breath is integers or null', () => {
    expect(breathStagesSchema.safeParse(null).success).toBe(true);
    expect(breathStagesSchema.safeParse([0, 1, 2, 0]).success).toBe(true);
    expect(breathStagesSchema.safeParse([0.5]).success).toBe(false);
    expect(breathStagesSchema.safeParse(['0']).success).toBe(false);
  });

  it('seq numbers are non-negative integers, never strings', () => {
    expect(seqNumSchema.safeParse(0).success).toBe(true);
    for (const bad of [-1, 1.5, '12', null]) expect(seqNumSchema.safeParse(bad).success).toBe(false);
  });

  it('unknown peculiarities are accepted', () => {
    expect(peculiaritiesSchema.safeParse(['NEVER_SLEPT', 'SOMETHING_NEW']).success).toBe(true);
    expect(peculiaritiesSchema.safeParse([1]).success).toBe(false);
  });

  it('official stat rejects numbers sent as strings and keeps unknown fields', () => {
    expect(officialStatSchema.safeParse({ time_in_bed: '3600' }).success).toBe(false);
    const parsed = officialStatSchema.parse({ time_in_bed: 3600, breathing_pattern: 'X', brand_new: [1] });
    expect(parsed).toEqual({ time_in_bed: 3600, breathing_pattern: 'X', brand_new: [1] });
  });
});

describe('V3 schema variants', () => {
  it('accepts stage_list instead of sleep_stages', () => {
    const body = clone(v3Inference);
    body.data.stage_list = body.data.sleep_stages;
    delete body.data.sleep_stages;
    expect(v3InferenceSchema.safeParse(body).success).toBe(true);
  });

  it('needs one of sleep_stages / stage_list, also next to other errors', () => {
    const body = clone(v3Inference);
    delete body.data.sleep_stages;
    body.data.inference_seq_num = '3';
    const paths = v3InferenceSchema.safeParse(body).error?.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(['data.inference_seq_num', 'data.sleep_stages']);
  });

  it('accepts the callback_* spelling', () => {
    const { event, version, data } = v3Inference;
    const body = { callback_event: event, callback_version: version, callback_data: data };
    expect(v3CallbackInferenceSchema.safeParse(body).success).toBe(true);
  });

  it('accepts stat null', () => {
    const body = clone(v3Session);
    body.data.stat = null;
    body.data.peculiarities = ['TOO_SHORT_FOR_ANALYSIS'];
    expect(v3SessionCompleteSchema.safeParse(body).success).toBe(true);
  });

  it('keeps unknown fields', () => {
    const body = { ...structuredClone(v3Inference), extra: { a: 1 } };
    expect(v3InferenceSchema.parse(body).extra).toEqual({ a: 1 });
  });
});

describe('JSON Schema emission', () => {
  it.each(Object.entries(webhookSchemas))('%s converts', (_name, schema) => {
    const json = z.toJSONSchema(schema) as { type?: string; properties?: object };
    expect(json.type).toBe('object');
    expect(json.properties).toBeDefined();
  });
});
