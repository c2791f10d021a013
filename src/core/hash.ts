/**
 * @module core/hash
 * Small non-cryptographic hashes for digests, sampling and sharding. Pure and synchronous so
 * Node scripts and the Worker compute the same values.
 */

/** FNV-1a 32-bit over the UTF-16 code units of `text`. */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** 8-hex-digit digest of a string. */
export function digestHex(text: string): string {
  return fnv1a32(text).toString(16).padStart(8, '0');
}
