/**
 * @module core/dash/period-events
 * Period-level EventStreams written by the stitcher's callers (ISO/IEC 23009-1 §5.10.2): one
 * `EventStream` with one `Event` added to each named Period, e.g. the ad ID signal of an ad period
 * (core/session/dash-ad-signals). The stream goes where the MPD schema puts EventStreams: after
 * the Period's BaseURL and segment information, before its AdaptationSets. The Event's body is
 * CDATA (players hand it to the page as the event's message data). Pure.
 */
import { attr, element, localName, prefixOf, withChildren, type XElement, type XNode } from './xml.ts';

export interface PeriodEvent {
  readonly schemeIdUri: string;
  readonly timescale: number;
  /** Event start on the period timeline (ticks); also the stream's `@presentationTimeOffset`, so it starts with the period. */
  readonly presentationTime: number;
  readonly duration: number;
  readonly id: number;
  /** Text of the Event (CDATA). */
  readonly message: string;
}

/** Elements that precede EventStream in a Period (ISO/IEC 23009-1 Table 4). */
const BEFORE = new Set(['BaseURL', 'SegmentBase', 'SegmentList', 'SegmentTemplate', 'AssetIdentifier', 'EventStream']);

/** The MPD with `events` (by Period@id) added; periods not named are unchanged. */
export function withPeriodEvents(root: XElement, events: ReadonlyMap<string, PeriodEvent>): XElement {
  if (events.size === 0) return root;
  return withChildren(root, root.children.map((c): XNode => {
    if (c.kind !== 'element' || localName(c.name) !== 'Period') return c;
    const e = events.get(attr(c, 'id') ?? '');
    return e ? withEventStream(c, e) : c;
  }));
}

function withEventStream(period: XElement, e: PeriodEvent): XElement {
  const p = prefixOf(period.name);
  // A `]]>` in the text ends one CDATA section and starts another (XML 1.0 §2.7).
  const body: XNode = { kind: 'cdata', text: e.message.replaceAll(']]>', ']]]]><![CDATA[>') };
  const stream = element(`${p}EventStream`, { schemeIdUri: e.schemeIdUri, timescale: e.timescale, presentationTimeOffset: e.presentationTime || undefined }, [
    element(`${p}Event`, { presentationTime: e.presentationTime, duration: e.duration, id: e.id }, [body]),
  ]);
  const at = period.children.findIndex((c) => c.kind === 'element' && !BEFORE.has(localName(c.name)));
  const children = [...period.children];
  children.splice(at < 0 ? children.length : at, 0, stream);
  return withChildren(period, children);
}
