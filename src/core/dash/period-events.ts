/**
 * @module core/dash/period-events
 * Period-level EventStreams written by the stitcher's callers (ISO/IEC 23009-1 §5.10.2): one
 * `EventStream` with one `Event` added to each named Period, e.g. the ad ID signal of an ad period
 * (core/session/dash-ad-signals). The stream goes where the MPD schema puts EventStreams: after
 * the Period's BaseURL and segment information, before its AdaptationSets. The Event's body is
 * text, not CDATA: dash.js 5 hands the page an in-MPD Event's text as its message data but drops a
 * CDATA section (its XML reader files it apart from the text), and XML readers that keep CDATA
 * read text the same. Pure.
 */
import { attr, element, localName, prefixOf, textNode, withChildren, type XElement, type XNode } from './xml.ts';

export interface PeriodEvent {
  readonly schemeIdUri: string;
  readonly timescale: number;
  /** Event start on the period timeline (ticks); also the stream's `@presentationTimeOffset`, so it starts with the period. */
  readonly presentationTime: number;
  readonly duration: number;
  readonly id: number;
  /** Text of the Event (escaped here). */
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
  const stream = element(`${p}EventStream`, { schemeIdUri: e.schemeIdUri, timescale: e.timescale, presentationTimeOffset: e.presentationTime || undefined }, [
    element(`${p}Event`, { presentationTime: e.presentationTime, duration: e.duration, id: e.id }, [textNode(e.message)]),
  ]);
  const at = period.children.findIndex((c) => c.kind === 'element' && !BEFORE.has(localName(c.name)));
  const children = [...period.children];
  children.splice(at < 0 ? children.length : at, 0, stream);
  return withChildren(period, children);
}
