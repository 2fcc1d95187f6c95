// The one seeded random source of the mini-cluster (stands in for math/rand in upstream code paths:
// generateName suffixes, the scheduler's tie-breaks, pod IPs). Same seed, same sequence, byte for byte.

/** A small, fast, seedable PRNG (sfc32 seeded through a string hash). Never use Math.random() in the cluster. */
export class Rand {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  /** The seed this stream started from (what `derive` builds on). */
  readonly seed: string;

  constructor(seed: string | number = 1) {
    // cyrb128: spreads any seed string over the 128 bits of state.
    const str = String(seed);
    this.seed = str;
    let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
    for (let i = 0; i < str.length; i++) {
      const k = str.charCodeAt(i);
      h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
      h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
      h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
      h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
    }
    h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
    h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
    h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
    h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
    this.a = (h1 ^ h2 ^ h3 ^ h4) >>> 0;
    this.b = (h2 ^ h1) >>> 0;
    this.c = (h3 ^ h1) >>> 0;
    this.d = (h4 ^ h1) >>> 0;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** `n` characters drawn from `alphabet` (utilrand.String in apimachinery uses bcdfghjklmnpqrstvwxz2456789). */
  string(n: number, alphabet: string): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[this.int(alphabet.length)];
    return s;
  }

  /**
   * A separate stream seeded from this one's seed and `label` (`SEED/label`). It draws nothing from this
   * stream, so a feature with its own stream never shifts the names and tie-breaks drawn from the main one.
   */
  derive(label: string): Rand {
    return new Rand(`${this.seed}/${label}`);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}
