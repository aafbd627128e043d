// "Copy as curl": a POSIX-shell command that re-sends a capture byte for byte.
// The body travels as base64 (`printf %s '<b64>' | base64 -d | curl --data-binary @- …`): only
// [A-Za-z0-9+/=] inside single quotes, so no byte of the body can be misread by any shell.
import type { CaptureDetail } from '../capture';
import { toBase64, utf8Bytes } from './bytes';

/** Hop-by-hop and transport headers curl computes itself (RFC 9110 §7.6.1), plus the API key (handled apart). */
const DROP = new Set([
  'host',
  'content-length',
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'proxy-authorization',
  'proxy-authenticate',
  'expect',
  'x-api-key',
]);

export const API_KEY_PLACEHOLDER = '$ASLEEP_API_KEY';

export interface CurlOptions {
  /** Where to send it (default: the capture's own path on `baseUrl`). */
  url: string;
  /** The real key to embed; omitted → `"$ASLEEP_API_KEY"` (expanded by the shell at run time). */
  apiKey?: string | null;
}

/** Single-quote a string for any POSIX shell: `'` becomes `'\''`. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The body bytes as base64, from either stored form. */
export function bodyBase64(c: Pick<CaptureDetail, 'body' | 'bodyBase64'>): string {
  if (c.bodyBase64 !== undefined) return c.bodyBase64;
  return toBase64(utf8Bytes(c.body ?? ''));
}

/** Headers to re-send, as [name, value] pairs in received order (repeated headers stay repeated). */
export function curlHeaders(c: Pick<CaptureDetail, 'headers'>): [string, string][] {
  const out: [string, string][] = [];
  for (const [name, value] of Object.entries(c.headers)) {
    if (DROP.has(name.toLowerCase())) continue;
    for (const v of Array.isArray(value) ? value : [value]) out.push([name, v]);
  }
  return out;
}

export function curlCommand(c: Pick<CaptureDetail, 'method' | 'headers' | 'body' | 'bodyBase64' | 'apiKey'>, options: CurlOptions): string {
  const lines: string[] = [];
  const b64 = bodyBase64(c);
  const hasBody = b64.length > 0 || c.method !== 'GET';
  const head = hasBody ? `printf %s ${shellQuote(b64)} | base64 -d | curl -sS` : 'curl -sS';
  lines.push(`${head} -X ${shellQuote(c.method)} ${shellQuote(options.url)}`);
  for (const [name, value] of curlHeaders(c)) lines.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  // Send the key only when the original request carried one.
  if (c.apiKey.present) {
    if (options.apiKey) lines.push(`-H ${shellQuote(`x-api-key: ${options.apiKey}`)}`);
    else lines.push(`-H "x-api-key: ${API_KEY_PLACEHOLDER}"`);
  }
  // Without an explicit content-type curl would add `application/x-www-form-urlencoded`: keep it absent.
  if (!curlHeaders(c).some(([n]) => n.toLowerCase() === 'content-type') && hasBody) lines.push(`-H 'Content-Type:'`);
  if (hasBody) lines.push('--data-binary @-');
  return lines.join(' \\\n  ');
}
