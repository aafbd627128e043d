// Secrets never reach the log files: every line passes through here before it is written.
// Two layers, because either alone misses something: the exact secret values the process knows
// (the API key, earlier keys, the UI token) wherever they appear, and the places a secret is
// recognisable by its shape even when its value is unknown (a wrong key in x-api-key, a token in a URL).

export const REDACTED = '[redacted]';

/** Values shorter than this are not treated as secrets: redacting "abc" everywhere would wreck the log. */
export const MIN_SECRET_LENGTH = 6;

type Replacer = string | ((match: string, ...groups: string[]) => string);

const PATTERNS: [RegExp, Replacer][] = [
  // x-api-key: VALUE, "x-api-key":"VALUE", x-api-key=VALUE (any case; the value ends at a quote, comma, brace, & or space)
  [/(x-api-key\\?["']?\s*[:=]\s*\\?["']?)(?!\[redacted\])[^"'\\,\s}\]&]+/gi, `$1${REDACTED}`],
  // "apiKey": "VALUE", api_key=VALUE, --api-key VALUE
  [/(\bapi[-_]?key\\?["']?\s*[:=]\s*\\?["']?)(?!\[redacted\])[^"'\\,\s}\]&]+/gi, `$1${REDACTED}`],
  [/(--api-key[= ]\s*)(?!\[redacted\])\S+/gi, `$1${REDACTED}`],
  // token=VALUE in a URL or a form, up to the next separator
  [/(\btoken=)(?!\[redacted\])[^&\s"'#\\]+/gi, `$1${REDACTED}`],
  // "token": "VALUE"
  [/(["']token\\?["']\s*:\s*\\?["'])(?!\[redacted\])[^"'\\]+/gi, `$1${REDACTED}`],
  // Authorization: <scheme> VALUE, or a bare value
  [/(authorization\\?["']?\s*[:=]\s*\\?["']?)(?!(?:(?:bearer|basic|token)\s+)?\[redacted\])(?:(bearer|basic|token)\s+)?[^"'\\,\s}\]]+/gi, (_m, lead: string, scheme?: string) => `${lead}${scheme ? `${scheme} ` : ''}${REDACTED}`],
  // Bearer VALUE anywhere else
  [/\b(bearer)\s+[A-Za-z0-9\-._~+/]+=*/gi, `$1 ${REDACTED}`],
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The forms a secret takes in a log line: as is, JSON-escaped, and URL-encoded. */
function forms(secret: string): string[] {
  const out = new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]);
  return [...out];
}

/**
 * Replace every known secret value and every recognisable secret position in `text`.
 * Pure and total: any string in, a string out; the result never contains a value from `secrets`
 * (of at least MIN_SECRET_LENGTH characters) in any of its plain, JSON-escaped or URL-encoded forms.
 */
export function redactSecrets(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  const known = knownValues(secrets);
  if (known) out = out.replace(known, REDACTED);
  for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement as string);
  return out;
}

/** One pattern for every form of every secret; the last one is kept, since the set rarely changes. */
let cached: { key: string; re: RegExp | null } = { key: '', re: null };

function knownValues(secrets: Iterable<string>): RegExp | null {
  const values = [...new Set(secrets)].filter((s) => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH);
  const key = values.join('\u0000');
  if (key !== cached.key) {
    // Longest first, so a secret that contains another is replaced whole.
    const all = [...new Set(values.flatMap(forms))].sort((a, b) => b.length - a.length);
    cached = { key, re: all.length > 0 ? new RegExp(all.map(escapeRegExp).join('|'), 'g') : null };
  }
  return cached.re;
}
