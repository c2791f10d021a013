import { describe, expect, it } from 'vitest';
import { parseMediaPlaylist } from '../../../src/core/hls/media-playlist.ts';
import { passThroughMediaPlaylist } from '../../../src/core/hls/passthrough.ts';
import { createUriResolver } from '../../../src/core/hls/uri-resolver.ts';

const BASE = 'https://origin.example/out/v1/show/video/360p.m3u8?token=abc';
const LIVE = `#EXTM3U
#EXT-X-VERSION:3
#EXT-X-TARGETDURATION:6
#EXT-X-MEDIA-SEQUENCE:100
#EXT-X-DISCONTINUITY-SEQUENCE:4
#EXT-X-INDEPENDENT-SEGMENTS
#EXT-X-KEY:METHOD=AES-128,URI="../keys/k.key",IV=0x1
#EXT-X-MAP:URI="init.mp4"
#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:00.000Z
#EXTINF:6.006,title
seg100.ts
#X-VENDOR:abc
#EXT-X-CUE-OUT:30
#EXTINF:6.006,
/abs/seg101.ts
#EXT-X-CUE-OUT-CONT:ElapsedTime=6,Duration=30
#EXT-X-DISCONTINUITY
#EXTINF:6.006,
https://cdn.example/seg102.ts
#EXT-X-PART:DURATION=1,URI="p.ts"
#EXT-X-CUE-IN
`;

describe('parseMediaPlaylist', () => {
  const m = parseMediaPlaylist(LIVE);
  it('reads header fields and numbers segments from the media sequence', () => {
    expect(m).toMatchObject({ version: 3, targetDurationSec: 6, mediaSequence: 100, discontinuitySequence: 4, endList: false });
    expect(m.segments.map((s) => s.seq)).toEqual([100, 101, 102]);
    expect(m.segments.map((s) => s.durationSec)).toEqual([6.006, 6.006, 6.006]);
    expect(m.headerLines).toEqual(['#EXT-X-INDEPENDENT-SEGMENTS']);
  });
  it('attaches markers, keys, maps, PDT and other tags to the segment they precede', () => {
    expect(m.segments[0]).toMatchObject({ pdt: '2026-01-01T00:00:00.000Z', keyLines: ['#EXT-X-KEY:METHOD=AES-128,URI="../keys/k.key",IV=0x1'], mapLine: '#EXT-X-MAP:URI="init.mp4"' });
    expect(m.segments[1]).toMatchObject({ markers: ['#EXT-X-CUE-OUT:30'], otherLines: ['#X-VENDOR:abc'] });
    expect(m.segments[2]).toMatchObject({ discontinuity: true, markers: ['#EXT-X-CUE-OUT-CONT:ElapsedTime=6,Duration=30'] });
    expect(m.trailingMarkers).toEqual(['#EXT-X-CUE-IN']);
  });
  it('never throws on garbage', () => {
    for (const junk of ['', '#EXTM3U\n#EXTINF:abc,\n', '#EXTM3U\nfoo.ts\n#EXTINF:2\n', '#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:x\n']) {
      expect(() => parseMediaPlaylist(junk)).not.toThrow();
    }
    expect(parseMediaPlaylist('#EXTM3U\nfoo.ts\n').diagnostics.length).toBeGreaterThan(0);
  });
});

describe('passThroughMediaPlaylist (issue 2 §5)', () => {
  const out = passThroughMediaPlaylist(parseMediaPlaylist(LIVE), createUriResolver(BASE), false);
  it('makes URIs absolute, keeps sequence numbers and always writes the discontinuity sequence', () => {
    expect(out).toContain('#EXT-X-MEDIA-SEQUENCE:100');
    expect(out).toContain('#EXT-X-DISCONTINUITY-SEQUENCE:4');
    expect(out).toContain('\nhttps://origin.example/out/v1/show/video/seg100.ts\n');
    expect(out).toContain('\nhttps://origin.example/abs/seg101.ts\n');
    expect(out).toContain('\nhttps://cdn.example/seg102.ts\n');
    expect(out).toContain('URI="https://origin.example/out/v1/show/keys/k.key"');
    expect(out).toContain('URI="https://origin.example/out/v1/show/video/init.mp4"');
    expect(out).toContain('#X-VENDOR:abc');
    expect(out).toContain('#EXTINF:6.006,title');
  });
  it('consumes cue markers and low-latency tags', () => {
    expect(out).not.toMatch(/CUE-/);
    expect(out).not.toContain('EXT-X-PART');
  });
  it('keeps markers verbatim with AdMarkerPassthrough', () => {
    const kept = passThroughMediaPlaylist(parseMediaPlaylist(LIVE), createUriResolver(BASE), true);
    expect(kept).toContain('#EXT-X-CUE-OUT:30');
    expect(kept).toContain('#EXT-X-CUE-IN');
  });
  it('applies the content CDN prefix to segments under the origin prefix only', () => {
    const r = createUriResolver(BASE, 'https://origin.example/out/v1', 'https://cdn.example/content');
    expect(r('seg1.ts')).toBe('https://cdn.example/content/show/video/seg1.ts');
    expect(r('https://other.example/x.ts')).toBe('https://other.example/x.ts');
  });
});

describe('createUriResolver', () => {
  const r = createUriResolver('https://o.example/a/b/c.m3u8?x=1');
  it.each([
    ['s.ts', 'https://o.example/a/b/s.ts'],
    ['/r.ts', 'https://o.example/r.ts'],
    ['../u.ts', 'https://o.example/a/u.ts'],
    ['./v.ts', 'https://o.example/a/b/v.ts'],
    ['//cdn.example/w.ts', 'https://cdn.example/w.ts'],
    ['s.ts?y=2', 'https://o.example/a/b/s.ts?y=2'],
    ['http://abs.example/z.ts', 'http://abs.example/z.ts'],
  ])('%s → %s (same as the URL parser)', (ref, expected) => {
    expect(r(ref)).toBe(expected);
    expect(new URL(ref, 'https://o.example/a/b/c.m3u8?x=1').toString()).toBe(expected);
  });
});

describe('isMarkerTag', () => {
  it('names exactly the marker tags', async () => {
    const { isMarkerTag, MARKER_TAGS, LL_HLS_TAGS, REGENERATED_HEADER_TAGS } = await import('../../../src/core/hls/media-playlist.ts');
    for (const t of MARKER_TAGS) expect(isMarkerTag(t)).toBe(true);
    for (const t of [...LL_HLS_TAGS, ...REGENERATED_HEADER_TAGS, 'EXT-X-DATERANGE', 'EXT-X-KEY', 'EXTINF', 'EXT-X-CUE-OUTX', '']) expect(isMarkerTag(t)).toBe(false);
  });
});
