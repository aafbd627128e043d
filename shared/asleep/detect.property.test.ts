import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectEnvelope, detectLayout } from './detect';
import { LAYOUTS } from './model';
import { DANGEROUS_KEYS, anyJsonText, asleepLikeText, mutatedValidText, webhookText } from './test-support/arbitraries';

const RUNS = 1_000;

describe('detectLayout (property-based)', () => {
  it('gives a detection for any JSON value and never throws', () => {
    fc.assert(
      fc.property(webhookText, (text) => {
        const d = detectLayout(JSON.parse(text));
        expect(d.layout === null || (LAYOUTS as readonly string[]).includes(d.layout)).toBe(true);
        expect(d.version === null || typeof d.version === 'string').toBe(true);
        expect(d.event === null || typeof d.event === 'string').toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('is decided by own properties only: the same body on a null prototype gives the same detection', () => {
    fc.assert(
      fc.property(fc.oneof(asleepLikeText, mutatedValidText, anyJsonText), (text) => {
        const body = JSON.parse(text) as unknown;
        if (typeof body !== 'object' || body === null || Array.isArray(body)) return;
        const bare = Object.assign(Object.create(null) as object, Object.fromEntries(Object.entries(body)));
        // detect.ts's isObject accepts both; inherited names (constructor, toString) must not count.
        expect(detectEnvelope(bare)).toEqual(detectEnvelope(body));
      }),
      { numRuns: RUNS },
    );
  });

  it('inherited member names used as envelope keys are read only when the body itself has them', () => {
    for (const name of DANGEROUS_KEYS) {
      const body = JSON.parse(`{${JSON.stringify(name)}:{"event":"INFERENCE_COMPLETE","version":"V3","data":{}}}`) as object;
      expect(Object.hasOwn(body, name)).toBe(true);
      expect(detectLayout(body)).toEqual({ layout: null, version: null, event: null });
    }
  });
});
