/** segmentation_upid() by type (ANSI/SCTE 35 2023r1 §10.3.3.3): typed value, text form, raw hex. */
import { describe, expect, it } from 'vitest';
import { decodeUpid } from '../../../src/core/scte35/index.ts';

const bytes = (hex: string): Uint8Array => Uint8Array.from(hex.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const decode = (type: number, data: Uint8Array) => {
  const diagnostics: string[] = [];
  return { upid: decodeUpid(type, data, diagnostics, 'upid'), diagnostics };
};

describe('decodeUpid', () => {
  it.each([
    [0x02, 'ISCI (deprecated)', 'ABCD1234'],
    [0x03, 'Ad-ID', 'ABCD0001000H'],
    [0x07, 'TID', 'EP012345670001'.slice(0, 12)],
    [0x09, 'ADI', 'SIGNAL:Ly9EMGxKR0hFZUtp'],
    [0x0e, 'ADS Information', 'availid=1&bitmap='],
    [0x0f, 'URI', 'urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6'],
    [0x11, 'SCR', 'SCR-1'],
  ])('type 0x%s (%s) is ASCII text', (type, name, text) => {
    const { upid, diagnostics } = decode(type, ascii(text));
    expect(upid).toMatchObject({ upidType: type, upidTypeName: name, text, value: { format: 'text', text } });
    expect(upid.hex).toBe(Array.from(ascii(text), (b) => b.toString(16).padStart(2, '0')).join(''));
    expect(diagnostics).toEqual([]);
  });

  it('0x00 not used: empty', () => {
    expect(decode(0x00, new Uint8Array(0)).upid).toEqual({ upidType: 0, upidTypeName: 'Not Used', hex: '', text: '', value: { format: 'none' } });
  });

  it('0x01 user defined: hex, shown as text when printable', () => {
    expect(decode(0x01, bytes('00ff10')).upid).toMatchObject({ text: '00ff10', value: { format: 'hex' } });
    expect(decode(0x01, ascii('04')).upid).toMatchObject({ text: '04', hex: '3034', value: { format: 'hex' } });
  });

  it('0x08 AiringID: 64-bit hex', () => {
    expect(decode(0x08, bytes('000000002ca0a18a')).upid).toMatchObject({ text: '0x000000002ca0a18a', value: { format: 'airing-id', airingIdHex: '000000002ca0a18a' } });
  });

  it('0x0A EIDR: canonical form with ISO 7064 Mod 37,36 check character', () => {
    // 10.5240/7791-8534-2C23-9030-8610-5 is a published EIDR id (prefix 5240 = 0x1478).
    const { upid } = decode(0x0a, bytes('1478' + '779185342c2390308610'));
    expect(upid.value).toEqual({ format: 'eidr', eidr: '10.5240/7791-8534-2C23-9030-8610-5' });
  });

  it('0x05 / 0x06 ISAN: grouped hex', () => {
    expect(decode(0x06, bytes('000000018cfa0000000000ab')).upid.text).toBe('0000-0001-8CFA-0000-0000-00AB');
    expect(decode(0x05, bytes('000000018cfa0000')).upid.value).toEqual({ format: 'isan', isan: '0000-0001-8CFA-0000' });
  });

  it('0x04 UMID: 32 bytes in dotted groups', () => {
    const umid = '060a2b340101010501010d201300000000c9036c8f195343ab7014d2d718bfda'.slice(0, 64);
    expect(decode(0x04, bytes(umid)).upid.text).toBe('060A2B34.01010105.01010D20.13000000.00C9036C.8F195343.AB7014D2.D718BFDA');
  });

  it('0x10 UUID: 8-4-4-4-12', () => {
    expect(decode(0x10, bytes('f81d4fae7dec11d0a76500a0c91e6bf6')).upid.text).toBe('f81d4fae-7dec-11d0-a765-00a0c91e6bf6');
  });

  it('0x0B ATSC content identifier: TSID, end_of_day, unique_for, content_id', () => {
    // TSID 0x1234, reserved 11, end_of_day 5, unique_for 300 → 0b11_00101_1 0b00101100
    const { upid } = decode(0x0b, new Uint8Array([0x12, 0x34, 0b1100_1011, 0b0010_1100, ...ascii('SHOW1')]));
    expect(upid.value).toEqual({ format: 'atsc', tsid: 0x1234, endOfDay: 5, uniqueFor: 300, contentIdHex: '53484f5731', contentIdText: 'SHOW1' });
    expect(upid.text).toBe('SHOW1');
  });

  it('0x0C MPU: format_identifier + private data (text when printable, hex otherwise)', () => {
    expect(decode(0x0c, new Uint8Array([...ascii('DISC'), ...ascii('YMWF0452000H')])).upid.value).toEqual({
      format: 'mpu',
      formatIdentifier: 0x44495343,
      formatIdentifierText: 'DISC',
      privateDataHex: '594d57463034353230303048',
      privateDataText: 'YMWF0452000H',
    });
    const binary = decode(0x0c, bytes('ffffffff0001')).upid;
    expect(binary).toMatchObject({ text: '0001', value: { format: 'mpu', formatIdentifier: 0xffffffff, privateDataHex: '0001' } });
    expect(binary.value).not.toHaveProperty('privateDataText');
  });

  it('0x0D MID: list of UPIDs; a nested MID stays hex; an overrun is reported', () => {
    const mid = new Uint8Array([0x03, 12, ...ascii('ABCD0001000H'), 0x0e, 3, ...ascii('a=b'), 0x0d, 2, 0x01, 0x00]);
    const { upid, diagnostics } = decode(0x0d, mid);
    const list = upid.value.format === 'mid' ? upid.value.upids : [];
    expect(list.map((u) => [u.upidType, u.text])).toEqual([
      [0x03, 'ABCD0001000H'],
      [0x0e, 'a=b'],
      [0x0d, '0100'],
    ]);
    expect(upid.text).toBe('ABCD0001000H,a=b,0100');
    expect(diagnostics).toEqual(['upid MID[2]: MID nested inside MID; kept as hex']);

    const cut = decode(0x0d, new Uint8Array([0x0e, 9, ...ascii('abc')]));
    expect(cut.upid.value).toEqual({ format: 'mid', upids: [] });
    expect(cut.diagnostics[0]).toContain('overruns the MID');
    expect(decode(0x0d, new Uint8Array([0x0e])).diagnostics[0]).toContain('stray byte');
  });

  it('a fixed-length type with the wrong length falls back to hex (or text) with a diagnostic', () => {
    const short = decode(0x08, bytes('0102'));
    expect(short.upid).toMatchObject({ text: '0102', value: { format: 'hex' } });
    expect(short.diagnostics).toEqual(['upid: AiringID UPID should be 8 bytes, got 2']);
    expect(decode(0x03, ascii('SHORT')).upid.value).toEqual({ format: 'text', text: 'SHORT' });
  });

  it('non-ASCII bytes in a text UPID are kept (Latin-1) and reported', () => {
    const { upid, diagnostics } = decode(0x0e, new Uint8Array([0x61, 0xfc, 0x00]));
    expect(upid.text).toBe('a\u00fc\u0000');
    expect(diagnostics).toEqual(['upid: ADS Information UPID has bytes outside printable ASCII']);
  });

  it('reserved types are hex', () => {
    expect(decode(0x42, bytes('abcd')).upid).toEqual({ upidType: 0x42, upidTypeName: 'Reserved', hex: 'abcd', text: 'abcd', value: { format: 'hex' } });
  });
});
