import type { Normalized } from '../asleep/model';

/**
 * A short content fingerprint used to tell "the same chunk again" from "different content under
 * the same key". It covers what the console understood (stages, times, stat), not the bytes, so a
 * re-send with other whitespace or key order is still "the same". FNV-1a, pure TS.
 */
export function fingerprint(n: Normalized): string {
  const content =
    n.kind === 'inference'
      ? [n.inferenceSeqNum, n.sleep, n.snoring, n.breath, n.timeWindow]
      : [n.startTime, n.endTime, n.sleep, n.snoring, n.breath, n.stat, n.peculiarities, n.state];
  return fnv1a64(stableStringify(content));
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Two FNV-1a 32-bit passes with different offset bases; Math.imul keeps it fast on long arrays. */
function fnv1a64(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
