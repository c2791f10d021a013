import { describe, expect, it } from 'vitest';
import { creativeFromPlaylists, creativeFromStoreManifest, matchRendition, type CreativeMedia } from '../../../src/core/creatives/creative-media.ts';

const vod = (n: number, d = 2): string => `#EXTM3U\n#EXT-X-TARGETDURATION:${d}\n#EXT-X-PLAYLIST-TYPE:VOD\n${Array.from({ length: n }, (_, i) => `#EXTINF:${d}.000,\nseg${i}.ts`).join('\n')}\n#EXT-X-ENDLIST\n`;

const creative: CreativeMedia = {
  creativeKey: 'c', source: 'streaming', sourceUrl: 'https://ads.example/c/index.m3u8', refDurationsSec: [2, 2], durationSec: 4,
  renditions: [
    { kind: 'video', bandwidth: 3_000_000, width: 1280, height: 720, segments: [] },
    { kind: 'video', bandwidth: 800_000, width: 640, height: 360, segments: [] },
    { kind: 'video', bandwidth: 300_000, width: 320, height: 180, segments: [] },
    { kind: 'audio', bandwidth: 64_000, segments: [] },
  ],
};

describe('matchRendition (DESIGN §5 variant matching)', () => {
  it('picks the highest bandwidth not above the content variant', () => {
    expect(matchRendition(creative, { kind: 'video', bandwidth: 1_000_000, width: 960, height: 540 }).height).toBe(360);
    expect(matchRendition(creative, { kind: 'video', bandwidth: 5_000_000, width: 1920, height: 1080 }).height).toBe(720);
  });
  it('never upscales when a smaller rendition exists, and falls back to the lowest', () => {
    expect(matchRendition(creative, { kind: 'video', bandwidth: 5_000_000, width: 640, height: 360 }).height).toBe(360);
    expect(matchRendition(creative, { kind: 'video', bandwidth: 100_000, width: 160, height: 90 }).height).toBe(180);
  });
  it('gives audio renditions the audio-only rendition', () => {
    expect(matchRendition(creative, { kind: 'audio' }).kind).toBe('audio');
  });
});

describe('creative media', () => {
  it('reads aligned renditions and refuses misaligned ones', () => {
    const ok = creativeFromPlaylists('k', 'https://a.example/m.m3u8', [
      { kind: 'video', url: 'https://a.example/v0/i.m3u8', bandwidth: 1, text: vod(5) },
      { kind: 'video', url: 'https://a.example/v1/i.m3u8', bandwidth: 2, text: vod(5) },
    ]);
    expect(ok.ok && ok.value.refDurationsSec).toEqual([2, 2, 2, 2, 2]);
    expect(ok.ok && ok.value.renditions[0]?.segments[0]?.uri).toBe('https://a.example/v0/seg0.ts');
    const bad = creativeFromPlaylists('k', 'u', [
      { kind: 'video', url: 'https://a.example/v0/i.m3u8', bandwidth: 1, text: vod(5) },
      { kind: 'video', url: 'https://a.example/v1/i.m3u8', bandwidth: 2, text: vod(4) },
    ]);
    expect(bad).toMatchObject({ ok: false, error: { reason: 'NO_VARIANT_MATCH' } });
    expect(creativeFromPlaylists('k', 'u', [{ kind: 'video', url: 'https://a.example/x.m3u8', bandwidth: 1, text: '#EXTM3U\n#EXTINF:2,\ns.ts\n' }])).toMatchObject({ ok: false, error: { reason: 'MEDIA_FILE_UNAVAILABLE' } });
  });
  it('builds store segment URLs from creative.json and ignores unsafe paths', () => {
    const json = JSON.stringify({ renditions: [
      { path: 'v0/index.m3u8', kind: 'video', bandwidth: 100, width: 160, height: 90, segmentDurationsSec: [2, 2] },
      { path: '../evil/index.m3u8', kind: 'video', bandwidth: 100, segmentDurationsSec: [2, 2] },
    ] });
    const r = creativeFromStoreManifest('s-k', 'id/k', json, 'https://cdn.example/creatives/id/k');
    expect(r.ok && r.value.renditions.map((x) => x.segments[1]?.uri)).toEqual(['https://cdn.example/creatives/id/k/v0/seg001.ts']);
    expect(creativeFromStoreManifest('s', 'k', 'not json', 'b').ok).toBe(false);
  });
  it('reads fMP4 renditions (segment extension, init segment as EXT-X-MAP) and refuses unknown extensions', () => {
    const json = JSON.stringify({ renditions: [
      { path: 'j1/v0/index.m3u8', kind: 'video', bandwidth: 100, width: 160, height: 90, segmentDurationsSec: [2, 2], segmentExt: 'm4s', initPath: 'j1/v0/init.mp4' },
      { path: 'j1/v1/index.m3u8', kind: 'video', bandwidth: 200, segmentDurationsSec: [2, 2], segmentExt: 'exe' },
      { path: 'j1/v2/index.m3u8', kind: 'video', bandwidth: 300, segmentDurationsSec: [2, 2], segmentExt: 'm4s', initPath: '../init.mp4' },
    ] });
    const r = creativeFromStoreManifest('s-k', 'url/k', json, 'https://e.example/v1/creative/url/k/');
    expect(r.ok && r.value.renditions.map((x) => [x.mapUri, x.segments[1]?.uri])).toEqual([
      ['https://e.example/v1/creative/url/k/j1/v0/init.mp4', 'https://e.example/v1/creative/url/k/j1/v0/seg001.m4s'],
    ]);
  });
});

