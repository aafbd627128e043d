import { REDACTED_KEY, type ApiKeyVerdict } from '../../../shared/capture';
import type { CaptureRecord } from '../store/capture-journal';
import { checkApiKey } from './api-key';
import { errorBody } from './client-errors';
import { newCaptureRecord } from './new-record';

/** Bytes of a request Node refused that a capture keeps (as for every rejected request). */
export const RAW_KEEP_BYTES = 64 * 1024;

export interface RawHead {
  method: string;
  path: string;
  /** Name, value, name, value… as far as the bytes go (the last one may be cut off). */
  rawHeaders: string[];
}

const REQUEST_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]{1,32}) (\S{1,8192}) HTTP\/\d\.\d\r?\n/;
const HEADER_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)[ \t]*:[ \t]*(.*?)[ \t]*$/;
const KEY_LINE = /(x-api-key[ \t]*:)[^\r\n]*/gi;

/**
 * The request line and headers in bytes Node's parser gave up on, when they start with a request
 * line (a request whose headers overflowed usually arrived in one piece). Header text is read as
 * latin1, as Node reads it.
 */
export function parseRawHead(raw: Buffer): RawHead | null {
  const text = raw.toString('latin1');
  const line = REQUEST_LINE.exec(text);
  if (!line) return null;
  const rawHeaders: string[] = [];
  for (const l of text.slice(line[0].length).split(/\r?\n/)) {
    if (l === '') break;
    const h = HEADER_LINE.exec(l);
    if (!h) break;
    rawHeaders.push(h[1]!, h[2]!);
  }
  return { method: line[1]!, path: line[2]!, rawHeaders };
}

/** The same bytes with every `x-api-key:` value replaced, so the key never reaches disk. */
export function redactRaw(raw: Buffer): Buffer {
  const text = raw.toString('latin1');
  const redacted = text.replace(KEY_LINE, `$1 ${REDACTED_KEY}`);
  return redacted === text ? raw : Buffer.from(redacted, 'latin1');
}

export interface RawRefusal {
  /** What Node's parser last saw (`err.rawPacket`), if anything. */
  raw: Buffer | null;
  /** Bytes of this request received in all. */
  bytes: number;
  remoteAddress: string | null;
  expectedKey: string;
  /** What was answered (null: nothing could be). */
  status: number | null;
  reason: string;
}

/**
 * A rejected capture for a request that never reached the handler. What is known of it is recorded:
 * method, path and headers when the bytes start with a request line, otherwise the bytes themselves
 * as the body (with any x-api-key value redacted), but only when they are the start of the request:
 * a later piece could begin in the middle of an x-api-key line, where the name that marks the
 * secret is missing. `id` and `seq` are left for the caller.
 */
export function rawRefusalRecord(r: RawRefusal): CaptureRecord {
  const head = r.raw ? parseRawHead(r.raw.subarray(0, RAW_KEEP_BYTES)) : null;
  const headers: Record<string, string | string[]> = {};
  const rawHeaders: string[] = [];
  let apiKey: ApiKeyVerdict = { present: false, matched: false, last4: null };
  for (let i = 0; head && i < head.rawHeaders.length; i += 2) {
    const name = head.rawHeaders[i]!;
    const lower = name.toLowerCase();
    let value = head.rawHeaders[i + 1]!;
    if (lower === 'x-api-key') {
      apiKey = checkApiKey(value, r.expectedKey);
      value = REDACTED_KEY;
    }
    rawHeaders.push(name, value);
    const before = headers[lower];
    headers[lower] = before === undefined ? value : Array.isArray(before) ? [...before, value] : [before, value];
  }
  const userId = typeof headers['x-user-id'] === 'string' ? headers['x-user-id'].slice(0, 200) : null;
  const record = newCaptureRecord({
    method: head?.method ?? '',
    path: head?.path ?? '',
    status: r.status ?? 0,
    stage: 'http',
    reason: r.reason,
    userId,
    size: r.bytes,
    remoteAddress: r.remoteAddress,
    apiKey,
    headers,
    rawHeaders,
    response: { status: r.status ?? 0, body: r.status === null ? '' : errorBody(r.status, r.reason) },
  });
  if (!head && r.raw && r.raw.length > 0 && r.raw.length >= r.bytes) {
    const kept = redactRaw(r.raw.subarray(0, RAW_KEEP_BYTES));
    record.bodyTruncated = kept.length < r.bytes;
    const text = decodeUtf8(kept);
    if (text === null) record.bodyBase64 = kept.toString('base64');
    else record.body = text;
  }
  return record;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeUtf8(bytes: Buffer): string | null {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}
