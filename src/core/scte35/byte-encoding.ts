/**
 * @module core/scte35/byte-encoding
 * Text forms of a binary splice_info_section: base64 (HLS `#EXT-OATCLS-SCTE35`, DATERANGE
 * `SCTE35-OUT`, DASH `scte35:Binary`) and hex (`0xFC30…` in DATERANGE and tooling), plus the small
 * byte ↔ text helpers the UPID decoder needs. Pure; uses only `atob`/`btoa` (Workers and Node ≥ 16).
 * The binary splice_info_section (ANSI/SCTE 35 2023r1 §9.6) travels as base64 or hex in those places.
 */

import type { Result } from '../result.ts';

const HEX_DIGITS = '0123456789abcdef';

export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += (HEX_DIGITS[b >> 4] ?? '0') + (HEX_DIGITS[b & 15] ?? '0');
  return out;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** Each byte as the code point of the same value (ISO-8859-1): total, never fails on odd bytes. */
export function bytesToLatin1(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += String.fromCharCode(b);
  return out;
}

/** True when every byte is printable ASCII (0x20–0x7E), the alphabet of SCTE 35's text UPIDs. */
export function isPrintableAscii(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b < 0x20 || b > 0x7e) return false;
  return true;
}

/** Latin-1/ASCII bytes of a string; code points above 0xFF become '?'. */
export function asciiBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[i] = c <= 0xff ? c : 0x3f;
  }
  return out;
}

export function hexToBytes(hex: string): Result<Uint8Array, string> {
  const clean = hex.replace(/^0x/i, '').replace(/\s+/g, '');
  if (clean.length % 2 !== 0) return { ok: false, error: `hex has an odd number of digits (${clean.length})` };
  if (!/^[0-9a-fA-F]*$/.test(clean)) return { ok: false, error: 'hex has a character outside 0-9a-f' };
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return { ok: true, value: out };
}

/** Standard or URL-safe base64, padding optional, whitespace ignored. */
export function base64ToBytes(text: string): Result<Uint8Array, string> {
  let clean = text.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) return { ok: false, error: 'base64 has a character outside A-Z a-z 0-9 + / =' };
  clean = clean.replace(/=+$/, '');
  if (clean.length % 4 === 1) return { ok: false, error: `base64 length ${clean.length} is impossible (one char left over)` };
  clean += '='.repeat((4 - (clean.length % 4)) % 4);
  let binary: string;
  try {
    binary = atob(clean);
  } catch {
    // atob's own DOMException; the regex above should already have caught every such input.
    return { ok: false, error: 'base64 could not be decoded' };
  }
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return { ok: true, value: out };
}

export type SectionEncoding = 'hex' | 'base64';

/**
 * Which text form `input` is. `0x`-prefixed → hex. Otherwise an even-length string of only hex
 * digits is taken as hex: a real section starts with table_id 0xFC, whose base64 begins with '/',
 * so a base64 section is never all hex digits in practice.
 */
export function detectSectionEncoding(input: string): SectionEncoding {
  const clean = input.replace(/\s+/g, '');
  if (/^0x/i.test(clean)) return 'hex';
  if (clean.length > 0 && clean.length % 2 === 0 && /^[0-9a-fA-F]+$/.test(clean)) return 'hex';
  return 'base64';
}
