/**
 * buildAdPeriod / buildSlatePeriods (the ad period mirrors the content's AdaptationSets) and the
 * MPD-level edits (Location, PatchLocation, publishTime, BaseURL, mediaPresentationDuration).
 */
import { describe, expect, it } from 'vitest';
import {
  absolutizeBaseUrls,
  adaptationKind,
  buildAdPeriod,
  buildSlatePeriods,
  childElements,
  keepPublishTimeMonotonic,
  rational,
  serializeMpd,
  setLocation,
  setMediaPresentationDuration,
  withoutPatchLocation,
  type DashCreative,
  type XElement,
} from '../../../src/core/dash/index.ts';
import { serializeNodes } from '../../../src/core/dash/xml.ts';
import { dashFixture, mustParse, wrapPeriods } from '../../helpers/dash-fixtures.ts';

const { rat } = rational;
const xml = (el: XElement): string => serializeNodes([el]);
const CREATIVE: DashCreative = {
  id: 'ad-10s',
  renditions: [
    {
      id: 'v0',
      kind: 'video',
      mimeType: 'video/mp4',
      codecs: 'avc1.42c00b',
      bandwidth: 80_000,
      width: 160,
      height: 90,
      frameRate: '10',
      timescale: 10_240,
      initialization: 'v0/init.mp4',
      segments: { kind: 'template', media: 'v0/seg$Number%03d$.m4s', startNumber: 0, segmentDurations: [20_480, 20_480, 20_480, 20_480, 20_480] },
    },
    {
      id: 'a0',
      kind: 'audio',
      lang: 'en',
      mimeType: 'audio/mp4',
      codecs: 'mp4a.40.2',
      bandwidth: 32_000,
      audioSamplingRate: 48_000,
      channels: 1,
      timescale: 48_000,
      initialization: 'a0/init.mp4',
      segments: { kind: 'template', media: 'a0/seg$Number%03d$.m4s', startNumber: 0, segmentDurations: [96_256, 96_256, 96_256, 95_232, 96_000] },
    },
  ],
};

