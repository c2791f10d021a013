/**
 * @module core/dash/scte35-xml
 * SCTE-35 carried in MPD Events (SCTE 214-1 §6.7; ANSI/SCTE 35 2023r1 §12 XML schema), read into
 * the same splice_info_section our binary decoder produces, so one classifier
 * (`classifyAvailSignal`) and one set of `[scte.*]` variables serve HLS and DASH. Pure, total.
 *
 * - `urn:scte:scte35:2014:xml+bin`: `<Signal><Binary>` base64 → decoder.
 * - `urn:scte:scte35:2013:xml`: `<SpliceInfoSection>` with `<SpliceInsert>` or `<TimeSignal>` and
 *   `<SegmentationDescriptor>`s. The XML is re-encoded with our SCTE-35 encoder and decoded
 *   again: the result carries real lengths and CRC, and no second reading of the fields exists.
 *   Read leniently, as packagers write it: `spliceEventId` for `segmentationEventId` on a
 *   descriptor, `segmentationTypeId`/`segmentNum`/`segmentsExpected` on `<SegmentationUpid>`,
 *   `segmentationUpidType`/`segmentationUpid` as descriptor attributes; booleans as
 *   `true|false|1|0`.
 */
import {
  decodeScte35,
  encodeSpliceInsert,
  encodeTimeSignal,
  encodeSpliceInfoSection,
  base64ToBytes,
  hexToBytes,
  type Scte35Decode,
  type SegmentationDescriptorInit,
  type SectionInit,
  type UpidInit,
} from '../scte35/index.ts';
import { attr, childElements, firstChild, localName, textContent, type XElement } from './xml.ts';

export const SCTE35_XML_SCHEME = 'urn:scte:scte35:2013:xml';
export const SCTE35_BIN_SCHEME = 'urn:scte:scte35:2014:xml+bin';

export type SignalScheme = 'xml' | 'xml+bin';

/** The scheme of an EventStream@schemeIdUri, when it carries SCTE-35. */
export function scte35Scheme(schemeIdUri: string | undefined): SignalScheme | undefined {
  const s = schemeIdUri?.trim();
  if (s === SCTE35_XML_SCHEME) return 'xml';
  if (s === SCTE35_BIN_SCHEME) return 'xml+bin';
  return undefined;
}

/** Decodes the SCTE-35 message of one Event. */
export function decodeEventSignal(event: XElement, scheme: SignalScheme): Scte35Decode {
  if (scheme === 'xml+bin') {
    const binary = findDescendant(event, 'Binary');
    if (!binary) return { ok: false, error: 'Event has no <Signal><Binary> element', diagnostics: [] };
    return decodeScte35(textContent(binary).replace(/\s+/g, ''));
  }
  const section = findDescendant(event, 'SpliceInfoSection');
  if (!section) {
    // Some packagers put a <Signal><Binary> under the XML scheme too.
    const binary = findDescendant(event, 'Binary');
    if (binary) return decodeScte35(textContent(binary).replace(/\s+/g, ''));
    return { ok: false, error: 'Event has no <SpliceInfoSection> element', diagnostics: [] };
  }
  return decodeXmlSection(section);
}

function findDescendant(el: XElement, local: string): XElement | undefined {
  for (const c of el.children) {
    if (c.kind !== 'element') continue;
    if (localName(c.name) === local) return c;
    const deeper = findDescendant(c, local);
    if (deeper) return deeper;
  }
  return undefined;
}

/** `<SpliceInfoSection>` → encoded → decoded splice_info_section. */
export function decodeXmlSection(section: XElement): Scte35Decode {
  const diagnostics: string[] = [];
  const head: SectionInit = {
    ...opt('ptsAdjustment90k', num(section, 'ptsAdjustment')),
    ...opt('tier', num(section, 'tier')),
    ...opt('sapType', num(section, 'sapType')),
  };
  const descriptors = childElements(section, 'SegmentationDescriptor').map((d) => segmentationInit(d, diagnostics));
  const insert = firstChild(section, 'SpliceInsert');
  const timeSignal = firstChild(section, 'TimeSignal');
  let encoded;
  if (insert) {
    const time = firstChild(insert, 'Program') ?? firstChild(insert, 'Component');
    if (!firstChild(insert, 'Program') && time) diagnostics.push('component splice mode read as program splice mode (first component time)');
    const spliceTime = time ? firstChild(time, 'SpliceTime') : undefined;
    const breakDuration = firstChild(insert, 'BreakDuration');
    const durationTicks = breakDuration ? num(breakDuration, 'duration') : undefined;
    const immediate = bool(insert, 'spliceImmediateFlag') === true;
    encoded = encodeSpliceInsert(
      {
        spliceEventId: num(insert, 'spliceEventId') ?? 0,
        spliceEventCancelIndicator: bool(insert, 'spliceEventCancelIndicator') === true,
        outOfNetworkIndicator: bool(insert, 'outOfNetworkIndicator') === true,
        ...opt('ptsTime90k', immediate || !spliceTime ? undefined : num(spliceTime, 'ptsTime')),
        ...(breakDuration && durationTicks !== undefined ? { breakDuration: { autoReturn: bool(breakDuration, 'autoReturn') === true, duration90k: durationTicks } } : {}),
        ...opt('uniqueProgramId', num(insert, 'uniqueProgramId')),
        ...opt('availNum', num(insert, 'availNum')),
        ...opt('availsExpected', num(insert, 'availsExpected')),
        segmentationDescriptors: descriptors,
      },
      head,
    );
  } else if (timeSignal) {
    const spliceTime = firstChild(timeSignal, 'SpliceTime');
    encoded = encodeTimeSignal({ ...opt('ptsTime90k', spliceTime ? num(spliceTime, 'ptsTime') : undefined), segmentationDescriptors: descriptors }, head);
  } else if (firstChild(section, 'SpliceNull')) {
    encoded = encodeSpliceInfoSection({ ...head, spliceCommandType: 0, commandBytes: new Uint8Array(0) });
  } else {
    const command = section.children.find((c) => c.kind === 'element');
    return { ok: false, error: `SpliceInfoSection has no SpliceInsert or TimeSignal${command?.kind === 'element' ? ` (first child <${command.name}>)` : ''}`, diagnostics };
  }
  if (!encoded.ok) return { ok: false, error: `SpliceInfoSection fields out of range: ${encoded.error}`, diagnostics };
  const decoded = decodeScte35(encoded.value.bytes);
  return decoded.ok ? { ...decoded, diagnostics: [...diagnostics, ...decoded.diagnostics] } : decoded;
}

