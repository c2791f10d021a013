/**
 * Encoder round trips (ANSI/SCTE 35 2023r1 §9.6, §9.7.3, §9.7.4, §10.3.3): what encode writes,
 * decode reads back, with a valid CRC_32; and the §14 samples are reproduced byte for byte.
 */
import { describe, expect, it } from 'vitest';
import {
  classifyAvailSignal,
  crc32Mpeg2,
  decodeScte35,
  encodeSpliceInfoSection,
  encodeSpliceInsert,
  encodeTimeSignal,
  mpuUpid,
  SEGMENTATION_UPID_TYPE,
  textUpid,
  type EncodedSection,
} from '../../../src/core/scte35/index.ts';
import type { Result } from '../../../src/core/result.ts';

const unwrap = (r: Result<EncodedSection, string>): EncodedSection => {
  if (!r.ok) throw new Error(r.error);
  return r.value;
};
const decodeOk = (input: string | Uint8Array) => {
  const r = decodeScte35(input);
  if (!r.ok) throw new Error(r.error);
  return r;
};

describe('encodeSpliceInsert', () => {
  it('round-trips a cue-out with time, break duration and ids', () => {
    const enc = unwrap(
      encodeSpliceInsert(
        {
          spliceEventId: 0x4800008f,
          outOfNetworkIndicator: true,
          ptsTime90k: 2 ** 33 - 1,
          breakDuration: { autoReturn: true, duration90k: 30 * 90_000 },
          uniqueProgramId: 0xbeef,
          availNum: 2,
          availsExpected: 4,
        },
        { ptsAdjustment90k: 12345, tier: 0x0ab },
      ),
    );
    const { section, diagnostics } = decodeOk(enc.bytes);
    expect(diagnostics).toEqual([]);
    expect(section.crcValid).toBe(true);
    expect(section).toMatchObject({ ptsAdjustment90k: 12345, tier: 0x0ab, cwIndex: 0xff, sapType: 3, spliceCommandType: 5 });
    expect(section.spliceCommand).toEqual({
      type: 'splice_insert',
      spliceEventId: 0x4800008f,
      spliceEventCancelIndicator: false,
      outOfNetworkIndicator: true,
      programSpliceFlag: true,
      durationFlag: true,
      spliceImmediateFlag: false,
      eventIdComplianceFlag: true,
      spliceTime: { timeSpecifiedFlag: true, ptsTime90k: 2 ** 33 - 1 },
      breakDuration: { autoReturn: true, duration90k: 2_700_000 },
      uniqueProgramId: 0xbeef,
      availNum: 2,
      availsExpected: 4,
    });
    expect(decodeOk(enc.base64).section).toEqual(section);
    expect(decodeOk(enc.hex).section).toEqual(section);
    expect(enc.hex.startsWith('0xFC30')).toBe(true);
  });

  it('round-trips an immediate cue-in and a cancel', () => {
    const cueIn = decodeOk(unwrap(encodeSpliceInsert({ spliceEventId: 7, outOfNetworkIndicator: false })).bytes).section;
    expect(cueIn.spliceCommand).toMatchObject({ spliceImmediateFlag: true, outOfNetworkIndicator: false, durationFlag: false });
    expect(cueIn.spliceCommand).not.toHaveProperty('spliceTime');
    expect(classifyAvailSignal(cueIn)).toMatchObject({ kind: 'cue-in', eventId: 7, spliceImmediate: true });

    const cancel = decodeOk(unwrap(encodeSpliceInsert({ spliceEventId: 9, spliceEventCancelIndicator: true, outOfNetworkIndicator: true })).bytes).section;
    expect(cancel.spliceCommand).toEqual({ type: 'splice_insert', spliceEventId: 9, spliceEventCancelIndicator: true });
    expect(cancel.spliceCommandLength).toBe(5);
  });

  it('carries segmentation descriptors too', () => {
    const enc = unwrap(
      encodeSpliceInsert({
        spliceEventId: 1,
        outOfNetworkIndicator: true,
        ptsTime90k: 900_000,
        segmentationDescriptors: [{ segmentationEventId: 2, segmentationTypeId: 0x30, upid: textUpid(SEGMENTATION_UPID_TYPE.adId, 'ABCD01234567') }],
      }),
    );
    const { section } = decodeOk(enc.bytes);
    expect(section.spliceDescriptors[0]).toMatchObject({ segmentationTypeId: 0x30, segmentationUpid: { text: 'ABCD01234567' } });
  });
});

