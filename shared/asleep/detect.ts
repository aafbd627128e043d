// Which layout and version a webhook body is, from its shape alone (no validation here).
// Every key lookup is an own-property lookup: bodies are untrusted and may carry `__proto__`,
// `constructor` or `toString` keys that must not be confused with inherited members.
import type { Detection, Layout } from './model';

export type JsonObject = Record<string, unknown>;

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The value of an own property of a plain object, else `undefined`. */
export function own(value: unknown, key: string): unknown {
  return isObject(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}

const ownString = (value: unknown, key: string): string | null => {
  const v = own(value, key);
  return typeof v === 'string' ? v : null;
};

/** Detection plus the envelope keys the body uses, which validation and normalization need. */
export interface Envelope extends Detection {
  /** `callback` for `callback_event`/`callback_version`/`callback_data`, `plain` for `event`/`version`/`data`, null for flat. */
  spelling: 'plain' | 'callback' | null;
  /** Key holding the event name (`event` or `callback_event`). */
  eventKey: 'event' | 'callback_event';
  /** Key holding the payload (`data`/`callback_data`), or null when the fields are top-level. */
  dataKey: 'data' | 'callback_data' | null;
}

const SPELLINGS = {
  plain: { event: 'event', version: 'version', data: 'data' },
  callback: { event: 'callback_event', version: 'callback_version', data: 'callback_data' },
} as const;

const FLAT_MARKERS = ['user_id', 'session_id', 'sleep_stages', 'session'] as const;

/** `V1`, `v2`, ` V3 ` -> layout; anything else -> null (the layout is then read from the shape). */
function layoutOfVersion(version: string): Layout | null {
  const m = /^v?([123])$/i.exec(version.trim());
  if (!m) return null;
  return m[1] === '1' ? 'v1' : m[1] === '2' ? 'v2' : 'v3';
}

// A body uses a spelling when its data key holds an object, or when the data key is present next to
// the event or version key (then the envelope is recognisable and validation explains the bad data).
function usesSpelling(body: JsonObject, spelling: 'plain' | 'callback'): { strong: boolean; weak: boolean } {
  const keys = SPELLINGS[spelling];
  const hasData = Object.hasOwn(body, keys.data);
  return {
    strong: isObject(own(body, keys.data)),
    weak: hasData && (Object.hasOwn(body, keys.event) || Object.hasOwn(body, keys.version)),
  };
}

// The callback spelling with a version we do not know (e.g. "V4" or a number): guess from the payload.
function callbackLayoutByShape(data: unknown): Layout {
  if (['sleep_stages', 'snoring_stages', 'session'].some((k) => own(data, k) !== undefined)) return 'v3';
  if (own(data, 'osa_stage_list') !== undefined) return 'v1';
  return 'v2';
}

export function detectEnvelope(body: unknown): Envelope {
  const none: Envelope = { layout: null, version: null, event: null, spelling: null, eventKey: 'event', dataKey: null };
  if (!isObject(body)) return none;

  const plain = usesSpelling(body, 'plain');
  const callback = usesSpelling(body, 'callback');
  const spelling =
    plain.strong ? 'plain' : callback.strong ? 'callback' : plain.weak ? 'plain' : callback.weak ? 'callback' : null;

  if (spelling === null) {
    const event = ownString(body, 'event') ?? ownString(body, 'callback_event');
    const version = ownString(body, 'version') ?? ownString(body, 'callback_version');
    const flat = Object.hasOwn(body, 'event') && FLAT_MARKERS.some((k) => Object.hasOwn(body, k));
    return flat ? { ...none, layout: 'flat', version, event } : { ...none, version, event };
  }

  const keys = SPELLINGS[spelling];
  const other = SPELLINGS[spelling === 'plain' ? 'callback' : 'plain'];
  const event = ownString(body, keys.event) ?? ownString(body, other.event);
  const declared = ownString(body, keys.version) ?? ownString(body, other.version);
  const hasVersion = Object.hasOwn(body, keys.version) || Object.hasOwn(body, other.version);

  let layout: Layout;
  let version = declared;
  const byVersion = declared === null ? null : layoutOfVersion(declared);
  if (byVersion) {
    layout = byVersion;
  } else if (spelling === 'plain') {
    layout = 'v3';
    if (!hasVersion) version = 'V3';
  } else if (!hasVersion) {
    // V1 never sent a version key: the callback spelling without one is V1.
    layout = 'v1';
    version = 'V1';
  } else {
    layout = callbackLayoutByShape(own(body, keys.data));
  }
  return { layout, version, event, spelling, eventKey: keys.event, dataKey: keys.data };
}

/** Which layout (v1, v2, v3, flat) and version a body is, and its event name as sent. */
export function detectLayout(body: unknown): Detection {
  const { layout, version, event } = detectEnvelope(body);
  return { layout, version, event };
}
