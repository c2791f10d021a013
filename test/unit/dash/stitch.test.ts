/**
 * stitchBreaks with slicePeriod and buildAdPeriod: MediaTailor's VOD example replayed (its origin
 * MPD and VMAP offsets 0 and 25 s, snapped to the segment boundary at 24.024 s, as MediaTailor's
 * output shows) and compared for meaning with MediaTailor's personalized MPD through mpd-parser;
 * a live single-period break replaced by ads and slate.
 */
import { describe, expect, it } from 'vitest';
import { buildAdPeriod, buildSlatePeriods, childElements, detectDashBreaks, rational, serializeMpd, stitchBreaks, type DashCreative, type InsertedPeriod } from '../../../src/core/dash/index.ts';
import { encodeSpliceInsert } from '../../../src/core/scte35/index.ts';
import { dashFixture, mustParse, wrapPeriods } from '../../helpers/dash-fixtures.ts';
import { mpdMeaning, segmentTimes } from '../../helpers/mpd-meaning.ts';

const { rat, add } = rational;
const ORIGIN_BASE = 'https://10380e91fda5e303.mediapackage.us-west-2.amazonaws.com/out/v1/5f6a2197815e444a967f0c12f8325a11/';

describe('MediaTailor VOD example (dash-manifest-vod-01 → -02)', () => {
  const origin = wrapPeriods(dashFixture('mediatailor/dash-manifest-vod-01.xml'), 'static', ' mediaPresentationDuration="PT48.047S"').replace(
    '>\n<Period',
    `>\n<BaseURL>${ORIGIN_BASE}</BaseURL>\n<Period`,
  );
  const expected = dashFixture('mediatailor/dash-manifest-vod-02.mpd');
  const adPeriods = childElements(mustParse(expected).doc.root, 'Period').filter((p) => /_PT(0|25)S_\d$/.test(p.attrs.id ?? ''));
  const inserted = (ids: string[]): InsertedPeriod[] => adPeriods.filter((p) => ids.includes(p.attrs.id ?? '')).map((period) => ({ period, duration: rat(14976n, 1000n) }));

  const out = stitchBreaks(mustParse(origin), [
    { periodIndex: 0, offset: rat(0n), mode: 'insert', periods: inserted(['8778696_PT0S_0', '8778696_PT0S_1']) },
    { periodIndex: 0, offset: rat(24024n, 1000n), mode: 'insert', periods: inserted(['8778696_PT25S_0', '8778696_PT25S_1']) },
  ]);
  const text = serializeMpd(out.doc);

  it('plays every segment, content and ad, at the time MediaTailor plays it', () => {
    expect(out.diagnostics).toEqual([]);
    const ours = segmentTimes(mpdMeaning(text));
    const theirs = segmentTimes(mpdMeaning(expected));
    expect([...ours.keys()].sort()).toEqual([...theirs.keys()].sort());
    for (const [url, times] of theirs) expect({ url, times: ours.get(url) }).toEqual({ url, times });
  });

  it('has the same period boundaries, with content slice ids from the original period and offset', () => {
    const periods = mustParse(text).periods.map((p) => [p.id, p.startSec, p.durationSec]);
    const mt = mustParse(expected).periods.map((p) => [p.startSec, p.durationSec]);
    expect(periods.map(([, s, d]) => [s, d])).toEqual(mt);
    expect(periods.map(([id]) => id)).toEqual(['8778696_PT0S_0', '8778696_PT0S_1', '8778696', '8778696_PT25S_0', '8778696_PT25S_1', '8778696_PT24.024S', '8778704']);
    expect(text).toContain('mediaPresentationDuration="PT1M47.951S"');
  });

  it('keeps the content timing exact: PTO, startNumber and timeline of the tail as MediaTailor writes them', () => {
    expect(text).toContain('startNumber="8778704" presentationTimeOffset="1317998268003"');
    expect(text).toContain('startNumber="8778704" presentationTimeOffset="2108797229061"');
    expect(text).toMatch(/<SegmentTimeline><S t="1317998268003" d="156156"\/><\/SegmentTimeline>/);
  });
});

