/**
 * @module core/scte35/bit-writer
 * MSB-first bit writer, the inverse of BitReader, for building the syntax of ANSI/SCTE 35 2023r1
 * §9–§10 (uimsbf, most significant bit first). Pure. Callers validate ranges first; values are masked to their width.
 */

export class BitWriter {
  readonly #bytes: number[] = [];
  #bitCount = 0;

  /** Appends the low `n` bits of `value` (0 ≤ n ≤ 48, value a non-negative integer). */
  bits(n: number, value: number): this {
    for (let i = n - 1; i >= 0; i--) {
      const bit = Math.floor(value / 2 ** i) % 2;
      const byteIndex = this.#bitCount >> 3;
      if (byteIndex === this.#bytes.length) this.#bytes.push(0);
      if (bit === 1) this.#bytes[byteIndex] = (this.#bytes[byteIndex] ?? 0) | (0x80 >> (this.#bitCount & 7));
      this.#bitCount++;
    }
    return this;
  }

  flag(value: boolean): this {
    return this.bits(1, value ? 1 : 0);
  }

  /** Reserved bits are written as 1s, as the standard asks and the §14 samples show (0x7F, 0xFF). */
  reserved(n: number): this {
    return this.bits(n, 2 ** n - 1);
  }

  bytes(data: Uint8Array): this {
    for (const b of data) this.bits(8, b);
    return this;
  }

  get byteLength(): number {
    return Math.ceil(this.#bitCount / 8);
  }

  toBytes(): Uint8Array {
    return Uint8Array.from(this.#bytes);
  }
}
