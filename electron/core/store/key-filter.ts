// memory: "might this cold segment hold captures of that night?" answered from a few hundred bytes
// per segment instead of every night's key. A Bloom filter: no false negatives, about 1 % false
// positives (which only cost reading one segment that turns out not to hold the night).
//
// Sizing and the double-hashing scheme are the textbook ones: m = -n·ln p / (ln 2)², k = (m/n)·ln 2
// (Bloom 1970), and h_i = h1 + i·h2 (Kirsch & Mitzenmacher, "Less hashing, same performance", 2006).

const FALSE_POSITIVE_RATE = 0.01;
const MAX_HASHES = 8;

export class KeyFilter {
  private constructor(
    private readonly bits: Uint8Array,
    private readonly hashes: number,
  ) {}

  /** A filter holding exactly these keys (no more can be added: a cold segment is sealed). */
  static of(keys: Iterable<string>): KeyFilter {
    const list = [...keys];
    const m = Math.max(64, Math.ceil((-list.length * Math.log(FALSE_POSITIVE_RATE)) / Math.LN2 ** 2));
    const k = Math.min(MAX_HASHES, Math.max(1, Math.round((m / Math.max(1, list.length)) * Math.LN2)));
    const filter = new KeyFilter(new Uint8Array(Math.ceil(m / 8)), k);
    for (const key of list) filter.add(key);
    return filter;
  }

  /** False: the key is surely not there. True: it probably is. */
  mightHave(key: string): boolean {
    const [h1, h2] = hashPair(key);
    const m = this.bits.length * 8;
    for (let i = 0; i < this.hashes; i++) {
      const bit = (h1 + i * h2) % m;
      if ((this.bits[bit >>> 3]! & (1 << (bit & 7))) === 0) return false;
    }
    return true;
  }

  get byteLength(): number {
    return this.bits.length;
  }

  private add(key: string): void {
    const [h1, h2] = hashPair(key);
    const m = this.bits.length * 8;
    for (let i = 0; i < this.hashes; i++) {
      const bit = (h1 + i * h2) % m;
      this.bits[bit >>> 3]! |= 1 << (bit & 7);
    }
  }
}

/** Two independent 32-bit FNV-1a hashes (different offset bases) over the key's UTF-16 code units. */
function hashPair(key: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  // h2 odd and non-zero so the k probes differ.
  return [a >>> 0, (b | 1) >>> 0];
}
