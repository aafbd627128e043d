import { describe, expect, it } from 'vitest';
import { parseRawHead, rawRefusalRecord, redactRaw } from './raw-request';

const KEY = 'secret-key-1234';
const refusal = (raw: Buffer | null, bytes = raw?.length ?? 0) => rawRefusalRecord({ raw, bytes, remoteAddress: '127.0.0.1', expectedKey: KEY, status: 431, reason: 'too big' });

describe('parseRawHead', () => {
  it('reads the request line and the headers, the last one possibly cut', () => {
    expect(parseRawHead(Buffer.from('POST /webhook?x=1 HTTP/1.1\r\nHost: a\r\nX-Big:  aaaa'))).toEqual({
      method: 'POST',
      path: '/webhook?x=1',
      rawHeaders: ['Host', 'a', 'X-Big', 'aaaa'],
    });
  });

  it('stops at the blank line and at a line that is not a header', () => {
    expect(parseRawHead(Buffer.from('GET / HTTP/1.0\r\nA: 1\r\n\r\nB: 2'))?.rawHeaders).toEqual(['A', '1']);
    expect(parseRawHead(Buffer.from('GET / HTTP/1.1\r\nA: 1\r\n\x01junk\r\nB: 2'))?.rawHeaders).toEqual(['A', '1']);
  });

  it('is null for bytes that do not start with a request line', () => {
    expect(parseRawHead(Buffer.from([1, 2, 3]))).toBeNull();
    expect(parseRawHead(Buffer.from('aaaa\r\nHost: x\r\n'))).toBeNull();
    expect(parseRawHead(Buffer.from('POST /webhook'))).toBeNull();
  });
});

describe('redactRaw', () => {
  it('replaces every x-api-key value, whatever the case, up to the end of the line or the bytes', () => {
    const out = redactRaw(Buffer.from(`junk\r\nX-Api-Key: ${KEY}\r\nx-api-key:${KEY}`)).toString('latin1');
    expect(out).toBe('junk\r\nX-Api-Key: [redacted]\r\nx-api-key: [redacted]');
  });

  it('leaves other bytes exactly as they were', () => {
    const bytes = Buffer.from([0xff, 0x00, 0x80, 0x0d, 0x0a]);
    expect(redactRaw(bytes)).toBe(bytes);
    expect(redactRaw(Buffer.concat([bytes, Buffer.from('x-api-key: k')]))).toEqual(Buffer.concat([bytes, Buffer.from('x-api-key: [redacted]')]));
  });
});

describe('rawRefusalRecord', () => {
  it('keeps method, path and headers of a parsable head, with the key checked and redacted', () => {
    const r = refusal(Buffer.from(`POST /webhook HTTP/1.1\r\nHost: a\r\nx-api-key: ${KEY}\r\nX-User-Id: u1\r\nAccept: a\r\naccept: b\r\n`));
    expect(r).toMatchObject({
      method: 'POST',
      path: '/webhook',
      stage: 'http',
      status: 431,
      reason: 'too big',
      userId: 'u1',
      apiKey: { present: true, matched: true, last4: '1234' },
      headers: { host: 'a', 'x-api-key': '[redacted]', 'x-user-id': 'u1', accept: ['a', 'b'] },
      response: { status: 431, body: '{"error":"request_header_fields_too_large","message":"too big"}' },
    });
    expect(r.body).toBeUndefined();
    expect(JSON.stringify(r)).not.toContain(KEY);
  });

  it('keeps unparsable bytes as the body (base64 when not UTF-8), key redacted', () => {
    expect(refusal(Buffer.from([0x16, 0x03, 0xff]))).toMatchObject({ method: '', path: '', bodyBase64: 'FgP/', bodyTruncated: false, size: 3 });
    const r = refusal(Buffer.from(`\x00x\r\nx-api-key: ${KEY}\r\n`));
    expect(r.body).toBe('\x00x\r\nx-api-key: [redacted]\r\n');
    expect(JSON.stringify(r)).not.toContain(KEY);
  });

  it('keeps no bytes that are not the start of the request (they could begin inside an x-api-key line)', () => {
    const r = refusal(Buffer.from(`-key: ${KEY}\r\n`), 500);
    expect(r.body).toBeUndefined();
    expect(r.bodyBase64).toBeUndefined();
    expect(r.size).toBe(500);
  });

  it('records no answer when none could be given', () => {
    const r = rawRefusalRecord({ raw: null, bytes: 10, remoteAddress: null, expectedKey: KEY, status: null, reason: 'lost' });
    expect(r).toMatchObject({ status: 0, response: { status: 0, body: '' }, apiKey: { present: false } });
  });
});
