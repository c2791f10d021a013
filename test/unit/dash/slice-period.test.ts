/**
 * slicePeriod details: where the sliced timing is written (only what differs from the level
 * above), SegmentBase, SegmentList, open r="-1" timelines, EventStream partition with exact
 * event times, and the rounding of a slice start that is not a whole tick.
 */
import { describe, expect, it } from 'vitest';
import { childElements, rational, serializeMpd, slicePeriod, sliceEventStream, eventOffset, type XElement } from '../../../src/core/dash/index.ts';
import { serializeNodes } from '../../../src/core/dash/xml.ts';
import { mustParse } from '../../helpers/dash-fixtures.ts';

const { rat } = rational;
const period = (inner: string, attrs = 'id="p" start="PT100S" duration="PT60S"'): XElement => {
  const m = mustParse(`<MPD type="static"><Period ${attrs}>${inner}</Period></MPD>`);
  const p = childElements(m.doc.root, 'Period')[0];
  if (!p) throw new Error('no period');
  return p;
};
const xml = (el: XElement): string => serializeNodes([el]);

describe('where sliced timing is written', () => {
  it('AdaptationSet-level timeline: written there, Representations untouched', () => {
    const p = period(
      '<AdaptationSet mimeType="video/mp4"><SegmentTemplate timescale="10" media="$Number$.m4s" startNumber="1"><SegmentTimeline><S t="0" d="20" r="29"/></SegmentTimeline></SegmentTemplate><Representation id="a" bandwidth="1"><SegmentTemplate media="a/$Number$.m4s"/></Representation><Representation id="b" bandwidth="2"/></AdaptationSet>',
    );
    const out = xml(slicePeriod(p, { id: 'p_PT20S', start: rat(120n), from: rat(20n), to: rat(30n) }).period);
    expect(out).toBe(
      '<Period id="p_PT20S" start="PT2M" duration="PT10S"><AdaptationSet mimeType="video/mp4"><SegmentTemplate timescale="10" media="$Number$.m4s" startNumber="11" presentationTimeOffset="200"><SegmentTimeline><S t="200" d="20" r="4"/></SegmentTimeline></SegmentTemplate><Representation id="a" bandwidth="1"><SegmentTemplate media="a/$Number$.m4s"/></Representation><Representation id="b" bandwidth="2"/></AdaptationSet></Period>',
    );
  });

  it('Period-level timescale and PTO, Representation-level timeline: PTO at Period level, numbering per Representation', () => {
    const p = period(
      '<SegmentTemplate timescale="1000" presentationTimeOffset="5000"/><AdaptationSet mimeType="video/mp4"><Representation id="a" bandwidth="1"><SegmentTemplate media="a/$Time$.m4s"><SegmentTimeline><S t="5000" d="4000" r="14"/></SegmentTimeline></SegmentTemplate></Representation></AdaptationSet>',
    );
    const out = xml(slicePeriod(p, { id: 'x', start: rat(110n), from: rat(10n) }).period);
    expect(out).toContain('<SegmentTemplate timescale="1000" presentationTimeOffset="15000"/>');
    expect(out).toContain(
      '<Representation id="a" bandwidth="1"><SegmentTemplate media="a/$Time$.m4s" startNumber="3"><SegmentTimeline><S t="13000" d="4000" r="12"/></SegmentTimeline></SegmentTemplate></Representation>',
    );
    expect(out).not.toContain('duration=');
  });

  it('SegmentBase: only the PTO moves; SegmentList: the kept SegmentURLs', () => {
    const base = xml(
      slicePeriod(
        period(
          '<AdaptationSet mimeType="video/mp4"><Representation id="a" bandwidth="1"><BaseURL>a.mp4</BaseURL><SegmentBase timescale="90000" indexRange="800-1999"><Initialization range="0-799"/></SegmentBase></Representation></AdaptationSet>',
        ),
        { id: 'x', start: rat(0n), from: rat(3n, 2n) },
      ).period,
    );
    expect(base).toContain('<SegmentBase timescale="90000" indexRange="800-1999" presentationTimeOffset="135000"><Initialization range="0-799"/></SegmentBase>');
    const list = xml(
      slicePeriod(
        period(
          '<AdaptationSet mimeType="video/mp4"><Representation id="a" bandwidth="1"><SegmentList timescale="1" duration="2"><Initialization sourceURL="i.mp4"/><SegmentURL media="0.m4s"/><SegmentURL media="1.m4s"/><SegmentURL media="2.m4s"/><SegmentURL media="3.m4s"/></SegmentList></Representation></AdaptationSet>',
        ),
        { id: 'x', start: rat(0n), from: rat(3n), to: rat(6n) },
      ).period,
    );
    // 3 s is off the 2 s grid: an explicit timeline from the segment holding it.
    expect(list).toContain(
      '<SegmentList timescale="1" presentationTimeOffset="3" startNumber="2"><Initialization sourceURL="i.mp4"/><SegmentTimeline><S t="2" d="2" r="1"/></SegmentTimeline><SegmentURL media="1.m4s"/><SegmentURL media="2.m4s"/></SegmentList>',
    );
  });

  it('an open r="-1" timeline stays open after the slice start', () => {
    const p = period(
      '<AdaptationSet mimeType="video/mp4"><SegmentTemplate timescale="90000" media="$Time$.m4s"><SegmentTimeline><S t="900000" d="180000" r="-1"/></SegmentTimeline></SegmentTemplate><Representation id="v" bandwidth="1"/></AdaptationSet>',
      'id="live" start="PT0S"',
    );
    const out = xml(slicePeriod(p, { id: 'live_PT1H', start: rat(3600n), from: rat(3600n) }).period);
    expect(out).toContain('presentationTimeOffset="324000000" startNumber="1796"><SegmentTimeline><S t="324000000" d="180000" r="-1"/>');
  });

  it('an S@r in the billions is sliced by arithmetic, exactly, without listing its segments (issue 9, fuzz)', () => {
    // Before, the timeline was expanded segment by segment up to a 200,000 cap (tens of ms per
    // slice per reload, seconds under load) and cut there: the open slice came out empty.
    const p = period(
      '<AdaptationSet mimeType="video/mp4"><SegmentTemplate timescale="10" media="$Number$.m4s" startNumber="1"><SegmentTimeline><S t="0" d="20" r="4294967296"/><S d="30" r="1"/></SegmentTimeline></SegmentTemplate><Representation id="a" bandwidth="1"/></AdaptationSet>',
      'id="p" start="PT0S"',
    );
    const open = xml(slicePeriod(p, { id: 'p_PT1000000S', start: rat(1_000_000n), from: rat(1_000_000n) }).period);
    const closed = xml(slicePeriod(p, { id: 'p_PT1S', start: rat(1n), from: rat(1n), to: rat(10n) }).period);
    // From 1,000,000 s: segment 500,000 of the run onwards, the rest of the run and the 30-tick pair.
    expect(open).toContain('startNumber="500001" presentationTimeOffset="10000000"><SegmentTimeline><S t="10000000" d="20" r="4294467296"/><S d="30" r="1"/></SegmentTimeline>');
    // [1 s, 10 s): segments 0 to 4 (the first overlaps the slice start).
    expect(closed).toContain('startNumber="1" presentationTimeOffset="10"><SegmentTimeline><S t="0" d="20" r="4"/></SegmentTimeline>');
  });

  it('a slice start that is not a whole tick rounds the PTO to the nearest tick (at most half a tick off)', () => {
    const p = period(
      '<AdaptationSet mimeType="video/mp4"><SegmentTemplate timescale="25" media="$Number$.m4s"><SegmentTimeline><S t="0" d="50" r="29"/></SegmentTimeline></SegmentTemplate><Representation id="v" bandwidth="1"/></AdaptationSet>',
    );
    expect(xml(slicePeriod(p, { id: 'x', start: rat(0n), from: rat(10_019n, 1000n) }).period)).toContain('presentationTimeOffset="250"');
    expect(xml(slicePeriod(p, { id: 'x', start: rat(0n), from: rat(10_021n, 1000n) }).period)).toContain('presentationTimeOffset="251"');
  });

  it('reports representations with no segment in the slice', () => {
    const p = period(
      '<AdaptationSet mimeType="video/mp4"><SegmentTemplate timescale="1" media="$Number$.m4s"><SegmentTimeline><S t="0" d="2" r="4"/></SegmentTimeline></SegmentTemplate><Representation id="v" bandwidth="1"/></AdaptationSet>',
    );
    expect(slicePeriod(p, { id: 'x', start: rat(0n), from: rat(20n), to: rat(30n) }).emptyRepresentations).toEqual(['v']);
  });
});

