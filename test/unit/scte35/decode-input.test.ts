/**
 * decodeScte35 input handling and section-level rules (ANSI/SCTE 35 2023r1 §9.6): base64 / hex /
 * bytes, CRC_32 mismatch as a diagnostic, and the failures that are values (docs/architecture.md §3).
 */
import { describe, expect, it } from 'vitest';
import { bytesToHex, decodeScte35, decodeSpliceInfoSection, encodeSpliceInfoSection } from '../../../src/core/scte35/index.ts';

const SAMPLE_14_2_B64 = '/DAvAAAAAAAA///wFAVIAACPf+/+c2nALv4AUsz1AAAAAAAKAAhDVUVJAAABNWLbowo=';
const SAMPLE_14_2_HEX = 'FC302F000000000000FFFFF014054800008F7FEFFE7369C02EFE0052CCF500000000000A0008435545490000013562DBA30A';
const bytesOf = (hex: string): Uint8Array => Uint8Array.from(hex.match(/../g) ?? [], (h) => Number.parseInt(h, 16));

describe('decodeScte35 input forms', () => {
  const reference = decodeScte35(SAMPLE_14_2_B64);

  it('base64, hex with 0x, hex without prefix, lower-case hex and bytes all decode to the same section', () => {
    expect(reference.ok).toBe(true);
    for (const input of [`0x${SAMPLE_14_2_HEX}`, SAMPLE_14_2_HEX, SAMPLE_14_2_HEX.toLowerCase(), `0X${SAMPLE_14_2_HEX}`, bytesOf(SAMPLE_14_2_HEX)]) {
      expect(decodeScte35(input)).toEqual(reference);
    }
  });

  it('tolerates whitespace, missing padding and URL-safe base64', () => {
    const unpadded = SAMPLE_14_2_B64.replace(/=+$/, '');
    const urlSafe = SAMPLE_14_2_B64.replace(/\+/g, '-').replace(/\//g, '_');
    for (const input of [`  ${SAMPLE_14_2_B64}\n`, unpadded, urlSafe, `${SAMPLE_14_2_B64.slice(0, 20)} ${SAMPLE_14_2_B64.slice(20)}`]) {
      expect(decodeScte35(input)).toEqual(reference);
    }
  });

  it.each([
    ['empty string', '', 'empty input'],
    ['invalid base64', '/DBaf%^', 'not valid base64'],
    ['odd-length 0x hex', '0xFC3', 'odd number of digits'],
    ['bad hex digit', '0xFC30ZZ', 'outside 0-9a-f'],
    ['impossible base64 length', 'abcde', 'impossible'],
  ])('%s is an error value', (_label, input, message) => {
    const result = decodeScte35(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(message);
  });

  it('non-string, non-bytes input (from untyped callers) is an error value', () => {
    expect(decodeScte35(42 as unknown as string)).toMatchObject({ ok: false });
    expect(decodeScte35(null as unknown as string)).toMatchObject({ ok: false });
  });
});

describe('splice_info_section framing (§9.6)', () => {
  it('reports a CRC_32 mismatch without failing: crcValid false + diagnostic', () => {
    const result = decodeScte35('/DA4AAAAAAAAAP/wFAUABDEAf+//mWEhzP4Azf5gAQAAAAATAhFDVUVJAAAAAX+/AQIwNAEAAKeYO3Q=');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.section.crcValid).toBe(false);
    expect(result.section.crc32).toBe(0xa7983b74);
    expect(result.diagnostics).toContain('CRC_32 mismatch: section carries 0xA7983B74, computed 0xA7983B73');
    expect(result.section.spliceCommand.type).toBe('splice_insert');
  });

  it('flipping any bit of a valid section is caught by the CRC or the framing', () => {
    const bytes = bytesOf(SAMPLE_14_2_HEX);
    for (let i = 0; i < bytes.length * 8; i++) {
      const copy = bytes.slice();
      copy[i >> 3] = (copy[i >> 3] ?? 0) ^ (0x80 >> (i & 7));
      const result = decodeSpliceInfoSection(copy);
      expect(result.ok && result.section.crcValid).toBe(false);
    }
  });

  it('a truncated section is an error value naming both lengths', () => {
    const bytes = bytesOf(SAMPLE_14_2_HEX);
    const result = decodeSpliceInfoSection(bytes.subarray(0, 30));
    expect(result).toEqual({ ok: false, error: 'section truncated: section_length says 50 bytes, got 30', diagnostics: [] });
    expect(decodeSpliceInfoSection(bytes.subarray(0, 2))).toMatchObject({ ok: false, error: expect.stringContaining('at least 3 bytes') });
  });

  it('bytes after the section (e.g. TS packet 0xFF stuffing) are ignored with a diagnostic', () => {
    const bytes = new Uint8Array([...bytesOf(SAMPLE_14_2_HEX), 0xff, 0xff, 0xff]);
    const result = decodeSpliceInfoSection(bytes);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.section.crcValid).toBe(true);
      expect(result.diagnostics).toContain('3 bytes after the section ignored');
    }
  });

  it('a section_length below the fixed fields is an error value', () => {
    expect(decodeSpliceInfoSection(bytesOf('FC3005000000000000'))).toMatchObject({ ok: false, error: expect.stringContaining('below the minimum') });
  });

  it('a splice_command_length that overruns the section is an error value', () => {
    const bytes = bytesOf(SAMPLE_14_2_HEX);
    bytes[12] = 0x40; // splice_command_length 0x040 = 64 > what the 50-byte section holds
    expect(decodeSpliceInfoSection(bytes)).toMatchObject({ ok: false, error: expect.stringContaining('overruns the section') });
  });

  it('a splice_command_length shorter than the command is an error value', () => {
    const bytes = bytesOf(SAMPLE_14_2_HEX);
    bytes[12] = 0x08; // splice_insert needs 20 bytes here
    expect(decodeSpliceInfoSection(bytes)).toMatchObject({ ok: false, error: 'splice_insert is longer than splice_command_length 8' });
  });

  it('a descriptor_loop_length that overruns is clamped and reported', () => {
    const bytes = bytesOf(SAMPLE_14_2_HEX);
    bytes[35] = 0x30; // descriptor_loop_length 0x0030 > 10 bytes left before CRC_32
    const result = decodeSpliceInfoSection(bytes);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.section.spliceDescriptors[0]).toMatchObject({ type: 'avail_descriptor', providerAvailId: 309 });
      expect(result.diagnostics.some((d) => d.includes('descriptor_loop_length 48 overruns'))).toBe(true);
    }
  });

  it('encrypted packets are reported, not decoded', () => {
    // A hand-built encrypted section: header with encrypted_packet = 1, 5 opaque bytes, E_CRC_32, CRC_32.
    const plain = encodeSpliceInfoSection({ spliceCommandType: 6, commandBytes: new Uint8Array([0x7f]) });
    if (!plain.ok) throw new Error(plain.error);
    const body = plain.value.bytes.slice(0, -4);
    body[4] = 0x80 | (2 << 1); // encrypted_packet = 1, encryption_algorithm = 2 (DES-CBC)
    const withECrc = new Uint8Array([...body, 1, 2, 3, 4]);
    withECrc[2] = withECrc.length + 4 - 3; // section_length
    const section = encodeCrc(withECrc);
    const result = decodeSpliceInfoSection(section);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.section).toMatchObject({ encryptedPacket: true, encryptionAlgorithm: 2, eCrc32: 0x01020304, crcValid: true });
    expect(result.section.spliceCommand.type).toBe('encrypted');
    expect(result.section.spliceDescriptors).toEqual([]);
  });

  it('reserved header values and a private_indicator are diagnostics, not failures', () => {
    const ok = encodeSpliceInfoSection({ spliceCommandType: 0, commandBytes: new Uint8Array(0) });
    if (!ok.ok) throw new Error(ok.error);
    const bytes = ok.value.bytes.slice(0, -4);
    bytes[1] = (bytes[1] ?? 0) | 0xc0; // section_syntax_indicator + private_indicator
    bytes[3] = 1; // protocol_version 1
    const result = decodeSpliceInfoSection(encodeCrc(bytes));
    expect(result.ok).toBe(true);
    expect(result.diagnostics).toEqual(['section_syntax_indicator is 1; §9.6.1 requires 0', 'private_indicator is 1; §9.6.1 requires 0', 'protocol_version is 1; only 0 is defined, decoding as 0']);
  });

  it('hex output of bytesToHex round-trips through the decoder', () => {
    expect(decodeScte35(bytesToHex(bytesOf(SAMPLE_14_2_HEX)))).toEqual(decodeScte35(SAMPLE_14_2_B64));
  });
});

/** Appends the MPEG-2 CRC_32 of `body` (computed bit by bit here, independently of crc32.ts). */
function encodeCrc(body: Uint8Array): Uint8Array {
  let crc = 0xffffffff;
  for (const b of body) {
    crc ^= b << 24;
    for (let k = 0; k < 8; k++) crc = crc & 0x80000000 ? ((crc << 1) ^ 0x04c11db7) >>> 0 : (crc << 1) >>> 0;
  }
  return new Uint8Array([...body, crc >>> 24, (crc >>> 16) & 0xff, (crc >>> 8) & 0xff, crc & 0xff]);
}
