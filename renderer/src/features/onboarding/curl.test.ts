import { describe, expect, it } from 'vitest';
import { curlExample, EXAMPLE_BODY, shellQuote } from './curl';

describe('curl example', () => {
  it('quotes for a POSIX shell', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });

  it('carries the url, key, user and a valid JSON body', () => {
    const c = curlExample('http://127.0.0.1:4950/webhook', 'k3y');
    expect(c).toContain("curl -X POST 'http://127.0.0.1:4950/webhook'");
    expect(c).toContain("-H 'x-api-key: k3y'");
    expect(c).toContain("-H 'x-user-id: demo'");
    expect(c).toContain("-H 'content-type: application/json'");
    expect(JSON.parse(EXAMPLE_BODY).data.sleep_stages).toHaveLength(10);
  });
});
