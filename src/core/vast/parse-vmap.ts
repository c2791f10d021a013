/**
 * @module core/vast/parse-vmap
 * `parseVmap(xml)`: VMAP 1.0 / 1.0.1 playlists → typed ad breaks. Pure, never throws.
 * Spec: IAB VMAP 1.0.1 §2.3.1 AdBreak (timeOffset, breakType, breakId, repeatAfter),
 * §2.3.2 AdSource (VASTAdData, AdTagURI, CustomAdData), and the AdBreak's TrackingEvents
 * (breakStart, breakEnd, error). Elements are matched without their `vmap:` prefix.
 */
import { child, children, parseXml, text, type XmlElement } from './xml-tree.ts';
import { bool, defined, readTrackingEvents, str, urlOf } from './read-values.ts';
import { parseClockSec, parseVmapTimeOffset, type VmapTimeOffset } from './time.ts';
import { parseVast, parseVastElement } from './parse-vast.ts';
import { readExtensions } from './parse-extensions.ts';
import type { VastExtension, VastTrackingEvents } from './model-creative.ts';
import type { VastParse, VastParseError } from './model.ts';

export type VmapBreakType = 'linear' | 'nonlinear' | 'display';

/** What an AdSource holds: exactly one of these per VMAP 1.0.1 §2.3.2. */
export type VmapAdSourceContent =
  | { readonly kind: 'vastAdData'; readonly vast: VastParse }
  | { readonly kind: 'adTagUri'; readonly url: string; readonly templateType?: string }
  | { readonly kind: 'customAdData'; readonly templateType?: string; readonly content: string }
  | { readonly kind: 'none' };

export interface VmapAdSource {
  readonly id?: string;
  /** Absent ⇒ the resolver allows several ads (the break is the pod). */
  readonly allowMultipleAds?: boolean;
  /** Absent ⇒ wrappers are followed. */
  readonly followRedirects?: boolean;
  readonly content: VmapAdSourceContent;
}

export interface VmapAdBreak {
  /** Position in the document (0-based). */
  readonly index: number;
  readonly timeOffset: VmapTimeOffset;
  /** `breakType` split on commas; `linear` when absent or unreadable. */
  readonly breakTypes: readonly VmapBreakType[];
  readonly breakId?: string;
  readonly repeatAfterRaw?: string;
  readonly repeatAfterSec?: number;
  readonly adSource?: VmapAdSource;
  /** `breakStart`, `breakEnd`, `error` URLs. */
  readonly trackingEvents: VastTrackingEvents;
  readonly extensions: readonly VastExtension[];
}

export interface VmapDocument {
  readonly version: string;
  readonly adBreaks: readonly VmapAdBreak[];
  readonly extensions: readonly VastExtension[];
}

export type VmapDiagnosticCode = 'invalid_time_offset' | 'invalid_break_type' | 'invalid_repeat_after' | 'missing_ad_source' | 'multiple_ad_source_contents' | 'missing_ad_tag_uri';

export interface VmapDiagnostic {
  readonly code: VmapDiagnosticCode;
  readonly message: string;
  readonly breakIndex: number;
}

export type VmapParse = { readonly ok: true; readonly document: VmapDocument; readonly diagnostics: readonly VmapDiagnostic[] } | { readonly ok: false; readonly error: VastParseError };

const BREAK_TYPES: readonly string[] = ['linear', 'nonlinear', 'display'];

export function parseVmap(xml: string): VmapParse {
  const parsed = parseXml(xml);
  if (!parsed.ok) return { ok: false, error: { kind: 'parse_error', message: parsed.message } };
  const root = parsed.root;
  if (root.name.toLowerCase() !== 'vmap') {
    return {
      ok: false,
      error: { kind: 'unknown_root', message: `root element <${root.name}> is not <VMAP>`, rootElement: root.name },
    };
  }
  const diagnostics: VmapDiagnostic[] = [];
  const adBreaks: VmapAdBreak[] = [];
  children(root, 'AdBreak').forEach((el, index) => {
    const report = (code: VmapDiagnosticCode, message: string): void => {
      diagnostics.push({ code, message, breakIndex: index });
    };
    const adBreak = readAdBreak(el, index, report);
    if (adBreak) adBreaks.push(adBreak);
  });
  return {
    ok: true,
    document: {
      version: str(root, 'version') ?? '',
      adBreaks,
      extensions: children(root, 'Extensions').flatMap((e) => readExtensions(e, 'Extension')),
    },
    diagnostics,
  };
}

