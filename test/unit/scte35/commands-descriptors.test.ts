/**
 * The splice commands and descriptors the §14 samples do not exercise: splice_schedule (§9.7.2),
 * bandwidth_reservation (§9.7.5), private_command (§9.7.6), reserved command types, time_descriptor
 * (§10.3.4), audio_descriptor (§10.3.5), private and malformed descriptors (§10.2).
 */
import { describe, expect, it } from 'vitest';
import { decodeScte35, encodeSpliceInfoSection } from '../../../src/core/scte35/index.ts';

const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));
const CUEI = ascii('CUEI');

function decodeBuilt(spliceCommandType: number, command: number[], loop: number[] = []) {
  const r = encodeSpliceInfoSection({ spliceCommandType, commandBytes: Uint8Array.from(command), descriptorLoopBytes: Uint8Array.from(loop) });
  if (!r.ok) throw new Error(r.error);
  return decodeScte35(r.value.bytes);
}
function sectionOf(spliceCommandType: number, command: number[], loop: number[] = []) {
  const r = decodeBuilt(spliceCommandType, command, loop);
  if (!r.ok) throw new Error(r.error);
  return r;
}

describe('splice commands', () => {
  it('splice_schedule: program event with duration, component event, cancelled event', () => {
    const command = [
      3,
      // event 1: program mode, out of network, with break_duration
      0,
      0,
      0,
      1,
      0x7f,
      0b1110_0000 | 0x1f,
      0x4d,
      0x3c,
      0x2b,
      0x1a,
      0xfe,
      0x00,
      0x29,
      0x32,
      0xe0,
      0,
      7,
      1,
      2,
      // event 2: component mode, two components, no duration
      0,
      0,
      0,
      2,
      0x7f,
      0b0000_0000 | 0x1f,
      2,
      0x11,
      0,
      0,
      0,
      10,
      0x12,
      0,
      0,
      0,
      20,
      0,
      8,
      0,
      0,
      // event 3: cancelled, event_id_compliance_flag 0
      0,
      0,
      0,
      3,
      0x80 | 0x3f,
    ];
    const { section, diagnostics } = sectionOf(0x04, command);
    expect(diagnostics).toEqual([]);
    expect(section.spliceCommand).toEqual({
      type: 'splice_schedule',
      events: [
        {
          spliceEventId: 1,
          spliceEventCancelIndicator: false,
          eventIdComplianceFlag: true,
          outOfNetworkIndicator: true,
          programSpliceFlag: true,
          durationFlag: true,
          utcSpliceTime: 0x4d3c2b1a,
          breakDuration: { autoReturn: true, duration90k: 0x2932e0 },
          uniqueProgramId: 7,
          availNum: 1,
          availsExpected: 2,
        },
        {
          spliceEventId: 2,
          spliceEventCancelIndicator: false,
          eventIdComplianceFlag: true,
          outOfNetworkIndicator: false,
          programSpliceFlag: false,
          durationFlag: false,
          components: [
            { componentTag: 0x11, utcSpliceTime: 10 },
            { componentTag: 0x12, utcSpliceTime: 20 },
          ],
          uniqueProgramId: 8,
          availNum: 0,
          availsExpected: 0,
        },
        { spliceEventId: 3, spliceEventCancelIndicator: true, eventIdComplianceFlag: false },
      ],
    });
  });

  it('splice_schedule whose splice_count overruns the command is an error value', () => {
    expect(decodeBuilt(0x04, [5, 0, 0, 0, 1, 0x80 | 0x3f])).toMatchObject({ ok: false, error: 'splice_schedule is longer than splice_command_length 6' });
  });

  it('private_command: identifier + private bytes', () => {
    const { section } = sectionOf(0xff, [...ascii('ABCD'), 1, 2, 3]);
    expect(section.spliceCommand).toEqual({ type: 'private_command', identifier: 0x41424344, identifierText: 'ABCD', privateBytesHex: '010203' });
  });

  it('reserved command type: kept as bytes, with a diagnostic', () => {
    const { section, diagnostics } = sectionOf(0x42, [9, 8]);
    expect(section.spliceCommand).toEqual({ type: 'unknown', bytesHex: '0908' });
    expect(diagnostics).toEqual(['reserved splice_command_type 0x42; kept as bytes']);
  });

  it('splice_null with stray bytes: decodes and reports the unused bytes', () => {
    const { section, diagnostics } = sectionOf(0x00, [0xaa]);
    expect(section.spliceCommand).toEqual({ type: 'splice_null' });
    expect(diagnostics).toEqual(['1 unused bytes at the end of splice_null']);
  });

  it('legacy splice_command_length 0xFFF cannot delimit a private_command: error value', () => {
    // Build a private_command section, then overwrite splice_command_length with 0xFFF.
    const r = encodeSpliceInfoSection({ spliceCommandType: 0xff, commandBytes: Uint8Array.from(ascii('ABCD')) });
    if (!r.ok) throw new Error(r.error);
    const bytes = r.value.bytes.slice();
    bytes[11] = (bytes[11] ?? 0) | 0x0f;
    bytes[12] = 0xff;
    expect(decodeScte35(bytes)).toMatchObject({ ok: false, error: expect.stringContaining('cannot be delimited') });
  });
});

