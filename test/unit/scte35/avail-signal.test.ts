/**
 * classifyAvailSignal and the [scte.*] ADS fields (docs/mediatailor-compat.md §5, §6.3) on every decodable sample
 * and on encoder-built edge cases.
 */
import { describe, expect, it } from 'vitest';
import vectorsFile from '../../fixtures/scte35/vectors.json';
import {
  classifyAvailSignal,
  decodeScte35,
  encodeSpliceInfoSection,
  encodeSpliceInsert,
  encodeTimeSignal,
  mpuUpid,
  privateDataTokens,
  readPodbuster,
  scteAdsVariables,
  textUpid,
  type AvailSignal,
  type EncodedSection,
  type SpliceInfoSection,
} from '../../../src/core/scte35/index.ts';
import type { Result } from '../../../src/core/result.ts';

const vectors = (vectorsFile as { vectors: { name: string; base64: string }[] }).vectors;
const sectionOf = (input: string | Uint8Array): SpliceInfoSection => {
  const r = decodeScte35(input);
  if (!r.ok) throw new Error(r.error);
  return r.section;
};
const built = (r: Result<EncodedSection, string>): SpliceInfoSection => {
  if (!r.ok) throw new Error(r.error);
  return sectionOf(r.value.bytes);
};

/** Expected classification per sample: kind, event id, duration in seconds (or undefined). */
const EXPECTED: Record<string, [AvailSignal['kind'], number | undefined, number | undefined]> = {
  'Sample 14.1 time_signal - Placement Opportunity Start': ['cue-out', 0x4800008e, 307],
  'Sample 14.2 splice_insert': ['cue-out', 0x4800008f, 0x52ccf5 / 90_000],
  'Sample 14.3 time_signal - Placement Opportunity End': ['cue-in', 0x4800008e, undefined],
  'Sample 14.4 time_signal - Program Start/End': ['none', 0x48000018, undefined],
  'Sample 14.5 time_signal - Program Overlap Start': ['none', 0x48000008, undefined],
  'Sample 14.6 time_signal - Program Blackout Override / Program End': ['none', 0x4800000a, undefined],
  'Sample 14.7 time_signal - Program End': ['none', 0x48000007, undefined],
  'Sample 14.8 time_signal - Program Start/End - Placement Opportunity End': ['cue-in', 0x480000ad, undefined],
  'SpliceInsert With DTMF': ['cue-out', 1073776558, 60],
  'Time Signal with Segmentation Descriptors': ['cue-in', 0x40000112, undefined],
  'Splice Insert with Avail Descriptor': ['cue-out', 31230, undefined],
  'Multiple SegmentationUPIDs': ['cue-in', 2, undefined],
  'Legacy splice_command_length: 0xFFF': ['cue-in', 39965, 120],
  'Signal with non-CUEI descriptor': ['cue-in', 0xffffffff, 1347087 / 90_000],
  'Splice Null - Heartbeat': ['none', undefined, undefined],
  'Invalid CRC_32': ['cue-out', 274688, 150],
  'Alignment Stuffing without Encryption': ['cue-in', 1644171239, undefined],
  'Unused Subsegments Included': ['cue-out', 0x9d, 40],
  'UPID with Valid ASCII Invalid UTF8': ['cue-out', 1074667978, 5412012 / 90_000],
  'SpliceInsert Program Out Point with 3 bytes alignment stuffing': ['cue-out', 2920834, 60],
  'SpliceInsert Program In Point with 3 bytes alignment stuffing': ['cue-in', 2920836, undefined],
};

