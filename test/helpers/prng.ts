/**
 * Seeded pseudo-random numbers for property tests (mulberry32): the same seed replays the same
 * case, so a failure prints its seed and can be rerun. No dependency.
 */
/** mulberry32: uniform numbers in [0, 1) from a 32-bit seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Prng {
  readonly #random: () => number;

  constructor(readonly seed: number) {
    this.#random = mulberry32(seed);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.#random();
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** A duration in [min, max] seconds with millisecond precision (as packagers write EXTINF). */
  duration(min: number, max: number): number {
    return Math.round((min + this.next() * (max - min)) * 1000) / 1000;
  }
}