describe('zero and near-zero segment durations (issue 9 item 5)', () => {
  const playlist = (durations: (number | string)[]): string =>
    `#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-PLAYLIST-TYPE:VOD\n${durations.map((d, i) => `#EXTINF:${d},\nseg${i}.ts`).join('\n')}\n#EXT-X-ENDLIST\n`;
  const build = (durations: (number | string)[]) =>
    creativeFromPlaylists('k', 'https://a.example/slate.m3u8', [{ kind: 'video', url: 'https://a.example/slate.m3u8', bandwidth: 1, text: playlist(durations) }]);

  it.each([
    [[0], /segment 0 lasts 0 s: segments must last at least 0\.25 s/],
    [[0, 0, 0], /segment 0 lasts 0 s/],
    [[2, 0.001, 2], /segment 1 lasts 0\.001 s/],
    [[0.1, 0.1], /segment 0 lasts 0\.1 s/],
    [[2, 0], /segment 1 lasts 0 s: the last segment must last more than 0 s/],
    [['abc'], /segment 0 lasts 0 s/],
    [['-5'], /segment 0 lasts 0 s/],
    [['1e13'], /segment 0 lasts 10000000000000 s: segments must last at most 3600 s/],
    [['1e400'], /segment 0 lasts 0 s/],
  ])('%j is refused as MEDIA_FILE_UNAVAILABLE with a message naming the segment', (durations, message) => {
    const r = build(durations);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.reason).toBe('MEDIA_FILE_UNAVAILABLE');
    expect(r.error.message).toMatch(/^creative playlist https:\/\/a\.example\/slate\.m3u8: /);
    expect(r.error.message).toMatch(message);
  });

  it.each([[[2, 2, 2]], [[6, 6, 0.04]], [[0.25]], [[0.3, 0.01]], [[3600]]])('%j is accepted (a short last segment is a packager tail)', (durations) => {
    expect(build(durations)).toMatchObject({ ok: true, value: { refDurationsSec: durations } });
  });

  it('a multivariant creative with one bad rendition is refused', () => {
    const r = creativeFromPlaylists('k', 'u', [
      { kind: 'video', url: 'https://a.example/v0.m3u8', bandwidth: 1, text: playlist([2, 2]) },
      { kind: 'video', url: 'https://a.example/v1.m3u8', bandwidth: 2, text: playlist([2, 0]) },
    ]);
    expect(r).toMatchObject({ ok: false, error: { reason: 'MEDIA_FILE_UNAVAILABLE', message: expect.stringContaining('v1.m3u8: segment 1 lasts 0 s') } });
  });

  it('creative.json with a zero, null or tiny duration is refused rather than renumbered', () => {
    for (const bad of [[2, 0, 2], [2, null, 2], [0.01, 2]]) {
      const json = JSON.stringify({ renditions: [{ path: 'v0/index.m3u8', kind: 'video', bandwidth: 100, segmentDurationsSec: bad }] });
      const r = creativeFromStoreManifest('s-k', 'id/k', json, 'https://cdn.example/creatives/id/k');
      expect(r).toMatchObject({ ok: false, error: { reason: 'MEDIA_FILE_UNAVAILABLE', message: expect.stringMatching(/^creative\.json of id\/k, rendition v0: segment \d lasts/) } });
    }
  });

  it('creative.json of an unexpected shape is refused, never thrown on', () => {
    for (const body of ['null', '1', '"x"', '{"renditions": 5}', '{"renditions": [null, 1, {"path": 7}]}', '{"renditions": [{"path": "v0/index.m3u8", "segmentDurationsSec": "2,2"}]}', '{"renditions": [{"path": "v0/index.m3u8", "segmentDurationsSec": [2, {"valueOf": 1, "toString": 1}]}]}']) {
      expect(creativeFromStoreManifest('s', 'k', body, 'https://b.example/').ok).toBe(false);
    }
  });
});