describe('classifyAvailSignal on the samples', () => {
  it('has an expectation for every decodable sample', () => {
    const decodable = vectors.filter((v) => decodeScte35(v.base64).ok).map((v) => v.name);
    expect(decodable.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [name, [kind, eventId, durationSec]] of Object.entries(EXPECTED)) {
    it(name, () => {
      const vector = vectors.find((v) => v.name === name);
      const signal = classifyAvailSignal(sectionOf(vector?.base64 ?? ''));
      expect(signal.kind).toBe(kind);
      expect(signal.eventId).toBe(eventId);
      if (durationSec === undefined) expect(signal).not.toHaveProperty('durationSec');
      else expect(signal.durationSec).toBeCloseTo(durationSec, 9);
      if (kind === 'none') expect(signal.reason).toBeTruthy();
      expect(JSON.parse(JSON.stringify(signal))).toEqual(signal);
    });
  }

  it('adds pts_adjustment to the splice time, modulo 2^33 (§9.6.1)', () => {
    const out = vectors.find((v) => v.name.startsWith('SpliceInsert Program Out Point'));
    expect(classifyAvailSignal(sectionOf(out?.base64 ?? '')).splicePts90k).toBe(824971121 + 1390142976);
    const wrapped = built(encodeTimeSignal({ ptsTime90k: 2 ** 33 - 10, segmentationDescriptors: [{ segmentationEventId: 1, segmentationTypeId: 0x22 }] }, { ptsAdjustment90k: 25 }));
    expect(classifyAvailSignal(wrapped).splicePts90k).toBe(15);
  });
});

describe('[scte.*] ADS fields', () => {
  it('splice_insert: event id, avail numbers and unique_program_id (sample "SpliceInsert With DTMF")', () => {
    const vector = vectors.find((v) => v.name === 'SpliceInsert With DTMF');
    const signal = classifyAvailSignal(sectionOf(vector?.base64 ?? ''));
    expect(signal.ads).toEqual({ event_id: 1073776558, avail_num: 0, avails_expected: 127, unique_program_id: 45 });
    expect(scteAdsVariables(signal.ads)).toEqual({
      'scte.event_id': '1073776558',
      'scte.segmentation_event_id': '1073776558',
      'scte.avail_num': '0',
      'scte.avails_expected': '127',
      'scte.unique_program_id': '45',
    });
  });

  it('time_signal: segmentation fields and delivery restriction flags (sample 14.1)', () => {
    const signal = classifyAvailSignal(sectionOf('/DA0AAAAAAAA///wBQb+cr0AUAAeAhxDVUVJSAAAjn/PAAGlmbAICAAAAAAsoKGKNAIAmsnRfg=='));
    expect(signal.ads).toEqual({
      event_id: 0x4800008e,
      segmentation_type_id: 0x34,
      segment_num: 2,
      segments_expected: 0,
      delivery_not_restricted_flag: false,
      archive_allowed_flag: true,
      no_regional_blackout_flag: true,
      device_restrictions: 3,
      segmentation_upid: '0x000000002ca0a18a',
    });
    expect(signal.ads).not.toHaveProperty('unique_program_id');
    expect(scteAdsVariables(signal.ads)).toMatchObject({ 'scte.archive_allowed_flag': 'true', 'scte.delivery_not_restricted_flag': 'false' });
  });

  it('sub-segment fields and ADS-information UPID text (sample "Unused Subsegments Included")', () => {
    const vector = vectors.find((v) => v.name === 'Unused Subsegments Included');
    const signal = classifyAvailSignal(sectionOf(vector?.base64 ?? ''));
    expect(signal.ads).toMatchObject({
      segmentation_type_id: 0x30,
      sub_segment_num: 0,
      sub_segments_expected: 0,
      segmentation_upid: 'availid=910901389&bitmap=&inactivity=3120',
    });
  });

  it('MID: uses the first entry when none is MPU / ADS information / user defined', () => {
    const vector = vectors.find((v) => v.name === 'Multiple SegmentationUPIDs');
    expect(classifyAvailSignal(sectionOf(vector?.base64 ?? '')).ads.segmentation_upid).toBe('10.5239/8BE5-E3F6-0000-0000-0000-B');
  });

  it('MPU private data: colon tokens → private_data.{i} (MediaTailor ":46175218:46175218/5" example)', () => {
    const section = built(encodeTimeSignal({ ptsTime90k: 0, segmentationDescriptors: [{ segmentationEventId: 1, segmentationTypeId: 0x34, upid: mpuUpid('ABCD', ':46175218:46175218/5') }] }));
    const signal = classifyAvailSignal(section);
    expect(signal.ads['segmentation_upid.private_data']).toEqual(['46175218', '46175218/5']);
    expect(scteAdsVariables(signal.ads)).toMatchObject({
      'scte.segmentation_upid': ':46175218:46175218/5',
      'scte.segmentation_upid.private_data.0': '46175218',
      'scte.segmentation_upid.private_data.1': '46175218/5',
    });
    expect(scteAdsVariables(signal.ads)).not.toHaveProperty('scte.segmentation_upid.private_data.2');
  });

  it('MPU podbuster JSON → assetId, cueData.key, cueData.value', () => {
    const json = JSON.stringify({ assetId: 12345, cueData: { cueType: 'ad', key: 'pod', value: 'mid-1' } });
    const section = built(encodeTimeSignal({ segmentationDescriptors: [{ segmentationEventId: 1, segmentationTypeId: 0x30, upid: mpuUpid('PODB', json) }] }));
    expect(scteAdsVariables(classifyAvailSignal(section).ads)).toMatchObject({
      'scte.segmentation_upid.assetId': '12345',
      'scte.segmentation_upid.cueData.key': 'pod',
      'scte.segmentation_upid.cueData.value': 'mid-1',
    });
  });

  it('privateDataTokens and readPodbuster edge cases', () => {
    expect(privateDataTokens('')).toEqual([]);
    expect(privateDataTokens('single')).toEqual(['single']);
    expect(privateDataTokens('a::b:')).toEqual(['a', '', 'b']);
    expect(readPodbuster('{not json')).toEqual({});
    expect(readPodbuster('[1,2]')).toEqual({});
    expect(readPodbuster('{"assetId":{"x":1},"cueData":null}')).toEqual({});
  });
});

describe('classification rules', () => {
  const ts = (...types: number[]) =>
    classifyAvailSignal(built(encodeTimeSignal({ ptsTime90k: 1000, segmentationDescriptors: types.map((t, i) => ({ segmentationEventId: 100 + i, segmentationTypeId: t })) })));

  const KIND_BY_TYPE: readonly (readonly [number, AvailSignal['kind']])[] = [
    [0x22, 'cue-out'],
    [0x30, 'cue-out'],
    [0x32, 'cue-out'],
    [0x34, 'cue-out'],
    [0x36, 'cue-out'],
    [0x23, 'cue-in'],
    [0x31, 'cue-in'],
    [0x33, 'cue-in'],
    [0x35, 'cue-in'],
    [0x37, 'cue-in'],
    [0x38, 'overlay-start'],
    [0x3a, 'overlay-start'],
    [0x39, 'overlay-end'],
    [0x3b, 'overlay-end'],
    [0x10, 'none'],
    [0x01, 'none'],
  ];
  it.each(KIND_BY_TYPE.map(([type, kind]) => [type.toString(16), kind, type] as const))('segmentation_type_id 0x%s → %s', (_hex, kind, type) => {
    expect(ts(type).kind).toBe(kind);
  });

  it('a start outranks an end in the same time_signal (back-to-back breaks)', () => {
    expect(ts(0x35, 0x34)).toMatchObject({ kind: 'cue-out', eventId: 101, descriptorIndex: 1 });
  });

  it('takes the duration from another start descriptor when the chosen one has none', () => {
    const section = built(
      encodeTimeSignal({
        ptsTime90k: 1,
        segmentationDescriptors: [
          { segmentationEventId: 1, segmentationTypeId: 0x22 },
          { segmentationEventId: 2, segmentationTypeId: 0x34, segmentationDuration90k: 90_000 * 30 },
        ],
      }),
    );
    expect(classifyAvailSignal(section)).toMatchObject({ kind: 'cue-out', eventId: 1, durationSec: 30 });
  });

  it('cancelled segmentation events and splice_inserts signal nothing', () => {
    const cancelledSeg = built(encodeTimeSignal({ ptsTime90k: 1, segmentationDescriptors: [{ segmentationEventId: 8, segmentationTypeId: 0x34, segmentationEventCancelIndicator: true }] }));
    expect(classifyAvailSignal(cancelledSeg)).toMatchObject({ kind: 'none', eventId: 8, reason: 'time_signal only cancels segmentation events' });
    const cancelledInsert = built(encodeSpliceInsert({ spliceEventId: 9, spliceEventCancelIndicator: true, outOfNetworkIndicator: true }));
    expect(classifyAvailSignal(cancelledInsert)).toMatchObject({ kind: 'none', eventId: 9, reason: 'splice_insert cancels event' });
    const bare = built(encodeTimeSignal({ ptsTime90k: 1 }));
    expect(classifyAvailSignal(bare)).toMatchObject({ kind: 'none', reason: 'time_signal without a segmentation_descriptor' });
  });

  it('splice_insert without break_duration takes segmentation_duration', () => {
    const section = built(
      encodeSpliceInsert({
        spliceEventId: 3,
        outOfNetworkIndicator: true,
        ptsTime90k: 10,
        segmentationDescriptors: [{ segmentationEventId: 4, segmentationTypeId: 0x30, segmentationDuration90k: 15 * 90_000, upid: textUpid(0x0e, 'x=1') }],
      }),
    );
    expect(classifyAvailSignal(section)).toMatchObject({ kind: 'cue-out', eventId: 3, durationSec: 15, segmentationTypeId: 0x30 });
    expect(classifyAvailSignal(section).ads).toMatchObject({ event_id: 3, segmentation_type_id: 0x30, segmentation_upid: 'x=1' });
  });

  it('component-mode splice_insert uses the first component time', () => {
    // splice_insert, program_splice_flag = 0, two components, each with splice_time.
    const command = Uint8Array.from([0, 0, 0, 5, 0x7f, 0b1000_1111, 2, 0x01, 0xfe, 0, 0, 0, 100, 0x02, 0xfe, 0, 0, 0, 200, 0, 1, 0, 0]);
    const r = encodeSpliceInfoSection({ spliceCommandType: 5, commandBytes: command });
    if (!r.ok) throw new Error(r.error);
    const section = sectionOf(r.value.bytes);
    expect(section.spliceCommand).toMatchObject({
      programSpliceFlag: false,
      components: [
        { componentTag: 1, spliceTime: { timeSpecifiedFlag: true, ptsTime90k: 100 } },
        { componentTag: 2, spliceTime: { timeSpecifiedFlag: true, ptsTime90k: 200 } },
      ],
      uniqueProgramId: 1,
    });
    expect(classifyAvailSignal(section)).toMatchObject({ kind: 'cue-out', splicePts90k: 100, spliceImmediate: false });
  });

  it('commands other than splice_insert / time_signal signal nothing', () => {
    const r = encodeSpliceInfoSection({ spliceCommandType: 7, commandBytes: new Uint8Array(0) });
    if (!r.ok) throw new Error(r.error);
    expect(classifyAvailSignal(sectionOf(r.value.bytes))).toMatchObject({ kind: 'none', source: 'none' });
  });
});