describe('encodeTimeSignal', () => {
  it('reproduces SCTE 35 sample 14.1 field for field (plus the sub-segment bytes 0x34 carries since 2016)', () => {
    const enc = unwrap(
      encodeTimeSignal({
        ptsTime90k: 0x072bd0050,
        segmentationDescriptors: [
          {
            segmentationEventId: 0x4800008e,
            segmentationTypeId: 0x34,
            segmentationDuration90k: 0x0001a599b0,
            segmentNum: 2,
            upid: { upidType: 0x08, bytes: Uint8Array.from([0, 0, 0, 0, 0x2c, 0xa0, 0xa1, 0x8a]) },
            deliveryRestrictions: { webDeliveryAllowedFlag: false, noRegionalBlackoutFlag: true, archiveAllowedFlag: true, deviceRestrictions: 3 },
          },
        ],
      }),
    );
    // 14.1 predates sub_segment fields; ours adds the two bytes 0x34 carries since 2016.
    const sample = decodeOk('/DA0AAAAAAAA///wBQb+cr0AUAAeAhxDVUVJSAAAjn/PAAGlmbAICAAAAAAsoKGKNAIAmsnRfg==').section;
    const ours = decodeOk(enc.bytes).section;
    expect(ours.spliceDescriptors[0]).toEqual({ ...sample.spliceDescriptors[0], descriptorLength: 30, subSegmentNum: 0, subSegmentsExpected: 0 });
    expect(ours.spliceCommand).toEqual(sample.spliceCommand);
  });

  it('reproduces SCTE 35 sample 14.3 byte for byte', () => {
    const enc = unwrap(
      encodeTimeSignal({
        ptsTime90k: 0x0746290a0,
        segmentationDescriptors: [
          {
            segmentationEventId: 0x4800008e,
            segmentationTypeId: 0x35,
            segmentNum: 2,
            upid: { upidType: 0x08, bytes: Uint8Array.from([0, 0, 0, 0, 0x2c, 0xa0, 0xa1, 0x8a]) },
            deliveryRestrictions: { webDeliveryAllowedFlag: true, noRegionalBlackoutFlag: true, archiveAllowedFlag: true, deviceRestrictions: 3 },
          },
        ],
      }),
    );
    expect(enc.base64).toBe('/DAvAAAAAAAA///wBQb+dGKQoAAZAhdDVUVJSAAAjn+fCAgAAAAALKChijUCAKnMZ1g=');
  });

  it('round-trips an immediate time_signal with an MPU (podbuster) UPID and PPO start sub-segments', () => {
    const json = '{"assetId":"ad-42","cueData":{"cueType":"ad","key":"pb","value":"3"}}';
    const enc = unwrap(
      encodeTimeSignal({
        segmentationDescriptors: [
          {
            segmentationEventId: 0xffffffff,
            segmentationTypeId: 0x34,
            segmentationDuration90k: 2 ** 40 - 1,
            upid: mpuUpid('ABCD', json),
            segmentNum: 1,
            segmentsExpected: 2,
            subSegmentNum: 3,
            subSegmentsExpected: 4,
          },
        ],
      }),
    );
    const { section, diagnostics } = decodeOk(enc.base64);
    expect(diagnostics).toEqual([]);
    expect(section.spliceCommand).toEqual({ type: 'time_signal', spliceTime: { timeSpecifiedFlag: false } });
    expect(section.spliceDescriptors[0]).toMatchObject({
      segmentationEventId: 0xffffffff,
      deliveryNotRestrictedFlag: true,
      segmentationDuration90k: 2 ** 40 - 1,
      segmentationUpid: { value: { format: 'mpu', formatIdentifierText: 'ABCD', privateDataText: json } },
      subSegmentNum: 3,
      subSegmentsExpected: 4,
    });
    expect(section.spliceDescriptors[0]).not.toHaveProperty('archiveAllowedFlag');
    const signal = classifyAvailSignal(section);
    expect(signal).toMatchObject({ kind: 'cue-out', spliceImmediate: true, durationSec: (2 ** 40 - 1) / 90_000 });
    expect(signal.ads).toMatchObject({
      'segmentation_upid.assetId': 'ad-42',
      'segmentation_upid.cueData.key': 'pb',
      'segmentation_upid.cueData.value': '3',
    });
  });

  it('round-trips a cancelled segmentation event', () => {
    const enc = unwrap(encodeTimeSignal({ ptsTime90k: 1, segmentationDescriptors: [{ segmentationEventId: 5, segmentationEventCancelIndicator: true, segmentationTypeId: 0x34 }] }));
    const d = decodeOk(enc.bytes).section.spliceDescriptors[0];
    expect(d).toEqual({
      type: 'segmentation_descriptor',
      spliceDescriptorTag: 2,
      descriptorLength: 9,
      identifier: 0x43554549,
      identifierText: 'CUEI',
      segmentationEventId: 5,
      segmentationEventCancelIndicator: true,
      segmentationEventIdComplianceIndicator: true,
    });
  });
});

describe('encoder validation and framing', () => {
  it.each([
    ['event id too large', () => encodeSpliceInsert({ spliceEventId: 2 ** 32, outOfNetworkIndicator: true }), 'spliceEventId'],
    ['negative pts', () => encodeTimeSignal({ ptsTime90k: -1 }), 'ptsTime90k'],
    ['fractional duration', () => encodeSpliceInsert({ spliceEventId: 1, outOfNetworkIndicator: true, breakDuration: { autoReturn: true, duration90k: 1.5 } }), 'duration90k'],
    [
      'UPID over 255 bytes',
      () => encodeTimeSignal({ segmentationDescriptors: [{ segmentationEventId: 1, segmentationTypeId: 0x22, upid: textUpid(0x0f, 'x'.repeat(256)) }] }),
      'segmentation_upid_length',
    ],
    [
      'descriptor over 255 bytes',
      () => encodeTimeSignal({ segmentationDescriptors: [{ segmentationEventId: 1, segmentationTypeId: 0x22, upid: textUpid(0x0f, 'x'.repeat(250)) }] }),
      'descriptor_length',
    ],
    ['tier over 12 bits', () => encodeTimeSignal({}, { tier: 0x1000 }), 'tier'],
  ])('%s is an error value', (_label, run, message) => {
    const r = run();
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(message);
  });

  it('writes a CRC_32 that makes the whole section CRC to zero (MPEG-2 property)', () => {
    const enc = unwrap(encodeSpliceInfoSection({ spliceCommandType: 0x07, commandBytes: new Uint8Array(0) }));
    expect(crc32Mpeg2(enc.bytes)).toBe(0);
    expect(decodeOk(enc.bytes).section.spliceCommand).toEqual({ type: 'bandwidth_reservation' });
  });

  it('crc32Mpeg2 matches the CRC-32/MPEG-2 check value', () => {
    expect(crc32Mpeg2(new TextEncoder().encode('123456789'))).toBe(0x0376e6e7);
  });
});
