// Pure helpers of the re-send dialog: the editable header list and live validation of an edited body.
import { interpret } from '../../../../shared/asleep/interpret';
import { REDACTED_KEY } from '../../../../shared/capture';

/** Never sent again (the core drops them too): they belong to the original connection. */
const DROPPED = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'host', 'content-length', 'expect', 'x-console-replay']);

/** `Name: value` lines for the header editor; the redacted key is left out (the console's key is sent). */
export function headerLines(headers: Record<string, string | string[]>): string {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (DROPPED.has(name.toLowerCase())) continue;
    for (const v of Array.isArray(value) ? value : [value]) {
      if (name.toLowerCase() === 'x-api-key' && v === REDACTED_KEY) continue;
      lines.push(`${name}: ${v}`);
    }
  }
  return lines.join('\n');
}

export function parseHeaderLines(text: string): { headers: Record<string, string>; errors: string[] } {
  const headers: Record<string, string> = {};
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      errors.push(`line ${i + 1}: expected "Name: value"`);
      return;
    }
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] !== undefined ? `${headers[name]}, ${value}` : value;
  });
  return { headers, errors };
}

export interface BodyCheck {
  json: boolean;
  layout: string | null;
  event: string | null;
  valid: boolean;
  problems: string[];
}

/** The body as the console would judge it: JSON at all, then Asleep's layouts. */
export function checkBody(body: string): BodyCheck {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (err) {
    return { json: false, layout: null, event: null, valid: false, problems: [`Not JSON: ${err instanceof Error ? err.message : String(err)}`] };
  }
  const i = interpret(json);
  return {
    json: true,
    layout: i.detection.layout ?? null,
    event: i.detection.event ?? null,
    valid: i.valid,
    problems: [...i.issues.map((x) => `${x.path || '(body)'}: ${x.message}`), ...i.warnings.map((x) => `warning ${x.path || '(body)'}: ${x.message}`)],
  };
}