describe('EventStream partition', () => {
  const es = (): XElement => {
    const p = period(
      '<EventStream schemeIdUri="urn:example" timescale="1" presentationTimeOffset="100"><Event presentationTime="100" id="a"/><Event presentationTime="105" duration="3" id="b"/><Event presentationTime="120" id="c"/></EventStream><AdaptationSet mimeType="video/mp4"><Representation id="v" bandwidth="1"><BaseURL>v.mp4</BaseURL><SegmentBase/></Representation></AdaptationSet>',
    );
    const e = childElements(p, 'EventStream')[0];
    if (!e) throw new Error('no stream');
    return e;
  };
  it('keeps the events starting in the slice at their exact times, refining the timescale when needed', () => {
    const head = sliceEventStream(es(), { from: rat(0n), to: rat(5n) });
    expect(childElements(head, 'Event').map((e) => e.attrs.id)).toEqual(['a']);
    const tail = sliceEventStream(es(), { from: rat(5n, 2n) });
    expect(xml(tail)).toBe(
      '<EventStream schemeIdUri="urn:example" timescale="2" presentationTimeOffset="205"><Event presentationTime="210" duration="6" id="b"/><Event presentationTime="240" id="c"/></EventStream>',
    );
    // Each event is as far from the new period start as it was from the old one minus 2.5 s.
    expect(childElements(tail, 'Event').map((e) => eventOffset(tail, e))).toEqual([rat(5n, 2n), rat(35n, 2n)]);
  });

  it('a whole MPD with a sliced period still parses', () => {
    const m = mustParse(
      `<MPD type="static"><Period id="p" start="PT0S" duration="PT60S"><AdaptationSet mimeType="video/mp4"><Representation id="v" bandwidth="1"><BaseURL>v.mp4</BaseURL><SegmentBase/></Representation></AdaptationSet></Period></MPD>`,
    );
    const p = childElements(m.doc.root, 'Period')[0];
    if (!p) throw new Error('no period');
    const sliced = slicePeriod(p, { id: 'p_PT30S', start: rat(30n), from: rat(30n), to: rat(60n) }).period;
    expect(mustParse(serializeMpd({ ...m.doc, root: { ...m.doc.root, children: [sliced] } })).periods.map((x) => [x.id, x.startSec, x.durationSec])).toEqual([['p_PT30S', 30, 30]]);
  });
});
