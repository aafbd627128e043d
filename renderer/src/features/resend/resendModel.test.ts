import { describe, expect, it } from 'vitest';
import v3Inference from '../../../../shared/asleep/examples/v3-inference-complete.json';
import { REDACTED_KEY } from '../../../../shared/capture';
import { checkBody, headerLines, parseHeaderLines } from './resendModel';

describe('re-send editor', () => {
  it('lists editable headers without the redacted key, Host or hop-by-hop ones', () => {
    const text = headerLines({ host: '127.0.0.1', 'x-api-key': REDACTED_KEY, 'content-type': 'application/json', connection: 'close', 'x-multi': ['a', 'b'] });
    expect(text).toBe('content-type: application/json\nx-multi: a\nx-multi: b');
    expect(parseHeaderLines(text)).toEqual({ headers: { 'content-type': 'application/json', 'x-multi': 'a, b' }, errors: [] });
    expect(parseHeaderLines('no colon here\n\nX-Ok: 1').errors).toEqual(['line 1: expected "Name: value"']);
  });

  it('validates a body live against the Asleep layouts', () => {
    expect(checkBody(JSON.stringify(v3Inference))).toMatchObject({ json: true, valid: true, layout: 'v3', event: 'INFERENCE_COMPLETE' });
    expect(checkBody('{"a":')).toMatchObject({ json: false, valid: false });
    const broken = structuredClone(v3Inference) as { data: Record<string, unknown> };
    delete broken.data.sleep_stages;
    const c = checkBody(JSON.stringify(broken));
    expect(c.valid).toBe(false);
    expect(c.problems.length).toBeGreaterThan(0);
  });
});