describe('splice descriptors', () => {
  it('time_descriptor: TAI seconds, ns and UTC offset', () => {
    const loop = [0x03, 16, ...CUEI, 0, 0, 0x65, 0x4b, 0x2a, 0x10, 0x3b, 0x9a, 0xc9, 0xff, 0, 37];
    const { section, diagnostics } = sectionOf(0x06, [0x7f], loop);
    expect(diagnostics).toEqual([]);
    expect(section.spliceDescriptors[0]).toEqual({
      type: 'time_descriptor',
      spliceDescriptorTag: 3,
      descriptorLength: 16,
      identifier: 0x43554549,
      identifierText: 'CUEI',
      taiSeconds: 0x654b2a10,
      taiNs: 999_999_999,
      utcOffset: 37,
    });
  });

  it('audio_descriptor: components with language and channel layout', () => {
    const loop = [0x04, 4 + 1 + 5 * 2, ...CUEI, 0x2f, 0x21, ...ascii('eng'), 0b010_0010_1, 0x22, ...ascii('spa'), 0b000_0001_0];
    const { section } = sectionOf(0x06, [0x7f], loop);
    expect(section.spliceDescriptors[0]).toMatchObject({
      type: 'audio_descriptor',
      components: [
        { componentTag: 0x21, isoCode: 'eng', bitStreamMode: 2, numChannels: 2, fullSrvcAudio: true },
        { componentTag: 0x22, isoCode: 'spa', bitStreamMode: 0, numChannels: 1, fullSrvcAudio: false },
      ],
    });
  });

  it('DTMF_descriptor and avail_descriptor', () => {
    const loop = [0x01, 9, ...CUEI, 50, 0b011_11111, ...ascii('12#'), 0x00, 8, ...CUEI, 0, 0, 1, 0];
    const { section } = sectionOf(0x06, [0x7f], loop);
    expect(section.spliceDescriptors).toMatchObject([
      { type: 'DTMF_descriptor', prerollTenthsSec: 50, dtmfChars: '12#' },
      { type: 'avail_descriptor', providerAvailId: 256 },
    ]);
  });

  it('non-CUEI identifier and reserved CUEI tags are private descriptors', () => {
    const loop = [0x02, 6, ...ascii('ABCD'), 1, 2, 0x09, 5, ...CUEI, 7];
    const { section } = sectionOf(0x06, [0x7f], loop);
    expect(section.spliceDescriptors).toMatchObject([
      { type: 'private_descriptor', spliceDescriptorTag: 2, identifierText: 'ABCD', privateBytesHex: '0102' },
      { type: 'private_descriptor', spliceDescriptorTag: 9, identifierText: 'CUEI', privateBytesHex: '07' },
    ]);
  });

  it('descriptors shorter than their syntax are kept as malformed, with diagnostics; decoding continues', () => {
    const loop = [
      0x00,
      2,
      0xaa,
      0xbb, // too short for an identifier
      0x00,
      6,
      ...CUEI,
      0,
      1, // avail_descriptor missing 2 bytes of provider_avail_id
      0x02,
      10,
      ...CUEI,
      0,
      0,
      0,
      1,
      0x7f,
      0xff, // segmentation_descriptor cut after the flags
      0x01,
      8,
      ...CUEI,
      10,
      0b111_11111,
      0x31,
      0x32, // DTMF count 7 but 2 chars
      0x00,
      8,
      ...CUEI,
      0,
      0,
      0,
      42, // a good one after all that
    ];
    const { section, diagnostics } = sectionOf(0x06, [0x7f], loop);
    expect(section.spliceDescriptors.map((d) => d.type)).toEqual(['malformed_descriptor', 'malformed_descriptor', 'malformed_descriptor', 'malformed_descriptor', 'avail_descriptor']);
    expect(diagnostics).toEqual([
      'splice_descriptor[0]: descriptor_length 2 is too short for the 32-bit identifier',
      'splice_descriptor[1]: avail_descriptor is shorter than its fields',
      'splice_descriptor[2]: segmentation_descriptor is shorter than its fields',
      'splice_descriptor[3]: DTMF_descriptor is shorter than its fields',
    ]);
  });

  it('a descriptor_length that overruns the loop ends the loop with a malformed entry', () => {
    const { section, diagnostics } = sectionOf(0x06, [0x7f], [0x00, 8, ...CUEI, 0, 0, 0, 42, 0x02, 200, 1, 2, 3]);
    expect(section.spliceDescriptors).toMatchObject([
      { type: 'avail_descriptor', providerAvailId: 42 },
      { type: 'malformed_descriptor', spliceDescriptorTag: 2, descriptorLength: 200, bytesHex: '010203' },
    ]);
    expect(diagnostics).toEqual(['splice_descriptor[1]: descriptor_length 200 overruns the descriptor loop by 197 bytes; rest of loop ignored']);
  });

  it('a stray byte at the end of the loop is reported', () => {
    expect(sectionOf(0x06, [0x7f], [0x00, 8, ...CUEI, 0, 0, 0, 1, 0x02]).diagnostics).toEqual(['splice_descriptor[1]: 1 stray byte at the end of the descriptor loop']);
  });

  it('segmentation_descriptor with component list (program_segmentation_flag = 0)', () => {
    const body = [
      ...CUEI,
      0,
      0,
      0,
      7,
      0x7f,
      0b0011_1111, // program_segmentation 0, duration 0, not restricted 1, reserved
      2,
      0x21,
      0xfe,
      0,
      0,
      0,
      5,
      0x22,
      0xfe,
      0,
      0,
      0,
      6, // component_count 2: tag + 7 reserved + 33-bit pts_offset
      0x00,
      0, // upid type 0, length 0
      0x22,
      0,
      0,
    ];
    const { section, diagnostics } = sectionOf(0x06, [0x7f], [0x02, body.length, ...body]);
    expect(diagnostics).toEqual([]);
    expect(section.spliceDescriptors[0]).toMatchObject({
      programSegmentationFlag: false,
      components: [
        { componentTag: 0x21, ptsOffset90k: 5 },
        { componentTag: 0x22, ptsOffset90k: 6 },
      ],
      segmentationUpid: { value: { format: 'none' } },
      segmentationTypeId: 0x22,
    });
  });
});
