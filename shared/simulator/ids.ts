// Ids shaped like Asleep's: session `YYYYMMDDHHMMSS_xxxxx` (the UTC start, then 5 characters, e.g.
// `20250115025029_fvivn`) and user `G-YYYYMMDDHHMMSS-<20 characters>` (e.g.
// `G-20250115025029-vLErWBfQNtnfvgDccFOQ`).
import type { Rng } from './rng';

const LOWER = 'abcdefghijklmnopqrstuvwxyz0123456789';
const MIXED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `YYYYMMDDHHMMSS` of an instant, in UTC. */
export function utcStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

function randomText(rng: Rng, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[rng.int(0, alphabet.length - 1)];
  return out;
}

export function sessionIdFor(startMs: number, rng: Rng): string {
  return `${utcStamp(startMs)}_${randomText(rng, LOWER.slice(0, 26), 5)}`;
}

/** `createdMs`: when the user was created (Asleep users exist before their first night). */
export function userIdFor(createdMs: number, rng: Rng): string {
  return `G-${utcStamp(createdMs)}-${randomText(rng, MIXED, 20)}`;
}

/** A key that is surely not the configured one, for the `badkey` fault. */
export function wrongKey(rng: Rng): string {
  return `wrong-key-${randomText(rng, LOWER, 12)}`;
}
