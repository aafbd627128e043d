// A small seeded pseudo-random generator, so that a simulated night is the same for the same seed on
// every machine. 32-bit state advanced by a Weyl step (an odd constant added each call) and scrambled
// by an xor-shift-multiply finalizer, the construction of the "mulberry" family of generators.
// Plenty for test traffic; not for anything that needs cryptographic randomness.

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max] (both included). */
  int(min: number, max: number): number;
  /** Uniform real in [min, max). */
  range(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A shuffled copy (Fisher-Yates). */
  shuffled<T>(items: readonly T[]): T[];
  /** An independent generator derived from this one's seed and a label: stable whatever else was drawn. */
  fork(...labels: (string | number)[]): Rng;
  readonly seed: number;
}

const WEYL = 0x6d2b79f5;

/** Mixes numbers and strings into one 32-bit seed (FNV-1a over the parts, then the finalizer). */
export function mixSeed(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const text = typeof part === 'number' ? `#${part >>> 0}:${Math.floor(part / 2 ** 32)}` : `$${part}`;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 0xff, 0x01000193);
  }
  return scramble(h >>> 0);
}

function scramble(x: number): number {
  let z = x;
  z = Math.imul(z ^ (z >>> 15), z | 1);
  z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
  return (z ^ (z >>> 14)) >>> 0;
}

export function createRng(seed: number): Rng {
  const origin = seed >>> 0;
  let state = origin;
  const next = (): number => {
    state = (state + WEYL) >>> 0;
    return scramble(state) / 4294967296;
  };
  const rng: Rng = {
    seed: origin,
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    range: (min, max) => min + next() * (max - min),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
    shuffled: <T>(items: readonly T[]): T[] => {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j] as T, out[i] as T];
      }
      return out;
    },
    fork: (...labels) => createRng(mixSeed(origin, ...labels)),
  };
  return rng;
}