function segmentationInit(d: XElement, diagnostics: string[]): SegmentationDescriptorInit {
  const upidEl = firstChild(d, 'SegmentationUpid');
  // Attributes found on <SegmentationUpid> by some packagers are read as the descriptor's.
  const field = (name: string): number | undefined => num(d, name) ?? (upidEl ? num(upidEl, name) : undefined);
  const restrictions = firstChild(d, 'DeliveryRestrictions');
  const upid = readUpid(d, upidEl, diagnostics);
  const duration = field('segmentationDuration');
  return {
    segmentationEventId: num(d, 'segmentationEventId') ?? num(d, 'spliceEventId') ?? 0,
    segmentationEventCancelIndicator: bool(d, 'segmentationEventCancelIndicator') === true,
    segmentationTypeId: field('segmentationTypeId') ?? 0,
    ...opt('segmentationDuration90k', duration),
    ...(upid ? { upid } : {}),
    ...opt('segmentNum', field('segmentNum')),
    ...opt('segmentsExpected', field('segmentsExpected')),
    ...opt('subSegmentNum', field('subSegmentNum')),
    ...opt('subSegmentsExpected', field('subSegmentsExpected')),
    ...(restrictions
      ? {
          deliveryRestrictions: {
            webDeliveryAllowedFlag: bool(restrictions, 'webDeliveryAllowedFlag') === true,
            noRegionalBlackoutFlag: bool(restrictions, 'noRegionalBlackoutFlag') === true,
            archiveAllowedFlag: bool(restrictions, 'archiveAllowedFlag') === true,
            deviceRestrictions: deviceRestrictions(attr(restrictions, 'deviceRestrictions')),
          },
        }
      : {}),
  };
}

const DEVICE_RESTRICTION_NAMES = ['restrict group 0', 'restrict group 1', 'restrict group 2', 'none'];

function deviceRestrictions(v: string | undefined): number {
  if (v === undefined) return 3;
  const n = Number(v);
  if (Number.isInteger(n) && n >= 0 && n <= 3) return n;
  const i = DEVICE_RESTRICTION_NAMES.indexOf(v.trim().toLowerCase());
  return i < 0 ? 3 : i;
}

/** UPID bytes from `<SegmentationUpid>` text (hex by default, `segmentationUpidFormat` text / base-64) or attributes. */
function readUpid(d: XElement, upidEl: XElement | undefined, diagnostics: string[]): UpidInit | undefined {
  const type = (upidEl ? num(upidEl, 'segmentationUpidType') : undefined) ?? num(d, 'segmentationUpidType');
  if (type === undefined) return undefined;
  const raw = (upidEl ? textContent(upidEl) : (attr(d, 'segmentationUpid') ?? '')).trim();
  const format = (upidEl ? attr(upidEl, 'segmentationUpidFormat') : undefined)?.toLowerCase();
  let bytes: Uint8Array;
  if (format === 'text') bytes = new TextEncoder().encode(raw);
  else if (format === 'base-64' || format === 'base64') {
    const b = base64ToBytes(raw);
    bytes = b.ok ? b.value : new TextEncoder().encode(raw);
  } else {
    const h = /^(?:[0-9a-fA-F]{2})*$/.test(raw) ? hexToBytes(raw) : undefined;
    if (h?.ok) bytes = h.value;
    else {
      bytes = new TextEncoder().encode(raw);
      if (raw !== '') diagnostics.push('segmentation UPID is not hex: read as text');
    }
  }
  const formatIdentifier = upidEl ? num(upidEl, 'formatIdentifier') : undefined;
  if (formatIdentifier !== undefined) bytes = new Uint8Array([formatIdentifier >>> 24, (formatIdentifier >>> 16) & 255, (formatIdentifier >>> 8) & 255, formatIdentifier & 255, ...bytes]);
  return { upidType: type, bytes: bytes.subarray(0, 255) };
}

function num(el: XElement, name: string): number | undefined {
  const v = attr(el, name)?.trim();
  if (v === undefined || !/^\d{1,16}$/.test(v)) return undefined;
  return Number(v);
}

function bool(el: XElement, name: string): boolean | undefined {
  const v = attr(el, name)?.trim().toLowerCase();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  return undefined;
}

function opt<K extends string, V>(key: K, value: V | undefined): { [k in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [k in K]?: V };
}
