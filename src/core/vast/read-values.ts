/**
 * @module core/vast/read-values
 * Value readers shared by the VAST and VMAP parsers: URLs, numbers, booleans, tracking lists,
 * resource files. Pure, lenient: a value that cannot be read is `undefined`, never an exception.
 * Spec: VAST 4.2 §2.3.3 (URIs in CDATA), §3.14 (tracking), §3.15 (resource files).
 */
import { attr, children, text, type XmlElement } from './xml-tree.ts';
import { parseVastOffset } from './time.ts';
import type { VastResources, VastTrackingEvents, VastTrackingUrl, VastUrl } from './model-creative.ts';

/**
 * The URL in an element's text: CDATA unwrapped, trimmed, tabs and line breaks removed (the
 * WHATWG URL parser drops them too, and servers wrap long URLs). `about:blank` is the spec's
 * "no tracker" placeholder (VAST 4.2 §3.4.4) and reads as no URL.
 */
export function urlOf(el: XmlElement | undefined): string | undefined {
  const t = text(el)?.replace(/[\t\r\n]/g, '');
  if (t === undefined || t === '' || t.toLowerCase() === 'about:blank') return undefined;
  return t;
}

/** URLs of all children with a name, e.g. every `<Error>` of an InLine. */
export function urlList(parent: XmlElement | undefined, name: string): string[] {
  const out: string[] = [];
  for (const el of children(parent, name)) {
    const url = urlOf(el);
    if (url !== undefined) out.push(url);
  }
  return out;
}

/** URLs with their `id` attribute (Impression, ClickTracking, CustomClick, …). */
export function idUrlList(parent: XmlElement | undefined, name: string): VastUrl[] {
  const out: VastUrl[] = [];
  for (const el of children(parent, name)) {
    const url = urlOf(el);
    if (url === undefined) continue;
    const id = attr(el, 'id');
    out.push(id === undefined || id === '' ? { url } : { url, id });
  }
  return out;
}

/** A non-empty, trimmed attribute value. */
export function str(el: XmlElement | undefined, name: string): string | undefined {
  const v = attr(el, name)?.trim();
  return v === undefined || v === '' ? undefined : v;
}

/** A finite number attribute (`"1280"`, `" 500.5 "`); garbage reads as undefined. */
export function num(el: XmlElement | undefined, name: string): number | undefined {
  const v = str(el, name);
  if (v === undefined || !/^[+-]?\d+(?:\.\d+)?$/.test(v)) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** A non-negative integer attribute. */
export function int(el: XmlElement | undefined, name: string): number | undefined {
  const n = num(el, name);
  return n !== undefined && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/** A boolean attribute: `true`/`false`/`1`/`0`, any case (servers write all four). */
export function bool(el: XmlElement | undefined, name: string): boolean | undefined {
  const v = str(el, name)?.toLowerCase();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  return undefined;
}

/** Lower-cased enumerated attribute (`delivery="Streaming"` → `streaming`). */
export function lowerStr(el: XmlElement | undefined, name: string): string | undefined {
  return str(el, name)?.toLowerCase();
}

/** Event names of VAST 2.0–4.2 §3.14.1, verification §3.17.4 and VMAP 1.0.1 break tracking. */
const KNOWN_EVENTS = [
  'creativeView',
  'start',
  'firstQuartile',
  'midpoint',
  'thirdQuartile',
  'complete',
  'mute',
  'unmute',
  'pause',
  'rewind',
  'resume',
  'fullscreen',
  'exitFullscreen',
  'expand',
  'collapse',
  'acceptInvitation',
  'acceptInvitationLinear',
  'closeLinear',
  'close',
  'skip',
  'progress',
  'playerExpand',
  'playerCollapse',
  'loaded',
  'timeSpentViewing',
  'otherAdInteraction',
  'adExpand',
  'adCollapse',
  'minimize',
  'overlayViewDuration',
  'interactiveStart',
  'notUsed',
  'verificationNotExecuted',
  'breakStart',
  'breakEnd',
  'error',
];
const CANONICAL_EVENT = new Map(KNOWN_EVENTS.map((e) => [e.toLowerCase(), e]));

/** The spec's spelling of an event name (`firstquartile` → `firstQuartile`); unknown kept. */
export function canonicalEvent(name: string): string {
  const trimmed = name.trim();
  return CANONICAL_EVENT.get(trimmed.toLowerCase()) ?? trimmed;
}

/** A mutable builder for `VastTrackingEvents` with a null prototype (see the type's doc). */
export function newTrackingEvents(): Record<string, VastTrackingUrl[]> {
  return Object.create(null) as Record<string, VastTrackingUrl[]>;
}

export function pushTracking(into: Record<string, VastTrackingUrl[]>, event: string, entry: VastTrackingUrl): void {
  const list = into[event];
  if (list) list.push(entry);
  else into[event] = [entry];
}

export interface TrackingProblems {
  readonly withoutEvent: number;
  readonly badProgressOffsets: readonly string[];
}

/**
 * `<TrackingEvents><Tracking event=… [offset=…]>` → URLs per event. `offset` is read only for
 * `progress` (VAST 4.2 §3.14.3: Linear only); other elements pass `withOffsets = false`.
 */
export function readTrackingEvents(trackingEvents: readonly XmlElement[], withOffsets: boolean): { events: VastTrackingEvents; problems: TrackingProblems } {
  const events = newTrackingEvents();
  let withoutEvent = 0;
  const badProgressOffsets: string[] = [];
  for (const container of trackingEvents) {
    for (const el of children(container, 'Tracking')) {
      const url = urlOf(el);
      if (url === undefined) continue;
      const rawEvent = str(el, 'event');
      if (rawEvent === undefined) {
        withoutEvent++;
        continue;
      }
      const event = canonicalEvent(rawEvent);
      const offsetRaw = withOffsets && event === 'progress' ? str(el, 'offset') : undefined;
      if (offsetRaw === undefined) {
        pushTracking(events, event, { url });
        continue;
      }
      const offset = parseVastOffset(offsetRaw);
      if (!offset) badProgressOffsets.push(offsetRaw);
      pushTracking(events, event, offset ? { url, offsetRaw, offset } : { url, offsetRaw });
    }
  }
  return { events, problems: { withoutEvent, badProgressOffsets } };
}

/** `<StaticResource>`, `<IFrameResource>`, `<HTMLResource>` children of a creative element. */
export function readResources(el: XmlElement | undefined): VastResources {
  const staticResources: { url: string; creativeType?: string }[] = [];
  for (const r of children(el, 'StaticResource')) {
    const url = urlOf(r);
    if (url === undefined) continue;
    const creativeType = str(r, 'creativeType');
    staticResources.push(creativeType === undefined ? { url } : { url, creativeType });
  }
  const htmlResources: string[] = [];
  for (const r of children(el, 'HTMLResource')) {
    const html = text(r);
    if (html !== undefined) htmlResources.push(html);
  }
  return { staticResources, iframeResources: urlList(el, 'IFrameResource'), htmlResources };
}

/** Copies only the defined properties, so optional fields stay absent (exactOptional-friendly). */
export function defined<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v;
  return out as T;
}
