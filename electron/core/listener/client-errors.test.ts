import { describe, expect, it } from 'vitest';
import { classifyClientError, errorBody, rawAnswer } from './client-errors';
import { resolveListenerLimits } from './listener-limits';

const limits = resolveListenerLimits();
const err = (code: string, message = 'Parse Error') => ({ code, message });

describe('classifyClientError, before the handler', () => {
  it('answers 431 to headers over the limit', () => {
    const v = classifyClientError(err('HPE_HEADER_OVERFLOW', 'Parse Error: Header overflow'), 'head', 20_000, limits);
    expect(v).toMatchObject({ status: 431, capture: true });
    expect(v?.reason).toContain('larger than 16 KiB (16384 bytes)');
  });

  it('answers 408 to headers that stalled, and closes silently a connection that sent nothing', () => {
    expect(classifyClientError(err('ERR_HTTP_REQUEST_TIMEOUT', 'Request timeout'), 'head', 35, limits)).toEqual({
      status: 408,
      capture: true,
      reason: expect.stringMatching(/^The request headers did not arrive within 10 s: 35 bytes came/),
    });
    expect(classifyClientError(err('ERR_HTTP_REQUEST_TIMEOUT', 'Request timeout'), 'head', 0, limits)).toMatchObject({ status: null, capture: false });
  });

  it('answers 400 to bytes that are not HTTP, with a hint for TLS', () => {
    expect(classifyClientError(err('HPE_INVALID_METHOD', 'Parse Error: Invalid method encountered'), 'head', 9, limits, 0x01)).toEqual({
      status: 400,
      capture: true,
      reason: 'The request is not valid HTTP/1.1 (Parse Error: Invalid method encountered, HPE_INVALID_METHOD). Answered 400 and closed the connection.',
    });
    expect(classifyClientError(err('HPE_INVALID_METHOD'), 'head', 200, limits, 0x16)?.reason).toMatch(/looks like HTTPS/);
  });

  it('records a connection lost mid-headers without answering, and ignores one lost with nothing sent', () => {
    expect(classifyClientError(err('HPE_INVALID_EOF_STATE'), 'head', 41, limits)).toMatchObject({ status: null, capture: true, reason: expect.stringContaining('The sender closed the connection') });
    expect(classifyClientError(err('ECONNRESET', 'read ECONNRESET'), 'head', 12, limits)).toMatchObject({ status: null, capture: true, reason: expect.stringContaining('lost (ECONNRESET)') });
    expect(classifyClientError(err('ECONNRESET', 'read ECONNRESET'), 'head', 0, limits)).toMatchObject({ capture: false });
  });

  it('states time-outs as configured', () => {
    const fast = resolveListenerLimits({ headersTimeoutMs: 300, requestTimeoutMs: 650 });
    expect(classifyClientError(err('ERR_HTTP_REQUEST_TIMEOUT'), 'head', 1, fast)?.reason).toContain('within 0.3 s');
    expect(classifyClientError(err('ERR_HTTP_REQUEST_TIMEOUT'), 'body', 1, fast)?.reason).toContain('within 0.65 s');
  });
});

describe('classifyClientError, while the body is read', () => {
  it('answers 408 when the request time-out ends the body', () => {
    expect(classifyClientError(err('ERR_HTTP_REQUEST_TIMEOUT', 'Request timeout'), 'body', 0, limits)).toMatchObject({
      status: 408,
      reason: expect.stringMatching(/^The body did not arrive within 30 s/),
    });
  });

  it('answers 400 to broken chunked framing', () => {
    expect(classifyClientError(err('HPE_INVALID_CHUNK_SIZE', 'Parse Error: Invalid character in chunk size'), 'body', 0, limits)).toMatchObject({ status: 400 });
  });

  it('leaves a body cut off by the sender to the handler', () => {
    expect(classifyClientError(err('HPE_INVALID_EOF_STATE'), 'body', 0, limits)).toBeNull();
    expect(classifyClientError(err('ECONNRESET'), 'body', 0, limits)).toBeNull();
  });
});

describe('rawAnswer', () => {
  it('is a complete HTTP/1.1 answer that closes the connection', () => {
    const body = errorBody(431, 'too big');
    expect(rawAnswer(431, body, { 'retry-after': '5' }).toString()).toBe(
      'HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: application/json; charset=utf-8\r\n' +
        `content-length: ${body.length}\r\nretry-after: 5\r\nconnection: close\r\n\r\n{"error":"request_header_fields_too_large","message":"too big"}`,
    );
  });

  it('counts content-length in bytes', () => {
    const text = rawAnswer(400, errorBody(400, 'é')).toString();
    expect(text).toContain(`content-length: ${Buffer.byteLength(errorBody(400, 'é'))}\r\n`);
  });
});