describe('buildAdPeriod', () => {
  const content = childElements(mustParse(wrapPeriods(dashFixture('mediatailor/dash-manifest-splice-insert-example-02.xml'))).doc.root, 'Period')[0];

  it('mirrors the MediaTailor example content: one video set, one audio set per language with its lang', () => {
    if (!content) throw new Error('no period');
    const ad = buildAdPeriod({
      id: '46041_1',
      start: rat(173402036n, 1000n),
      duration: rat(10n),
      baseUrl: 'https://edge.example/v1/dashsegment/acct/cfg/s1/46041/46041_1/',
      creative: CREATIVE,
      content,
    });
    expect(ad.missing).toEqual([]);
    expect(ad.leftOut).toEqual([]);
    const sets = childElements(ad.period, 'AdaptationSet');
    expect(sets.map((s) => [s.attrs.contentType, s.attrs.lang])).toEqual([
      ['video', undefined],
      ['audio', 'eng'],
      ['audio', 'enm'],
      ['audio', 'por'],
      ['audio', 'spa'],
    ]);
    // The creative's English audio does not match "eng" by primary subtag, so every set gets all its audio; ids stay unique.
    const repIds = sets.flatMap((s) => childElements(s, 'Representation').map((r) => r.attrs.id));
    expect(repIds).toEqual(['v0', 'a0', 'a0_1', 'a0_2', 'a0_3']);
    const text = xml(ad.period);
    expect(text).toMatch(/^<Period id="46041_1" start="PT48H10M2.036S" duration="PT10S"><BaseURL>https:\/\/edge.example\/v1\/dashsegment\/acct\/cfg\/s1\/46041\/46041_1\/<\/BaseURL>/);
    expect(text).toContain(
      '<SegmentTemplate timescale="10240" initialization="v0/init.mp4" media="v0/seg$Number%03d$.m4s" startNumber="0"><SegmentTimeline><S t="0" d="20480" r="4"/></SegmentTimeline></SegmentTemplate>',
    );
    expect(text).toContain('<AudioChannelConfiguration schemeIdUri="urn:mpeg:dash:23003:3:audio_channel_configuration:2011" value="1"/>');
    // A valid MPD with the ad period parses and times as asked.
    const m = mustParse(wrapPeriods(text, 'static'));
    expect(m.periods.map((p) => [p.id, p.durationSec])).toEqual([['46041_1', 10]]);
  });

  const set = (attrs: string, inner = ''): string =>
    `<AdaptationSet ${attrs}>${inner}<Representation id="r${Math.abs(attrs.length)}" bandwidth="1"><BaseURL>x.mp4</BaseURL><SegmentBase/></Representation></AdaptationSet>`;
  const contentWith = (sets: string): XElement => {
    const p = childElements(mustParse(wrapPeriods(`<Period id="c" start="PT0S">${sets}</Period>`)).doc.root, 'Period')[0];
    if (!p) throw new Error('no period');
    return p;
  };

  it('copies Role, Accessibility and Label, keeps AdaptationSet ids, picks the audio in the set language', () => {
    const content = contentWith(
      set('id="7" contentType="video" mimeType="video/mp4"', '<Role schemeIdUri="urn:mpeg:dash:role:2011" value="main"/>') +
        set(
          'id="8" contentType="audio" mimeType="audio/mp4" lang="fr"',
          '<Role schemeIdUri="urn:mpeg:dash:role:2011" value="dub"/><Accessibility schemeIdUri="urn:tva:metadata:cs:AudioPurposeCS:2007" value="1"/><Label>Français</Label>',
        ),
    );
    const creative: DashCreative = { ...CREATIVE, renditions: [...CREATIVE.renditions, { ...CREATIVE.renditions[1]!, id: 'a-fr', lang: 'fr-CA' }] };
    const ad = buildAdPeriod({ id: 'x_1', start: rat(0n), duration: rat(10n), baseUrl: 'https://a.example/', creative, content });
    const text = xml(ad.period);
    expect(text).toContain('<AdaptationSet id="7" contentType="video" mimeType="video/mp4" segmentAlignment="true" startWithSAP="1"><Role schemeIdUri="urn:mpeg:dash:role:2011" value="main"/>');
    expect(text).toContain(
      '<AdaptationSet id="8" contentType="audio" mimeType="audio/mp4" lang="fr" segmentAlignment="true" startWithSAP="1"><Role schemeIdUri="urn:mpeg:dash:role:2011" value="dub"/><Accessibility schemeIdUri="urn:tva:metadata:cs:AudioPurposeCS:2007" value="1"/><Label>Français</Label><Representation id="a-fr"',
    );
    expect(text).not.toContain('id="a0"');
  });

  it('text: the creative has none → a blank WebVTT set when given, else left out (and said why); trick-mode and images left out', () => {
    const content = contentWith(
      set('contentType="video" mimeType="video/mp4"') +
        set('contentType="audio" mimeType="audio/mp4" lang="en"') +
        set('contentType="text" mimeType="application/mp4" codecs="stpp" lang="de"', '<Role schemeIdUri="urn:mpeg:dash:role:2011" value="subtitle"/>') +
        set('mimeType="video/mp4"', '<EssentialProperty schemeIdUri="http://dashif.org/guidelines/trickmode" value="1"/>') +
        set('contentType="image" mimeType="image/jpeg"'),
    );
    const kinds = childElements(content, 'AdaptationSet').map(adaptationKind);
    expect(kinds).toEqual(['video', 'audio', 'text', 'trickmode', 'image']);
    const noText = buildAdPeriod({ id: 'x_1', start: rat(0n), duration: rat(10n), baseUrl: 'https://a.example/', creative: CREATIVE, content });
    expect(childElements(noText.period, 'AdaptationSet').map((s) => s.attrs.contentType)).toEqual(['video', 'audio']);
    expect(noText.leftOut).toEqual([
      'AdaptationSet 3: the creative has no text in "de" and no blank text file was given',
      'AdaptationSet 4: trickmode set, not mirrored in ad periods',
      'AdaptationSet 5: image set, not mirrored in ad periods',
    ]);
    const blank = buildAdPeriod({
      id: 'x_1',
      start: rat(0n),
      duration: rat(10n),
      baseUrl: 'https://a.example/',
      creative: CREATIVE,
      content,
      blankTextUrl: 'https://edge.example/v1/webvtt/acct/blank.vtt',
    });
    expect(xml(blank.period)).toContain(
      '<AdaptationSet contentType="text" mimeType="text/vtt" lang="de"><Role schemeIdUri="urn:mpeg:dash:role:2011" value="subtitle"/><Representation id="blank-text" bandwidth="256"><BaseURL>https://edge.example/v1/webvtt/acct/blank.vtt</BaseURL></Representation></AdaptationSet>',
    );
  });

  it('a creative without audio for audio content is flagged missing (the caller must not use it)', () => {
    const content = contentWith(set('contentType="video" mimeType="video/mp4"') + set('contentType="audio" mimeType="audio/mp4"'));
    const videoOnly: DashCreative = { id: 'v', renditions: CREATIVE.renditions.filter((r) => r.kind === 'video') };
    expect(buildAdPeriod({ id: 'x_1', start: rat(0n), duration: rat(10n), baseUrl: 'https://a.example/', creative: videoOnly, content }).missing).toEqual(['audio']);
  });

  it('slate: one period per repeat of the slate, the last cut to the remainder, ids continue the ads', () => {
    const content = contentWith(set('contentType="video" mimeType="video/mp4"') + set('contentType="audio" mimeType="audio/mp4"'));
    const slate = buildSlatePeriods({ availId: 'b', firstN: 3, start: rat(100n), duration: rat(23n), slate: CREATIVE, slateDuration: rat(10n), baseUrl: 'https://a.example/slate/', content });
    expect(slate.map((s) => [s.period.attrs.id, s.period.attrs.start, s.period.attrs.duration])).toEqual([
      ['b_3', 'PT1M40S', 'PT10S'],
      ['b_4', 'PT1M50S', 'PT10S'],
      ['b_5', 'PT2M', 'PT3S'],
    ]);
    // The 3 s piece lists the two segments that start before 3 s.
    expect(xml(slate[2]?.period ?? content)).toContain('<S t="0" d="20480" r="1"/>');
  });
});