const VIDEO_TS = 90_000;
const creative = (id: string, seconds: number, langs: readonly string[] = ['en']): DashCreative => ({
  id,
  renditions: [
    {
      id: 'v0',
      kind: 'video',
      mimeType: 'video/mp4',
      codecs: 'avc1.42c00b',
      bandwidth: 100_000,
      width: 160,
      height: 90,
      frameRate: '10',
      timescale: VIDEO_TS,
      initialization: 'v0/init.mp4',
      segments: { kind: 'template', media: 'v0/seg$Number%03d$.m4s', startNumber: 0, segmentDurations: Array.from({ length: seconds / 2 }, () => 2 * VIDEO_TS) },
    },
    {
      id: 'v1',
      kind: 'video',
      mimeType: 'video/mp4',
      codecs: 'avc1.42c00d',
      bandwidth: 200_000,
      width: 320,
      height: 180,
      frameRate: '10',
      timescale: VIDEO_TS,
      initialization: 'v1/init.mp4',
      segments: { kind: 'template', media: 'v1/seg$Number%03d$.m4s', startNumber: 0, segmentDurations: Array.from({ length: seconds / 2 }, () => 2 * VIDEO_TS) },
    },
    ...langs.map((lang) => ({
      id: `a-${lang}`,
      kind: 'audio' as const,
      lang,
      mimeType: 'audio/mp4',
      codecs: 'mp4a.40.2',
      bandwidth: 32_000,
      audioSamplingRate: 48_000,
      channels: 1,
      timescale: 48_000,
      initialization: `a-${lang}/init.mp4`,
      segments: { kind: 'list' as const, segments: Array.from({ length: seconds / 2 }, (_, i) => ({ url: `a-${lang}/seg${i}.m4s`, duration: 96_000 })) },
    })),
  ],
});

