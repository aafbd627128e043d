// HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) of captures: the request as received and our answer.
import type { CaptureDetail } from '../capture';
import { REDACTED_KEY } from '../capture';
import { utf8Bytes } from '../curl/bytes';

export interface HarHeader {
  name: string;
  value: string;
}
export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: unknown[];
    headers: HarHeader[];
    queryString: HarHeader[];
    postData?: { mimeType: string; text: string; encoding?: string; params?: unknown[] };
    headersSize: number;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: unknown[];
    headers: HarHeader[];
    content: { size: number; mimeType: string; text: string };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  comment?: string;
}
export interface Har {
  log: { version: '1.2'; creator: { name: string; version: string }; entries: HarEntry[] };
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

function headerList(h: CaptureDetail['headers']): HarHeader[] {
  return Object.entries(h).flatMap(([name, v]) => (Array.isArray(v) ? v : [v]).map((value) => ({ name, value })));
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

function byteLength(s: string): number {
  return utf8Bytes(s).length;
}

export function harEntry(c: CaptureDetail, baseUrl: string): HarEntry {
  const url = baseUrl.replace(/\/$/, '') + c.path;
  const query = c.path.includes('?') ? c.path.slice(c.path.indexOf('?') + 1) : '';
  const mimeType = String((Array.isArray(c.headers['content-type']) ? c.headers['content-type'][0] : c.headers['content-type']) ?? '');
  const text = c.body ?? c.bodyBase64 ?? '';
  const wait = c.answerMs ?? 0;
  const headers = headerList(c.headers);
  return {
    startedDateTime: c.receivedAt,
    time: wait,
    request: {
      method: c.method,
      url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers,
      queryString: query
        .split('&')
        .filter(Boolean)
        .map((kv) => {
          const [name = '', value = ''] = kv.split('=', 2);
          return { name: safeDecode(name), value: safeDecode(value) };
        }),
      postData: { mimeType, text, ...(c.bodyBase64 !== undefined ? { encoding: 'base64' } : {}), params: [] },
      headersSize: -1,
      bodySize: c.size,
    },
    response: {
      status: c.response.status,
      statusText: STATUS_TEXT[c.response.status] ?? '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: [{ name: 'content-type', value: 'application/json; charset=utf-8' }],
      content: { size: byteLength(c.response.body), mimeType: 'application/json; charset=utf-8', text: c.response.body },
      redirectURL: '',
      headersSize: -1,
      bodySize: byteLength(c.response.body),
    },
    cache: {},
    timings: { send: 0, wait, receive: 0 },
    comment: [`capture ${c.id}`, c.bodyTruncated ? 'body truncated when stored' : null, headers.some((h) => h.value === REDACTED_KEY) ? 'x-api-key redacted' : null]
      .filter(Boolean)
      .join('; '),
  };
}

export function harDocument(captures: CaptureDetail[], baseUrl: string, creatorVersion = '0.1.0'): Har {
  return { log: { version: '1.2', creator: { name: 'Asleep Webhook Console', version: creatorVersion }, entries: captures.map((c) => harEntry(c, baseUrl)) } };
}

/** Checks the fields HAR 1.2 requires; returns the problems (empty = valid). */
export function harProblems(doc: unknown): string[] {
  const out: string[] = [];
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const need = (o: Record<string, unknown>, at: string, fields: Record<string, 'string' | 'number' | 'array' | 'object'>) => {
    for (const [k, t] of Object.entries(fields)) {
      const v = o[k];
      const okType = t === 'array' ? Array.isArray(v) : t === 'object' ? isObj(v) : typeof v === t;
      if (!okType) out.push(`${at}.${k} must be ${t}`);
    }
  };
  const nv = (list: unknown, at: string) => {
    if (!Array.isArray(list)) return;
    list.forEach((h, i) => (isObj(h) ? need(h, `${at}[${i}]`, { name: 'string', value: 'string' }) : out.push(`${at}[${i}] must be object`)));
  };
  if (!isObj(doc) || !isObj(doc.log)) return ['log must be object'];
  const log = doc.log;
  need(log, 'log', { version: 'string', creator: 'object', entries: 'array' });
  if (log.version !== '1.2') out.push('log.version must be "1.2"');
  if (isObj(log.creator)) need(log.creator, 'log.creator', { name: 'string', version: 'string' });
  if (!Array.isArray(log.entries)) return out;
  log.entries.forEach((e: unknown, i: number) => {
    const at = `log.entries[${i}]`;
    if (!isObj(e)) return void out.push(`${at} must be object`);
    need(e, at, { startedDateTime: 'string', time: 'number', request: 'object', response: 'object', cache: 'object', timings: 'object' });
    if (typeof e.startedDateTime === 'string' && !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(e.startedDateTime))
      out.push(`${at}.startedDateTime must be ISO 8601`);
    if (isObj(e.request)) {
      const r = e.request;
      need(r, `${at}.request`, { method: 'string', url: 'string', httpVersion: 'string', cookies: 'array', headers: 'array', queryString: 'array', headersSize: 'number', bodySize: 'number' });
      nv(r.headers, `${at}.request.headers`);
      nv(r.queryString, `${at}.request.queryString`);
      if (r.postData !== undefined) {
        if (!isObj(r.postData)) out.push(`${at}.request.postData must be object`);
        else need(r.postData, `${at}.request.postData`, { mimeType: 'string', text: 'string' });
      }
    }
    if (isObj(e.response)) {
      const r = e.response;
      need(r, `${at}.response`, {
        status: 'number',
        statusText: 'string',
        httpVersion: 'string',
        cookies: 'array',
        headers: 'array',
        content: 'object',
        redirectURL: 'string',
        headersSize: 'number',
        bodySize: 'number',
      });
      nv(r.headers, `${at}.response.headers`);
      if (isObj(r.content)) need(r.content, `${at}.response.content`, { size: 'number', mimeType: 'string' });
    }
    if (isObj(e.timings)) need(e.timings, `${at}.timings`, { send: 'number', wait: 'number', receive: 'number' });
  });
  return out;
}
