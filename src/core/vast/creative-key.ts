/**
 * @module core/vast/creative-key
 * The creative-store key scheme, shared with the offline packaging command (a Node script),
 * so this file imports nothing and uses only ECMAScript + TextEncoder. Pure and synchronous.
 *
 * Keys (docs/architecture.md §5, docs/mediatailor-compat.md §6.6: MediaTailor keys creatives by `Creative@id`, else by the
 * mezzanine URL):
 * - `id/<sanitized Creative@id>`: `[A-Za-z0-9._-]` kept, every other UTF-8 byte as `%XX`
 *   (upper-case hex); an id made only of dots is fully escaped so it is never `.` or `..`.
 * - `url/<sha1 hex of the URL>`: SHA-1 (FIPS 180-4) of the trimmed URL's UTF-8 bytes, 40
 *   lower-case hex digits. SHA-1 rather than a custom hash so any tool can recompute it
 *   (`printf %s "$url" | sha1sum`, `crypto.createHash('sha1')`); it names objects, it does
 *   not protect anything, so SHA-1's collision weakness does not matter here.
 */

/** `id/…` key for a Creative@id; undefined for an empty id. */
export function creativeIdKey(creativeId: string): string | undefined {
  const id = creativeId.trim();
  return id === '' ? undefined : `id/${sanitizeCreativeId(id)}`;
}

/** `url/…` key for a media URL (mezzanine or MediaFile); undefined for an empty URL. */
export function mediaUrlKey(url: string): string | undefined {
  const u = url.trim();
  return u === '' ? undefined : `url/${sha1Hex(u)}`;
}

const SAFE = /^[A-Za-z0-9._-]$/;

export function sanitizeCreativeId(id: string): string {
  const onlyDots = /^\.+$/.test(id);
  let out = '';
  for (const ch of id) {
    if (SAFE.test(ch) && !(onlyDots && ch === '.')) {
      out += ch;
      continue;
    }
    for (const byte of utf8(ch)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function utf8(text: string): Uint8Array {
  // Lone surrogates encode as U+FFFD, as TextEncoder does everywhere.
  return new TextEncoder().encode(text);
}

/** SHA-1 of the UTF-8 bytes of `text`, as 40 lower-case hex digits. */
export function sha1Hex(text: string): string {
  return toHex(sha1(utf8(text)));
}

/** SHA-1 (FIPS 180-4 §6.1) over bytes. */
export function sha1(message: Uint8Array): Uint8Array {
  const bitLength = message.length * 8;
  // Padding: 0x80, zeros, then the 64-bit big-endian bit length; total a multiple of 64 bytes.
  const paddedLength = Math.ceil((message.length + 9) / 64) * 64;
  const block = new Uint8Array(paddedLength);
  block.set(message);
  block[message.length] = 0x80;
  const view = new DataView(block.buffer);
  view.setUint32(paddedLength - 8, Math.floor(bitLength / 0x1_0000_0000));
  view.setUint32(paddedLength - 4, bitLength >>> 0);

  let h0 = 0x67452301;
  let h1 = 0xefcdab89;
  let h2 = 0x98badcfe;
  let h3 = 0x10325476;
  let h4 = 0xc3d2e1f0;
  const w = new Uint32Array(80);
  for (let offset = 0; offset < paddedLength; offset += 64) {
    for (let t = 0; t < 16; t++) w[t] = view.getUint32(offset + t * 4);
    for (let t = 16; t < 80; t++) w[t] = rotl((w[t - 3] ?? 0) ^ (w[t - 8] ?? 0) ^ (w[t - 14] ?? 0) ^ (w[t - 16] ?? 0), 1);
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    for (let t = 0; t < 80; t++) {
      let f: number;
      let k: number;
      if (t < 20) {
        f = (b & c) | (~b & d);
        k = 0x5a827999;
      } else if (t < 40) {
        f = b ^ c ^ d;
        k = 0x6ed9eba1;
      } else if (t < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8f1bbcdc;
      } else {
        f = b ^ c ^ d;
        k = 0xca62c1d6;
      }
      const temp = (rotl(a, 5) + f + e + k + (w[t] ?? 0)) >>> 0;
      e = d;
      d = c;
      c = rotl(b, 30);
      b = a;
      a = temp;
    }
    h0 = (h0 + a) >>> 0;
    h1 = (h1 + b) >>> 0;
    h2 = (h2 + c) >>> 0;
    h3 = (h3 + d) >>> 0;
    h4 = (h4 + e) >>> 0;
  }
  const digest = new Uint8Array(20);
  const out = new DataView(digest.buffer);
  [h0, h1, h2, h3, h4].forEach((h, i) => out.setUint32(i * 4, h));
  return digest;
}

function rotl(x: number, n: number): number {
  return ((x << n) | (x >>> (32 - n))) >>> 0;
}

function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}
