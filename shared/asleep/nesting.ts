// How deep a parsed body nests, measured without recursion. JSON.parse accepts hundreds of
// thousands of levels, but the normalized model keeps parts of a body as sent (a loose `stat`), and
// every later step that walks it recursively (JSON.stringify of the session file, the fingerprint,
// structuredClone) would throw "Maximum call stack size exceeded" on such a value.

/** Asleep's payloads nest at most 5 levels; this leaves room for anything a sender may add. */
export const MAX_NESTING = 64;

/**
 * The path to the first array or object that lies deeper than `max` levels (the body itself is
 * level 1), or null when the whole value fits. Stops at the first one found.
 */
export function tooDeep(value: unknown, max = MAX_NESTING): string[] | null {
  const stack: { value: unknown; depth: number; path: string[] }[] = [{ value, depth: 1, path: [] }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    const v = item.value;
    if (typeof v !== 'object' || v === null) continue;
    if (item.depth > max) return item.path;
    const push = (key: string, child: unknown) => {
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: item.depth + 1, path: [...item.path, key] });
    };
    if (Array.isArray(v)) for (let i = 0; i < v.length; i++) push(String(i), v[i]);
    else for (const k of Object.keys(v)) push(k, (v as Record<string, unknown>)[k]);
  }
  return null;
}
