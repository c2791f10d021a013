/**
 * readCreativeMpd: a DASH creative's MPD into the creative model. The demo's creative MPDs read
 * back to their catalog entries; MediaTailor's ad period example (ten video, four audio
 * renditions, `$Number%09d$`) reads with its base URL; unusable MPDs give reasons.
 */
import { describe, expect, it } from 'vitest';
import { readCreativeMpd } from '../../../src/core/dash/index.ts';
import { dashCatalog } from '../../../demo/dash-catalog.ts';
import { dashCreativeMpd } from '../../../demo/dash-origin.ts';
import { dashFixture, mustParse, wrapPeriods } from '../../helpers/dash-fixtures.ts';

describe('readCreativeMpd', () => {
  it('reads the demo creative MPDs back to their catalog renditions', () => {
    const c = dashCatalog();
    for (const item of [...c.ads, c.slate]) {
      const url = `http://127.0.0.1:8787/demo/media/${item.dir}/manifest.mpd`;
      const r = readCreativeMpd(mustParse(dashCreativeMpd(item)), url, item.key);
      if (!r.ok) throw new Error(r.error);
      expect(r.value.baseUrl).toBe(`http://127.0.0.1:8787/demo/media/${item.dir}/`);
      expect(r.value.durationSec).toBe(item.durationSec);
      expect(r.value.skipped).toEqual([]);
      // The MPD uses $RepresentationID$ templates: substituted back to the catalog's paths.
      expect(r.value.renditions).toEqual(item.renditions);
    }
  });

  it("reads MediaTailor's ad period example", () => {
    const text = wrapPeriods(dashFixture('mediatailor/dash-manifest-splice-insert-example-02.xml').replace('start="PT48H10M2.036S"', 'start="PT0S" duration="PT24S"'), 'static');
    const r = readCreativeMpd(mustParse(text), 'https://ads.example/creatives/x/manifest.mpd', 'x');
    if (!r.ok) throw new Error(r.error);
    expect(r.value.baseUrl).toBe('http://cdnlocation.net/EXAMPLE_PRODUCT/');
    expect(r.value.renditions.map((x) => x.kind).join(',')).toBe(`${'video,'.repeat(10)}audio,audio,audio,audio`);
    const first = r.value.renditions[0];
    expect(first).toMatchObject({ id: '1', codecs: 'avc1.640028', bandwidth: 10_000_000, width: 1920, height: 1080, timescale: 90_000, initialization: 'EXAMPLE_PRODUCT_1080p_10init.mp4' });
    expect(first?.segments).toEqual({ kind: 'template', media: 'EXAMPLE_PRODUCT_1080p_10_$Number%09d$.mp4', startNumber: 1, segmentDurations: Array.from({ length: 12 }, () => 180_000) });
    expect(r.value.renditions.filter((x) => x.kind === 'audio').map((x) => x.lang)).toEqual(['eng', 'enm', 'por', 'spa']);
    expect(r.value.durationSec).toBe(24);
  });

  it('SegmentList with AdaptationSet BaseURL, @duration templates; SegmentBase and empty MPDs are refused with reasons', () => {
    const text = `<MPD type="static" mediaPresentationDuration="PT6S"><BaseURL>https://cdn.example/ad/</BaseURL><Period id="a" start="PT0S">
      <AdaptationSet mimeType="video/mp4" codecs="avc1.42c01e"><BaseURL>video/</BaseURL><Representation id="v" bandwidth="1000" width="640" height="360"><SegmentList timescale="1000" duration="2000"><Initialization sourceURL="init.mp4"/><SegmentURL media="a.m4s"/><SegmentURL media="b.m4s"/><SegmentURL media="c.m4s"/></SegmentList></Representation></AdaptationSet>
      <AdaptationSet mimeType="audio/mp4" lang="de"><SegmentTemplate timescale="48000" duration="96000" media="$RepresentationID$_$Bandwidth$_$Number$.m4s" initialization="$RepresentationID$.mp4"/><Representation id="aud" bandwidth="64000" codecs="mp4a.40.2"><AudioChannelConfiguration schemeIdUri="urn:mpeg:dash:23003:3:audio_channel_configuration:2011" value="2"/></Representation></AdaptationSet>
      <AdaptationSet mimeType="audio/mp4" lang="fr"><Representation id="od" bandwidth="1"><BaseURL>od.mp4</BaseURL><SegmentBase indexRange="0-99"/></Representation></AdaptationSet>
    </Period></MPD>`;
    const r = readCreativeMpd(mustParse(text), 'https://vast.example/x.mpd', 'x');
    if (!r.ok) throw new Error(r.error);
    expect(r.value.baseUrl).toBe('https://cdn.example/ad/');
    expect(r.value.renditions[0]?.segments).toEqual({
      kind: 'list',
      segments: [
        { url: 'video/a.m4s', duration: 2000 },
        { url: 'video/b.m4s', duration: 2000 },
        { url: 'video/c.m4s', duration: 2000 },
      ],
    });
    expect(r.value.renditions[0]?.initialization).toBe('video/init.mp4');
    expect(r.value.renditions[1]).toMatchObject({
      lang: 'de',
      channels: 2,
      initialization: 'aud.mp4',
      segments: { kind: 'template', media: 'aud_64000_$Number$.m4s', startNumber: 1, segmentDurations: [96000, 96000, 96000] },
    });
    expect(r.value.skipped).toEqual(['od: SegmentBase (single indexed file) is not supported']);
    const none = readCreativeMpd(
      mustParse(text.replace(/<AdaptationSet mimeType="(video|audio)\/mp4"( codecs="avc1.42c01e")?( lang="de")?>.*?<\/AdaptationSet>/gs, '')),
      'https://vast.example/x.mpd',
      'x',
    );
    expect(none.ok ? undefined : none.error).toBe('creative MPD has no usable representation (od: SegmentBase (single indexed file) is not supported)');
    expect(readCreativeMpd(mustParse(text), 'relative/x.mpd', 'x').ok).toBe(false);
  });
});
