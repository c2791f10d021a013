/**
 * @module core/scte35/bit-reader
 * Bounded MSB-first bit reader for the syntax tables of ANSI/SCTE 35 2023r1 §9–§10 (fields are
 * "uimsbf": unsigned integer, most significant bit first). Pure: no I/O, no clock.
 *
 * Reading past the end never throws: it sets `overrun`, returns 0 and parks at the end, so a
 * parser can read a whole structure and check `overrun` once (third-party input is reported,
 * not thrown on; docs/architecture.md §3).
 */

export class BitReader {
  readonly #bytes: Uint8Array;
  readonly #endBit: number;
  #bitPos: number;
  #overrun = false;

  /** Reads `bytes[startByte, endByte)`; the bounds are clamped to the array. */
  constructor(bytes: Uint8Array, startByte = 0, endByte = bytes.length) {
    const end = Math.max(0, Math.min(endByte, bytes.length));
    this.#bytes = bytes;
    this.#bitPos = Math.max(0, Math.min(startByte, end)) * 8;
    this.#endBit = end * 8;
  }

  /** True once any read asked for more bits than were left. */
  get overrun(): boolean {
    return this.#overrun;
  }

  /** Current position in bytes from the start of the underlying array (floor when mid-byte). */
  get bytePos(): number {
    return Math.floor(this.#bitPos / 8);
  }

  get bitsLeft(): number {
    return this.#endBit - this.#bitPos;
  }

  get bytesLeft(): number {
    return Math.floor(this.bitsLeft / 8);
  }

  /**
   * Unsigned big-endian integer of `n` bits, 0 ≤ n ≤ 48. 48 bits is enough for every SCTE 35
   * field we read as a number (33-bit PTS, 40-bit segmentation_duration, 48-bit TAI_seconds) and
   * stays well inside Number.MAX_SAFE_INTEGER, so no bigint leaks into decoded (JSON) output.
   */
  bits(n: number): number {
    if (n < 0 || n > 48 || !Number.isInteger(n)) {
      this.#overrun = true;
      return 0;
    }
    if (this.#bitPos + n > this.#endBit) {
      this.#overrun = true;
      this.#bitPos = this.#endBit;
      return 0;
    }
    let value = 0;
    let pos = this.#bitPos;
    let left = n;
    while (left > 0) {
      const byte = this.#bytes[pos >> 3] ?? 0;
      const offset = pos & 7;
      const take = Math.min(8 - offset, left);
      const chunk = (byte >> (8 - offset - take)) & ((1 << take) - 1);
      value = value * (1 << take) + chunk;
      pos += take;
      left -= take;
    }
    this.#bitPos = pos;
    return value;
  }

  flag(): boolean {
    return this.bits(1) === 1;
  }

  skip(nBits: number): void {
    if (this.#bitPos + nBits > this.#endBit) {
      this.#overrun = true;
      this.#bitPos = this.#endBit;
      return;
    }
    this.#bitPos += nBits;
  }

  /**
   * `n` whole bytes as a view (no copy). Only valid when byte-aligned, which every byte
   * string in SCTE 35 is. On overrun returns the bytes that were left and flags `overrun`.
   */
  bytes(n: number): Uint8Array {
    const start = this.bytePos;
    if (this.#bitPos % 8 !== 0 || n < 0 || this.#bitPos + n * 8 > this.#endBit) {
      this.#overrun = true;
      const end = this.#endBit / 8;
      this.#bitPos = this.#endBit;
      return this.#bytes.subarray(start, end);
    }
    this.#bitPos += n * 8;
    return this.#bytes.subarray(start, start + n);
  }

  /** Everything left, as a view. */
  rest(): Uint8Array {
    return this.bytes(this.bytesLeft);
  }
}
