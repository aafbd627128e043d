import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIN_SECRET_LENGTH, REDACTED, redactSecrets } from './redact';

const KEY = 'k3y-Secret_9f8e7d6c';

describe('redactSecrets', () => {
  it('removes a known secret wherever it appears, in plain, JSON-escaped and URL-encoded form', () => {
    const odd = 'p@ss"wo\\rd/+&=';
    const line = JSON.stringify({ msg: `key ${KEY} and ${odd}`, url: `http://x/?k=${encodeURIComponent(odd)}` });
    const out = redactSecrets(line, [KEY, odd]);
    expect(out).not.toContain(KEY);
    expect(out).not.toContain(odd);
    expect(out).not.toContain(JSON.stringify(odd).slice(1, -1));
    expect(out).not.toContain(encodeURIComponent(odd));
    expect(out).toContain(REDACTED);
  });

  it('replaces the longer of two overlapping secrets whole', () => {
    expect(redactSecrets('a-secret-value-long', ['secret-value', 'a-secret-value-long'])).toBe(REDACTED);
  });

  it('ignores values too short to be secrets, so ordinary words survive', () => {
    expect(redactSecrets('the port is 4848', ['4848', 'the'])).toBe('the port is 4848');
    expect(MIN_SECRET_LENGTH).toBeGreaterThan(3);
  });

  it('redacts x-api-key header values it does not know, in every common spelling', () => {
    expect(redactSecrets('x-api-key: wrongwrong')).toBe(`x-api-key: ${REDACTED}`);
    expect(redactSecrets('X-API-KEY=abcdefgh&y=1')).toBe(`X-API-KEY=${REDACTED}&y=1`);
    expect(redactSecrets('{"x-api-key":"zzzzzzzz","b":1}')).toBe(`{"x-api-key":"${REDACTED}","b":1}`);
    expect(redactSecrets(JSON.stringify({ msg: '{"x-api-key":"inner-secret"}' }))).not.toContain('inner-secret');
    expect(redactSecrets('{"apiKey":"stored-key-1"}')).toBe(`{"apiKey":"${REDACTED}"}`);
    expect(redactSecrets('npm run serve -- --api-key given-key-22')).toBe(`npm run serve -- --api-key ${REDACTED}`);
  });

  it('redacts token query parameters and JSON token fields', () => {
    expect(redactSecrets('Console: http://127.0.0.1:4849/?token=AbC_123-xyz')).toBe(`Console: http://127.0.0.1:4849/?token=${REDACTED}`);
    expect(redactSecrets('/bridge/events?a=1&token=T0k3n#frag')).toBe(`/bridge/events?a=1&token=${REDACTED}#frag`);
    expect(redactSecrets('{"token":"uiToken99"}')).toBe(`{"token":"${REDACTED}"}`);
  });

  it('redacts Authorization values and bearer tokens, keeping the scheme', () => {
    expect(redactSecrets('Authorization: Bearer abc.def-ghi')).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(redactSecrets('authorization: Basic dXNlcjpwYXNz')).toBe(`authorization: Basic ${REDACTED}`);
    expect(redactSecrets('"authorization":"rawvalue1"')).toBe(`"authorization":"${REDACTED}"`);
    expect(redactSecrets('sent with bearer eyJhbGciOi.x_y')).toBe(`sent with bearer ${REDACTED}`);
  });

  it('leaves a line without secrets unchanged, and the reason a key was refused readable', () => {
    const reason = "401 from 127.0.0.1: The x-api-key header does not match this console's key (it ended in …abcd).";
    expect(redactSecrets(reason, [KEY])).toBe(reason);
    expect(redactSecrets('tunnel online at https://abc.loca.lt')).toBe('tunnel online at https://abc.loca.lt');
  });

  it('is idempotent: redacting twice changes nothing more', () => {
    const once = redactSecrets(`Authorization: Bearer ${KEY} x-api-key: ${KEY} ?token=${KEY}`, [KEY]);
    expect(redactSecrets(once, [KEY])).toBe(once);
    expect(once).not.toContain(KEY);
  });

  it('property: no secret survives in any text around it, in any of its forms', () => {
    const secret = fc.string({ minLength: MIN_SECRET_LENGTH, maxLength: 40, unit: 'binary-ascii' }).filter((s) => s.trim().length >= MIN_SECRET_LENGTH);
    const encodings: ((s: string) => string)[] = [(s) => s, (s) => JSON.stringify(s).slice(1, -1), (s) => encodeURIComponent(s)];
    fc.assert(
      fc.property(secret, fc.string(), fc.string(), fc.integer({ min: 0, max: 2 }), (s, before, after, form) => {
        const encoded = encodings[form]!(s);
        const out = redactSecrets(`${before}${encoded}${after}`, [s]);
        // The secret may only "reappear" if the surrounding text itself spells it out around the marker.
        const stripped = out.split(REDACTED).join('\u0000');
        return !stripped.includes(encoded) || `${before}${after}`.includes(encoded);
      }),
      { numRuns: 500 },
    );
  });
});
