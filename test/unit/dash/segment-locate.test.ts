/**
 * core/dash/segment-locate: a creative's segments by request path (templates with `$Number%0Nd$`
 * and `$Time$`, segment lists, initialization; nothing else matches) and back to the path; a
 * content period's segment starts, and an offset rounded down to one.
 */
import { describe, expect, it } from 'vitest';
import { creativeSegmentPath, floorToSegmentStart, locateCreativeSegment, periodSegmentStarts, rational, type CreativeFromMpd, type DashCreativeRendition } from '../../../src/core/dash/index.ts';
import { mustParse, wrapPeriods } from '../../helpers/dash-fixtures.ts';
import { childElements } from '../../../src/core/dash/index.ts';

const { rat, toSec } = rational;

function creative(...renditions: DashCreativeRendition[]): CreativeFromMpd {
  return { id: 'c', baseUrl: 'https://ads.example/c/', durationSec: 6, renditions, skipped: [] };
}
const base = { kind: 'video', mimeType: 'video/mp4', codecs: 'avc1', bandwidth: 1 } as const;

describe('locateCreativeSegment', () => {
  const c = creative(
    { ...base, id: 'v', timescale: 90_000, initialization: 'v/init.mp4', segments: { kind: 'template', media: 'v/seg$Number%05d$.m4s?sig=1', startNumber: 7, segmentDurations: [180_000, 180_000, 180_000] } },
    { ...base, id: 't', timescale: 1000, presentationTimeOffset: 500, segments: { kind: 'template', media: 't/$Time$.m4s', segmentDurations: [2000, 2000] } },
    { ...base, id: 'l', kind: 'audio', timescale: 1, initialization: 'a/i.mp4', segments: { kind: 'list', segments: [{ url: 'a/one.mp4', duration: 2 }, { url: 'a/two%20x.mp4', duration: 2 }] } },
  );

  it('finds init and media segments, ignoring the query, and writes them back from the creative', () => {
    const cases: [string, string, 'init' | number, string][] = [
      ['v/init.mp4', 'v', 'init', 'v/init.mp4'],
      ['v/seg00007.m4s', 'v', 0, 'v/seg00007.m4s?sig=1'],
      ['v/seg00009.m4s?x=1', 'v', 2, 'v/seg00009.m4s?sig=1'],
      ['t/2500.m4s', 't', 1, 't/2500.m4s'],
      ['a/one.mp4', 'l', 0, 'a/one.mp4'],
      ['a/two%20x.mp4', 'l', 1, 'a/two%20x.mp4'],
      ['a/i.mp4', 'l', 'init', 'a/i.mp4'],
    ];
    for (const [path, id, segment, back] of cases) {
      const ref = locateCreativeSegment(c, path);
      expect([ref?.rendition.id, ref?.segment], path).toEqual([id, segment]);
      if (ref) expect(creativeSegmentPath(ref)).toBe(back);
    }
  });

  it('nothing the creative does not address', () => {
    for (const path of ['v/seg00006.m4s', 'v/seg00010.m4s', 'v/seg7.m4s.js', 't/2400.m4s', 'x/../v/init.mp4', '../v/init.mp4', 'a/three.mp4', '', 'v/seg00007.m4s/..']) {
      expect(locateCreativeSegment(c, path), path).toBeUndefined();
    }
  });
});

describe('periodSegmentStarts', () => {
  it('timeline and @duration templates; an offset rounds down to a segment start', () => {
    const mpd = mustParse(wrapPeriods(`<Period id="a" start="PT0S" duration="PT10S"><AdaptationSet contentType="video" mimeType="video/mp4"><SegmentTemplate timescale="30000" presentationTimeOffset="30000" media="$Number$.m4s"><SegmentTimeline><S t="30000" d="120120" r="1"/><S d="60060"/></SegmentTimeline></SegmentTemplate><Representation id="v" bandwidth="1"/></AdaptationSet></Period>
<Period id="b" start="PT10S" duration="PT7S"><AdaptationSet contentType="video" mimeType="video/mp4"><Representation id="v" bandwidth="1"><SegmentTemplate timescale="10" duration="20" media="$Number$.m4s"/></Representation></AdaptationSet></Period>`, 'static'));
    const [a, b] = childElements(mpd.doc.root, 'Period');
    if (!a || !b) throw new Error('periods');
    const sa = periodSegmentStarts(a, rat(10n));
    expect(sa.map(toSec)).toEqual([0, 4.004, 8.008]);
    expect(toSec(floorToSegmentStart(sa, rat(8n)))).toBe(4.004);
    expect(toSec(floorToSegmentStart(sa, rat(9n)))).toBe(8.008);
    expect(periodSegmentStarts(b, rat(7n)).map(toSec)).toEqual([0, 2, 4, 6]);
    expect(toSec(floorToSegmentStart([], rat(3n)))).toBe(3);
  });
});
