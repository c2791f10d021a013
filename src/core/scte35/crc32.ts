/**
 * @module core/scte35/crc32
 * MPEG-2 CRC-32 (polynomial 0x04C11DB7, initial value 0xFFFFFFFF, no reflection, no final XOR)
 * as required for CRC_32 of the splice_info_section (ANSI/SCTE 35 2023r1 §9.6.1, which refers to
 * ISO/IEC 13818-1 Annex A). Pure.
 *
 * Property used by the decoder: the CRC over a whole section *including* its CRC_32 field is 0.
 */

const TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 24;
    for (let k = 0; k < 8; k++) {
      c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
    }
    table[i] = c >>> 0;
  }
  return table;
})();

/** CRC-32/MPEG-2 of `bytes`, as an unsigned 32-bit number. */
export function crc32Mpeg2(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc = ((crc << 8) ^ (TABLE[((crc >>> 24) ^ byte) & 0xff] ?? 0)) >>> 0;
  }
  return crc >>> 0;
}
