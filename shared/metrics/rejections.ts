// Why a request was refused, or why a stored one is not valid, as a small set of groups a person can
// act on. The listener's reasons carry details (the key's last 4 characters, the JSON parser's message)
// that would make every request its own group; the group is read from the step that stopped it, and
// within a step from the listener's own wording (electron/core/listener/webhook-listener.ts; the core's
// metrics test sends every kind of request for real, so a reworded reason fails a test).
import type { CaptureSummary } from '../capture';

export interface RefusalKind {
  key: string;
  label: string;
  /** Text of the reason that picks this kind out in the captures list's search (summary text, no disk read). */
  search: string | null;
}

interface Rule extends RefusalKind {
  test(c: CaptureSummary): boolean;
}

const reason = (c: CaptureSummary) => c.reason ?? '';

const RULES: Rule[] = [
  { key: 'path', label: 'Wrong path (not the webhook path)', search: 'Nothing is served at', test: (c) => c.stage === 'path' },
  { key: 'method', label: 'Not a POST', search: 'is not accepted; use POST', test: (c) => c.stage === 'method' },
  { key: 'too-large', label: 'Body over 1 MiB', search: 'the limit is 1 MiB', test: (c) => c.stage === 'size' && c.status === 413 },
  { key: 'aborted', label: 'Sender closed the connection before the body was complete', search: 'closed the connection', test: (c) => c.stage === 'size' && c.status !== 413 },
  { key: 'key-missing', label: 'x-api-key missing', search: 'x-api-key header is missing', test: (c) => c.stage === 'auth' && !c.apiKey.present },
  { key: 'key-mismatch', label: 'x-api-key does not match', search: 'does not match this console', test: (c) => c.stage === 'auth' },
  { key: 'empty', label: 'Empty body', search: 'The body is empty', test: (c) => c.stage === 'parse' && reason(c).startsWith('The body is empty') },
  { key: 'not-utf8', label: 'Body is not UTF-8 text', search: 'not valid UTF-8', test: (c) => c.stage === 'parse' && reason(c).includes('not valid UTF-8') },
  { key: 'not-json', label: 'Body is not JSON', search: 'The body is not JSON', test: (c) => c.stage === 'parse' },
  { key: 'storage', label: 'Could not store (answered 503: the sender retries)', search: 'Could not store the webhook', test: (c) => c.stage === 'store' },
];

/** The group of a refused request (any answer other than 2xx). */
export function refusalKind(c: CaptureSummary): RefusalKind {
  const rule = RULES.find((r) => r.test(c));
  if (rule) return { key: rule.key, label: rule.label, search: rule.search };
  return { key: `status-${c.status}`, label: c.status === 0 ? 'No answer sent' : `Answered ${c.status}`, search: null };
}

/** `data.sleep_stages.3` → `data.sleep_stages.*`: one group per field, not per epoch. */
export function fieldOf(path: string): string {
  return path
    .split('.')
    .map((p) => (/^\d+$/.test(p) ? '*' : p))
    .join('.');
}

/** The group of a stored capture that is not valid: its layout, event and the field of its first issue. */
/** `search`: words that find the group in the list when no layout filter can (not an Asleep webhook). */
export function invalidKind(c: CaptureSummary): { key: string; label: string; search: string | null } {
  const first = c.issues[0];
  if (c.layout === null) return { key: 'invalid:not-asleep', label: 'Not an Asleep webhook (no layout recognised)', search: 'not an Asleep webhook' };
  const field = first ? fieldOf(first.path) || '(body)' : '(no issue listed)';
  const what = `${c.layout === 'flat' ? 'flat' : c.layout.toUpperCase()} ${c.event ?? 'no event'}`;
  return { key: `invalid:${c.layout}:${c.event ?? ''}:${field}`, label: `Not valid: ${field} (${what})`, search: null };
}
