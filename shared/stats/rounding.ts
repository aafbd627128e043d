// Rounding that reproduces Asleep's backend exactly.
//
// Asleep's Python calculator (asleep-ai/pysleep, `round_second` / `round(x, 2)`) rounds the *binary*
// double to 2 decimals, ties to even, and returns the double nearest to that decimal. Their
// TypeScript port (asleep-ai/sleep-stats-ts `roundSecond`) approximates this with an epsilon. We
// reproduce Python bit for bit so that a computed ratio never differs from the server's by a
// rounding accident (e.g. 0.155 is stored as 0.15499999... and rounds to 0.15, where
// `Math.round(0.155 * 100) / 100` gives 0.16).

/**
 * Python's `round(x, 2)` for finite doubles.
 *
 * `Number.prototype.toFixed` is specified on the exact value of the double (ties away from zero),
 * so it already agrees with Python everywhere except on exact ties. An exact tie means
 * x * 100 = k + 1/2 exactly, i.e. x = (2k + 1) / 200; a double is a dyadic rational, so this needs
 * 25 | 2k + 1, i.e. x = j / 8 with j odd (0.125, 0.375, ...). Those are rounded half to even here.
 */
export function round2(x: number): number {
  if (!Number.isFinite(x)) return x;
  const eighths = x * 8; // exact: scaling by a power of two
  if (Number.isInteger(eighths) && Math.abs(eighths % 2) === 1) {
    const scaled = x * 100; // exact for j / 8: j * 12.5
    const lower = Math.floor(scaled);
    const even = lower % 2 === 0 ? lower : lower + 1;
    return even / 100;
  }
  const rounded = Number(x.toFixed(2));
  return rounded === 0 ? 0 : rounded; // no -0
}

/** floor(a / b + 1/2) for integers a >= 0, b > 0, without floating-point error ("round half up"). */
export function divRoundHalfUp(a: number, b: number): number {
  const n = 2 * a + b;
  const d = 2 * b;
  let q = Math.floor(n / d);
  // Correct a possible off-by-one of the floating-point division (exact integers stay exact).
  if (q * d > n) q -= 1;
  else if ((q + 1) * d <= n) q += 1;
  return q;
}
