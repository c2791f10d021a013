/**
 * Property tests: the decoder is total. Thousands of random byte arrays, random strings, and
 * random mutations / truncations / extensions of the real samples never throw, always give a
 * well-formed, JSON-safe Scte35Decode, and classifyAvailSignal accepts whatever decodes. Seeded
 * PRNG (mulberry32) so a failure reproduces; the seed is in the failure message.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../helpers/prng.ts';
import vectorsFile from '../../fixtures/scte35/vectors.json';
import { classifyAvailSignal, crc32Mpeg2, decodeScte35, scteAdsVariables, type Scte35Decode } from '../../../src/core/scte35/index.ts';

const samples = (vectorsFile as { vectors: { base64: string }[] }).vectors.map((v) => Uint8Array.from(atob(v.base64), (c) => c.charCodeAt(0)));

/** Plain checks, not expect(): this runs ~45,000 times. */
function checkTotal(input: string | Uint8Array, label: string): Scte35Decode {
  let result: Scte35Decode;
  try {
    result = decodeScte35(input);
  } catch (e) {
    throw new Error(`${label}: decodeScte35 threw ${String(e)}`);
  }
  if (!Array.isArray(result.diagnostics)) throw new Error(`${label}: no diagnostics array`);
  if (result.ok) {
    if (result.section.tableId !== 0xfc) throw new Error(`${label}: ok with table_id ${result.section.tableId}`);
    try {
      const signal = classifyAvailSignal(result.section);
      scteAdsVariables(signal.ads);
    } catch (e) {
      throw new Error(`${label}: classifyAvailSignal threw ${String(e)}`);
    }
  } else if (typeof result.error !== 'string' || result.error.length === 0) {
    throw new Error(`${label}: error value without a message`);
  }
  // No bigint, no cycles: results go to logs as JSON (JSON.stringify throws on bigint).
  JSON.stringify(result);
  return result;
}

/** Rewrites section_length and CRC_32 so a mutated body gets past the framing checks. */
function reframe(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(body.length + 4);
  out.set(body);
  const sectionLength = out.length - 3;
  out[1] = ((out[1] ?? 0) & 0xf0) | ((sectionLength >> 8) & 0x0f);
  out[2] = sectionLength & 0xff;
  const crc = crc32Mpeg2(out.subarray(0, out.length - 4));
  out.set([crc >>> 24, (crc >>> 16) & 0xff, (crc >>> 8) & 0xff, crc & 0xff], out.length - 4);
  return out;
}

describe('decodeScte35 is total', { timeout: 30_000 }, () => {
  it('random byte arrays (5,000), half starting with table_id 0xFC and a plausible section_length', () => {
    const rand = mulberry32(0x5c7e35);
    let decoded = 0;
    for (let i = 0; i < 5000; i++) {
      const length = Math.floor(rand() * 200);
      const bytes = Uint8Array.from({ length }, () => Math.floor(rand() * 256));
      if (i % 2 === 0 && length >= 3) {
        bytes[0] = 0xfc;
        bytes[1] = (bytes[1] ?? 0) & 0x30;
        bytes[2] = Math.max(0, length - 3);
      }
      if (checkTotal(i % 4 === 0 && length > 20 ? reframe(bytes.subarray(0, length - 4)) : bytes, `random #${i} seed 0x5c7e35`).ok) decoded++;
    }
    // Framing alone must not reject everything, or this test would not reach the inner parsers.
    expect(decoded).toBeGreaterThan(100);
  });

  it('mutations, truncations and extensions of every sample (20,000)', () => {
    const rand = mulberry32(0xdecade);
    const pick = (n: number): number => Math.floor(rand() * n);
    for (let i = 0; i < 20_000; i++) {
      const sample = samples[i % samples.length] ?? new Uint8Array(0);
      let bytes: Uint8Array = sample.slice();
      const op = pick(6);
      if (op === 0) {
        bytes = bytes.subarray(0, pick(bytes.length + 1)); // truncate
      } else if (op === 1) {
        for (let k = 0, n = 1 + pick(4); k < n; k++) bytes[pick(bytes.length)] = pick(256); // overwrite
      } else if (op === 2) {
        for (let k = 0, n = 1 + pick(8); k < n; k++) {
          const at = pick(bytes.length);
          bytes[at] = (bytes[at] ?? 0) ^ (1 << pick(8)); // bit flips
        }
      } else if (op === 3) {
        bytes = Uint8Array.from([...bytes, ...Array.from({ length: 1 + pick(40) }, () => pick(256))]); // extend
      } else if (op === 4) {
        // mutate the body then fix section_length and CRC so the inner parsers see it
        const body = bytes.slice(0, Math.max(3, bytes.length - 4));
        for (let k = 0, n = 1 + pick(6); k < n; k++) body[3 + pick(Math.max(1, body.length - 3))] = pick(256);
        bytes = reframe(body.subarray(0, 3 + pick(body.length - 2)));
      } else {
        // splice a random length byte into descriptor-ish territory, reframed
        const body = bytes.slice(0, Math.max(3, bytes.length - 4));
        body[14 + pick(Math.max(1, body.length - 14))] = [0x00, 0xff, 0x7f, 0x80, 0x01][pick(5)] ?? 0;
        bytes = reframe(body);
      }
      checkTotal(bytes, `mutation #${i} op ${op} seed 0xdecade`);
    }
  });

  it('random strings: base64-ish, hex-ish and arbitrary text (3,000)', () => {
    const rand = mulberry32(0xb64);
    const alphabets = ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=', '0123456789abcdefABCDEF', ' \n\t0xX/=-_%^é€\u0000'];
    for (let i = 0; i < 3000; i++) {
      const alphabet = alphabets[i % alphabets.length] ?? '';
      const length = Math.floor(rand() * 120);
      let text = '';
      for (let k = 0; k < length; k++) text += alphabet[Math.floor(rand() * alphabet.length)] ?? '';
      if (i % 7 === 0) text = `0x${text}`;
      checkTotal(text, `string #${i} seed 0xb64`);
    }
  });

  it('every byte value at every position of a sample (single-byte substitutions, reframed)', () => {
    const sample = samples[0] ?? new Uint8Array(0);
    const body = sample.subarray(0, sample.length - 4);
    for (let at = 3; at < body.length; at++) {
      for (let v = 0; v < 256; v++) {
        const copy = body.slice();
        copy[at] = v;
        checkTotal(reframe(copy), `substitution at ${at} = ${v}`);
      }
    }
  });
});
