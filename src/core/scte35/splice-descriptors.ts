/**
 * @module core/scte35/splice-descriptors
 * The splice descriptor loop of a splice_info_section (ANSI/SCTE 35 2023r1 §10.2) and the small
 * CUEI descriptors: avail_descriptor (§10.3.1), DTMF_descriptor (§10.3.2), time_descriptor
 * (§10.3.4), audio_descriptor (§10.3.5). segmentation_descriptor (§10.3.3) has its own module.
 * Pure; bad lengths become diagnostics and malformed/private entries, never exceptions.
 */

import { BitReader } from './bit-reader.ts';
import { bytesToHex, bytesToLatin1 } from './byte-encoding.ts';
import { CUEI_IDENTIFIER, SPLICE_DESCRIPTOR_TAG as TAG } from './names.ts';
import { readSegmentationDescriptor } from './segmentation-descriptor.ts';
import type { AudioComponent, SpliceDescriptor } from './types.ts';

/** Decodes descriptors in `bytes[start, end)`. */
export function readSpliceDescriptors(bytes: Uint8Array, start: number, end: number, diagnostics: string[]): SpliceDescriptor[] {
  const out: SpliceDescriptor[] = [];
  let pos = start;
  while (pos < end) {
    const where = `splice_descriptor[${out.length}]`;
    if (end - pos < 2) {
      diagnostics.push(`${where}: 1 stray byte at the end of the descriptor loop`);
      break;
    }
    const spliceDescriptorTag = bytes[pos] ?? 0;
    const descriptorLength = bytes[pos + 1] ?? 0;
    const bodyStart = pos + 2;
    const bodyEnd = bodyStart + descriptorLength;
    if (bodyEnd > end) {
      diagnostics.push(`${where}: descriptor_length ${descriptorLength} overruns the descriptor loop by ${bodyEnd - end} bytes; rest of loop ignored`);
      out.push({
        type: 'malformed_descriptor',
        spliceDescriptorTag,
        descriptorLength,
        bytesHex: bytesToHex(bytes.subarray(bodyStart, end)),
        reason: 'descriptor_length overruns the descriptor loop',
      });
      break;
    }
    out.push(readOneDescriptor(bytes, spliceDescriptorTag, descriptorLength, bodyStart, bodyEnd, diagnostics, where));
    pos = bodyEnd;
  }
  return out;
}

function readOneDescriptor(bytes: Uint8Array, spliceDescriptorTag: number, descriptorLength: number, bodyStart: number, bodyEnd: number, diagnostics: string[], where: string): SpliceDescriptor {
  const malformed = (reason: string): SpliceDescriptor => {
    diagnostics.push(`${where}: ${reason}`);
    return {
      type: 'malformed_descriptor',
      spliceDescriptorTag,
      descriptorLength,
      bytesHex: bytesToHex(bytes.subarray(bodyStart, bodyEnd)),
      reason,
    };
  };
  if (descriptorLength < 4) return malformed(`descriptor_length ${descriptorLength} is too short for the 32-bit identifier`);

  const r = new BitReader(bytes, bodyStart, bodyEnd);
  const idBytes = r.bytes(4);
  const identifier = (((idBytes[0] ?? 0) << 24) | ((idBytes[1] ?? 0) << 16) | ((idBytes[2] ?? 0) << 8) | (idBytes[3] ?? 0)) >>> 0;
  const header = { spliceDescriptorTag, descriptorLength, identifier, identifierText: bytesToLatin1(idBytes) };

  // §10.2: only identifier 'CUEI' gives the tags below their SCTE 35 meaning.
  if (identifier !== CUEI_IDENTIFIER || spliceDescriptorTag > TAG.audio_descriptor) {
    return { ...header, type: 'private_descriptor', privateBytesHex: bytesToHex(r.rest()) };
  }

  const named = ['avail_descriptor', 'DTMF_descriptor', 'segmentation_descriptor', 'time_descriptor', 'audio_descriptor'][spliceDescriptorTag];
  let decoded: SpliceDescriptor | undefined;
  switch (spliceDescriptorTag) {
    case TAG.avail_descriptor:
      decoded = { ...header, type: 'avail_descriptor', providerAvailId: r.bits(32) };
      break;
    case TAG.DTMF_descriptor: {
      const prerollTenthsSec = r.bits(8);
      const dtmfCount = r.bits(3);
      r.skip(5);
      decoded = { ...header, type: 'DTMF_descriptor', prerollTenthsSec, dtmfChars: bytesToLatin1(r.bytes(dtmfCount)) };
      break;
    }
    case TAG.segmentation_descriptor:
      decoded = readSegmentationDescriptor(header, r, diagnostics, `${where} segmentation_descriptor`);
      if (decoded === undefined) return malformed('segmentation_descriptor is shorter than its fields');
      return decoded; // reports its own unused bytes
    case TAG.time_descriptor:
      decoded = { ...header, type: 'time_descriptor', taiSeconds: r.bits(48), taiNs: r.bits(32), utcOffset: r.bits(16) };
      break;
    case TAG.audio_descriptor: {
      const audioCount = r.bits(4);
      r.skip(4);
      const components: AudioComponent[] = [];
      for (let i = 0; i < audioCount && !r.overrun; i++) {
        const componentTag = r.bits(8);
        const isoCode = bytesToLatin1(r.bytes(3));
        components.push({ componentTag, isoCode, bitStreamMode: r.bits(3), numChannels: r.bits(4), fullSrvcAudio: r.flag() });
      }
      decoded = { ...header, type: 'audio_descriptor', components };
      break;
    }
  }
  if (decoded === undefined || r.overrun) return malformed(`${named ?? 'descriptor'} is shorter than its fields`);
  if (r.bytesLeft > 0) diagnostics.push(`${where}: ${r.bytesLeft} unused bytes at the end of ${named ?? 'descriptor'}`);
  return decoded;
}