describe('MPD-level edits', () => {
  const live = mustParse(dashFixture('dashif-live-atoinf.mpd'));

  it('Location goes after ProgramInformation/BaseURL, replaces any existing one, or is removed', () => {
    const withLoc = setLocation(live.doc.root, 'https://edge.example/v1/dash/a/c/live.mpd?aws.sessionId=s1&x=1');
    const text = serializeMpd({ ...live.doc, root: withLoc });
    expect(text).toMatch(/<\/ProgramInformation><Location>https:\/\/edge.example\/v1\/dash\/a\/c\/live.mpd\?aws.sessionId=s1&amp;x=1<\/Location>/);
    const again = setLocation(setLocation(withLoc, 'https://edge.example/2'), 'https://edge.example/3');
    expect(childElements(again, 'Location').length).toBe(1);
    expect(childElements(setLocation(again, undefined), 'Location')).toEqual([]);
  });

  it('PatchLocation is removed', () => {
    const m = mustParse(
      `<MPD type="dynamic" availabilityStartTime="2026-01-01T00:00:00Z" publishTime="2026-01-01T00:00:10Z"><PatchLocation ttl="60">https://origin.example/patch.mpp</PatchLocation><Period id="p" start="PT0S"><AdaptationSet mimeType="video/mp4"><Representation id="v" bandwidth="1"><BaseURL>v.mp4</BaseURL><SegmentBase/></Representation></AdaptationSet></Period></MPD>`,
    );
    expect(serializeMpd({ ...m.doc, root: withoutPatchLocation(m.doc.root) })).not.toContain('PatchLocation');
  });

  it('publishTime never goes back', () => {
    const origin = live.doc.root; // publishTime 1970-01-01T00:00:00Z
    const later = keepPublishTimeMonotonic(origin, Date.UTC(2026, 0, 1, 0, 0, 5));
    expect(later.publishTimeMs).toBe(Date.UTC(2026, 0, 1, 0, 0, 5));
    expect(later.mpd.attrs.publishTime).toBe('2026-01-01T00:00:05Z');
    const same = keepPublishTimeMonotonic(origin, undefined);
    expect(same.mpd).toBe(origin);
    expect(same.publishTimeMs).toBe(0);
  });

  it('MPD-level BaseURLs become absolute against the origin MPD URL; one is added when there is none', () => {
    const added = absolutizeBaseUrls(live.doc.root, 'https://origin.example/live/ch1/manifest.mpd?token=a&b=c');
    expect(serializeMpd({ ...live.doc, root: added })).toMatch(/<\/ProgramInformation>\s*<BaseURL>https:\/\/origin.example\/live\/ch1\/<\/BaseURL>\s*<Period/);
    const rel = mustParse(
      `<MPD type="static"><BaseURL>../media/</BaseURL><BaseURL serviceLocation="b">https://cdn2.example/x/</BaseURL><Period id="p" start="PT0S"><AdaptationSet mimeType="video/mp4"><Representation id="v" bandwidth="1"><BaseURL>v.mp4</BaseURL><SegmentBase/></Representation></AdaptationSet></Period></MPD>`,
    );
    const text = serializeMpd({ ...rel.doc, root: absolutizeBaseUrls(rel.doc.root, 'https://origin.example/a/b/index.mpd') });
    expect(text).toContain('<BaseURL>https://origin.example/a/media/</BaseURL><BaseURL serviceLocation="b">https://cdn2.example/x/</BaseURL>');
    expect(absolutizeBaseUrls(rel.doc.root, 'not a url')).toBe(rel.doc.root);
  });

  it('mediaPresentationDuration is written to the nanosecond', () => {
    expect(setMediaPresentationDuration(live.doc.root, rat(1001n, 30n)).attrs.mediaPresentationDuration).toBe('PT33.366666667S');
  });
});