type Report = (code: VmapDiagnosticCode, message: string) => void;

function readAdBreak(el: XmlElement, index: number, report: Report): VmapAdBreak | undefined {
  const offsetRaw = str(el, 'timeOffset');
  const timeOffset = parseVmapTimeOffset(offsetRaw);
  if (!timeOffset) {
    report('invalid_time_offset', `AdBreak@timeOffset "${offsetRaw ?? ''}" is unreadable; break skipped`);
    return undefined;
  }
  const typeRaw = str(el, 'breakType');
  const tokens = (typeRaw ?? '')
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== '');
  const breakTypes = tokens.filter((t): t is VmapBreakType => BREAK_TYPES.includes(t));
  if (typeRaw === undefined || breakTypes.length !== tokens.length || breakTypes.length === 0) {
    report('invalid_break_type', `AdBreak@breakType "${typeRaw ?? ''}" is missing or has unknown values`);
  }
  const repeatAfterRaw = str(el, 'repeatAfter');
  const repeatAfterSec = parseClockSec(repeatAfterRaw);
  if (repeatAfterRaw !== undefined && repeatAfterSec === undefined) {
    report('invalid_repeat_after', `AdBreak@repeatAfter "${repeatAfterRaw}" is unreadable`);
  }
  const sourceEl = child(el, 'AdSource');
  if (!sourceEl) report('missing_ad_source', 'AdBreak has no AdSource');
  return defined({
    index,
    timeOffset,
    breakTypes: breakTypes.length > 0 ? [...new Set(breakTypes)] : ['linear' as const],
    breakId: str(el, 'breakId'),
    repeatAfterRaw,
    repeatAfterSec,
    adSource: sourceEl ? readAdSource(sourceEl, report) : undefined,
    trackingEvents: readTrackingEvents(children(el, 'TrackingEvents'), false).events,
    extensions: children(el, 'Extensions').flatMap((e) => readExtensions(e, 'Extension')),
  });
}

function readAdSource(el: XmlElement, report: Report): VmapAdSource {
  const vastData = child(el, 'VASTAdData') ?? child(el, 'VASTData');
  const tagUri = child(el, 'AdTagURI');
  const custom = child(el, 'CustomAdData');
  const present = [vastData, tagUri, custom].filter((x) => x !== undefined).length;
  if (present > 1) report('multiple_ad_source_contents', 'AdSource has more than one of VASTAdData, AdTagURI, CustomAdData; the first is used');
  let content: VmapAdSourceContent = { kind: 'none' };
  if (vastData) content = { kind: 'vastAdData', vast: readEmbeddedVast(vastData) };
  else if (tagUri) {
    const url = urlOf(tagUri);
    if (url === undefined) report('missing_ad_tag_uri', 'AdTagURI is empty');
    content = url === undefined ? { kind: 'none' } : defined({ kind: 'adTagUri' as const, url, templateType: str(tagUri, 'templateType') });
  } else if (custom) {
    content = defined({ kind: 'customAdData' as const, templateType: str(custom, 'templateType'), content: custom.text.trim() });
  } else report('missing_ad_source', 'AdSource holds no VASTAdData, AdTagURI or CustomAdData');
  return defined({
    id: str(el, 'id'),
    allowMultipleAds: bool(el, 'allowMultipleAds'),
    followRedirects: bool(el, 'followRedirects'),
    content,
  });
}

/** The `<VAST>` element inside VASTAdData, or VAST text some servers wrap in CDATA. */
function readEmbeddedVast(el: XmlElement): VastParse {
  const vastEl = child(el, 'VAST');
  if (vastEl) return parseVastElement(vastEl);
  const body = text(el);
  if (body !== undefined) return parseVast(body);
  const first = el.children[0];
  return first ? parseVastElement(first) : { ok: false, error: { kind: 'parse_error', message: 'VASTAdData is empty' } };
}
