import { describe, expect, it } from 'vitest';
import { divRoundHalfUp, round2 } from './rounding';

// Python 3: [round(x, 2) for x in xs], generated once with CPython.
const PYTHON: [number, number][] = [
  [0.155, 0.15], [0.145, 0.14], [0.135, 0.14], [0.125, 0.12], [0.375, 0.38], [0.625, 0.62], [0.875, 0.88],
  [0.005, 0.01], [0.015, 0.01], [0.025, 0.03], [0.035, 0.04], [0.045, 0.04], [0.055, 0.06], [0.065, 0.07],
  [0.075, 0.07], [0.085, 0.09], [0.095, 0.1], [0.285, 0.28], [0.305, 0.3], [0.995, 0.99], [1 / 3, 0.33],
  [2 / 3, 0.67], [1 / 6, 0.17], [5 / 6, 0.83], [1 / 7, 0.14], [0.8824, 0.88], [1080 / 3600, 0.3],
  [1080 / 1260, 0.86], [180 / 1260, 0.14], [0.86 - 0.01, 0.85], [0.14 + 0.01, 0.15], [-0.125, -0.12],
  [-0.155, -0.15], [1.005, 1.0], [2.675, 2.67],
];

/** Exact half-to-even rounding of the double's binary value to 2 decimals, with BigInt (an independent check). */
function exactRound2(x: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const exponentBits = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = exponentBits === 0 ? fraction : fraction | (1n << 52n);
  const shift = BigInt(1075 - (exponentBits === 0 ? 1 : exponentBits)); // x = mantissa / 2^shift
  const scaled = mantissa * 100n; // x * 100 = scaled / 2^shift
  const denom = 1n << shift;
  let q = scaled / denom;
  const twiceRem = (scaled % denom) * 2n;
  if (twiceRem > denom || (twiceRem === denom && q % 2n === 1n)) q += 1n;
  const value = Number(q) / 100;
  return negative ? -value : value;
}

describe('round2 (Python round(x, 2))', () => {
  it.each(PYTHON)('round(%s, 2) = %s', (x, expected) => {
    expect(round2(x)).toBe(expected);
  });

  it('agrees with exact binary half-to-even rounding on every a / b, b ≤ 400', () => {
    for (let b = 1; b <= 400; b++) {
      for (let a = 0; a <= b; a++) {
        const x = a / b;
        if (round2(x) !== exactRound2(x)) throw new Error(`${a}/${b}: ${round2(x)} vs ${exactRound2(x)}`);
      }
    }
  });

  it('never returns -0', () => {
    expect(Object.is(round2(-0.001), 0)).toBe(true);
  });
});

describe('divRoundHalfUp', () => {
  it('rounds a / b half up without float error', () => {
    expect(divRoundHalfUp(15, 2)).toBe(8); // 7.5
    expect(divRoundHalfUp(14, 4)).toBe(4); // 3.5
    expect(divRoundHalfUp(13, 4)).toBe(3); // 3.25
    expect(divRoundHalfUp(0, 3)).toBe(0);
    expect(divRoundHalfUp(2160 * 7 + 3, 7)).toBe(2160); // 2160.43
    expect(divRoundHalfUp(30 * 4321, 4)).toBe(32408); // 32407.5 → 32408
  });
});