describe('live single-period break replaced by ads and slate', () => {
  const sig = encodeSpliceInsert({ spliceEventId: 77, outOfNetworkIndicator: true, ptsTime90k: 0, breakDuration: { autoReturn: true, duration90k: 30 * 90_000 } });
  const origin = wrapPeriods(
    `<Period id="live" start="PT0S">
  <EventStream schemeIdUri="urn:scte:scte35:2014:xml+bin" timescale="90000"><Event presentationTime="1800000" id="5"><scte35:Signal><scte35:Binary>${sig.ok ? sig.value.base64 : ''}</scte35:Binary></scte35:Signal></Event></EventStream>
  <AdaptationSet id="1" contentType="video" mimeType="video/mp4" segmentAlignment="true" startWithSAP="1"><Role schemeIdUri="urn:mpeg:dash:role:2011" value="main"/>
    <SegmentTemplate timescale="90000" media="video/$Time$.m4s" initialization="video/init.mp4"><SegmentTimeline><S t="0" d="180000" r="-1"/></SegmentTimeline></SegmentTemplate>
    <Representation id="v" bandwidth="500000" codecs="avc1.42c01e" width="640" height="360"/></AdaptationSet>
  <AdaptationSet id="2" contentType="audio" mimeType="audio/mp4" lang="en"><Role schemeIdUri="urn:mpeg:dash:role:2011" value="main"/>
    <SegmentTemplate timescale="48000" media="audio/$Number$.m4s" initialization="audio/init.mp4" duration="96256" startNumber="1"/>
    <Representation id="a" bandwidth="64000" codecs="mp4a.40.2"/></AdaptationSet>
</Period>`,
    'dynamic',
  );
  const parsed = mustParse(origin);
  const [brk] = detectDashBreaks(parsed, 'SINGLE_PERIOD').breaks;
  const content = childElements(parsed.doc.root, 'Period')[0];

  it('detects the break and fills it exactly: two ads, then slate for the rest', () => {
    expect(brk && content).toBeTruthy();
    if (!brk || !content || !brk.duration) return;
    expect([brk.id, brk.startSec, brk.durationSec]).toEqual(['live_5', 20, 30]);
    const ads = [creative('ad-10s', 10), creative('ad-14s', 14)].map((c, i) => {
      const a = buildAdPeriod({
        id: `${brk.id}_${i + 1}`,
        start: rat(0n),
        duration: rat(BigInt(c.id === 'ad-10s' ? 10 : 14)),
        baseUrl: `https://edge.example/v1/dashsegment/s/${c.id}/`,
        creative: c,
        content,
      });
      expect(a.missing).toEqual([]);
      return { period: a.period, duration: rat(BigInt(c.id === 'ad-10s' ? 10 : 14)) };
    });
    const slate = buildSlatePeriods({
      availId: brk.id,
      firstN: 3,
      start: rat(0n),
      duration: rat(6n),
      slate: creative('slate', 4),
      slateDuration: rat(4n),
      baseUrl: 'https://edge.example/slate/',
      content,
    });
    expect(slate.map((s) => s.period.attrs.id)).toEqual(['live_5_3', 'live_5_4']);
    const out = stitchBreaks(parsed, [
      { periodIndex: 0, offset: brk.offset, mode: 'replace', replaceDuration: brk.duration, periods: [...ads, ...slate.map((s, i) => ({ period: s.period, duration: rat(i === 0 ? 4n : 2n) }))] },
    ]);
    expect(out.diagnostics).toEqual([]);
    const text = serializeMpd(out.doc);
    const m = mustParse(text);
    expect(m.periods.map((p) => [p.id, p.startSec, p.durationSec])).toEqual([
      ['live', 0, 20],
      ['live_5_1', 20, 10],
      ['live_5_2', 30, 14],
      ['live_5_3', 44, 4],
      ['live_5_4', 48, 2],
      ['live_PT50S', 50, undefined],
    ]);
    expect(text).not.toContain('urn:scte:scte35');
    // Content outside the break: the same media at the same MPD times as in the origin. Read as
    // static MPDs of 80 s (mpd-parser's live mode ignores period ends of @duration templates;
    // the segment arithmetic is the same for both types).
    const asStatic = (mpd: string): string => mpd.replace(/type="dynamic"[^>]*>/, 'type="static" mediaPresentationDuration="PT80S">');
    const before = segmentTimes(mpdMeaning(asStatic(origin)));
    const after = segmentTimes(mpdMeaning(asStatic(text)));
    expect(before.size).toBe(80);
    for (const [url, times] of before) {
      const t = times[0] ?? 0;
      if (t + 2.01 <= 20 || t >= 50) expect({ url, at: after.get(url)?.[0] }).toEqual({ url, at: t });
      if (t >= 20.01 && t + 2.01 <= 50) expect({ url, times: after.get(url) }).toEqual({ url, times: undefined });
    }
    expect(after.get('https://edge.example/v1/dashsegment/s/ad-14s/v1/seg000.m4s')).toEqual([30]);
    expect(after.get('https://edge.example/slate/a-en/seg0.m4s')).toEqual([44, 48]);
    // The last slate period is 2 s: its timeline stops there.
    expect(after.get('https://edge.example/slate/v0/seg001.m4s')).toEqual([46]);
    // The audio @duration template (96256 ticks) is off the grid at 50 s: an explicit open timeline.
    expect(text).toMatch(
      /<SegmentTemplate timescale="48000" media="audio\/\$Number\$.m4s" initialization="audio\/init.mp4" startNumber="25" presentationTimeOffset="2400000"><SegmentTimeline><S t="2310144" d="96256" r="-1"\/><\/SegmentTimeline><\/SegmentTemplate>/,
    );
    expect(add(brk.offset, brk.duration)).toEqual(rat(50n));
  });
});
