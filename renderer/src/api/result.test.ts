import { describe, expect, it } from 'vitest';
import { asResult } from './result';

describe('asResult', () => {
  it('passes a Result through', () => {
    expect(asResult({ ok: true, value: 3 }, 'x')).toEqual({ ok: true, value: 3 });
    expect(asResult({ ok: false, error: { code: 'NOT_FOUND', message: 'gone' } }, 'x')).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'gone' },
    });
  });

  it('turns a bare refusal and garbage into errors, never throws', () => {
    expect(asResult({ error: { code: 'UNAUTHORIZED', message: 'bad token' } }, 'x')).toEqual({
      ok: false,
      error: { code: 'UNAUTHORIZED', message: 'bad token' },
    });
    expect(asResult({ ok: false, error: { code: 'WEIRD', message: 'm' } }, 'x')).toMatchObject({ error: { code: 'INTERNAL' } });
    expect(asResult('<html>', 'getStatus')).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(asResult(null, 'getStatus')).toMatchObject({ ok: false });
  });
});
