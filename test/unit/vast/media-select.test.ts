/**
 * streamingMediaFiles, packagingSource, creativeStoreKeys and the creative key scheme.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { creativeStoreKeys, packagingSource, streamingMediaFiles } from '../../../src/core/vast/media-select.ts';
import { creativeIdKey, mediaUrlKey, sanitizeCreativeId, sha1Hex } from '../../../src/core/vast/creative-key.ts';
import type { VastInlineAd } from '../../../src/core/vast/model.ts';
import { fixture, mustParse } from './helpers.ts';

function adWith(mediaFiles: string, creativeAttrs = 'id="cr-1"'): VastInlineAd {
  const ad = mustParse(`<VAST version="4.2"><Ad><InLine><AdSystem>s</AdSystem><Creatives>
    <Creative id="companion-first"><CompanionAds/></Creative>
    <Creative ${creativeAttrs}><Linear><Duration>00:00:10</Duration><MediaFiles>${mediaFiles}</MediaFiles></Linear></Creative>
  </Creatives></InLine></Ad></VAST>`).ads[0];
  if (ad?.kind !== 'inline') throw new Error('not inline');
  return ad;
}

const mf = (attrs: string, url: string): string => `<MediaFile ${attrs}><![CDATA[${url}]]></MediaFile>`;

describe('streamingMediaFiles', () => {
  it('every streaming HLS and every streaming DASH MediaFile, in document order, by MIME type or extension', () => {
    const ad = adWith(
      mf('delivery="progressive" type="application/x-mpegURL"', 'https://cdn.example/progressive.m3u8') +
        mf('delivery="streaming" type="video/mp4"', 'https://cdn.example/streaming.mp4') +
        mf('delivery="Streaming" type="application/vnd.apple.mpegurl"', 'https://cdn.example/a/master.m3u8') +
        mf('delivery="streaming" type="application/x-mpegURL"', 'https://cdn.example/b/master.m3u8') +
        mf('delivery="streaming"', 'https://cdn.example/c/manifest.MPD?token=1'),
    );
    const picked = streamingMediaFiles(ad);
    expect(picked.hls.map((f) => f.url)).toEqual(['https://cdn.example/a/master.m3u8', 'https://cdn.example/b/master.m3u8']);
    expect(picked.dash.map((f) => f.url)).toEqual(['https://cdn.example/c/manifest.MPD?token=1']);
  });

  it('.m3u8 without a type, application/dash+xml without an extension; non-http URLs skipped', () => {
    const ad = adWith(
      mf('delivery="streaming"', 'rtmp://cdn.example/x.m3u8') +
        mf('delivery="streaming"', 'https://cdn.example/x/index.m3u8?sig=abc') +
        mf('delivery="streaming" type="application/dash+xml"', 'https://cdn.example/dash/stream'),
    );
    const picked = streamingMediaFiles(ad);
    expect(picked.hls.map((f) => f.url)).toEqual(['https://cdn.example/x/index.m3u8?sig=abc']);
    expect(picked.dash.map((f) => f.url)).toEqual(['https://cdn.example/dash/stream']);
  });

  it('nothing streaming in the IAB samples', () => {
    const ad = mustParse(fixture('v4.1-Inline_Linear_Tag-test.xml')).ads[0] as VastInlineAd;
    expect(streamingMediaFiles(ad)).toEqual({ hls: [], dash: [] });
  });
});

describe('packagingSource and creativeStoreKeys', () => {
  it('mezzanine first (IAB mezzanine sample)', () => {
    const ad = mustParse(fixture('v4.1-SSAI_stitching_mezzanine_file_support-test.xml')).ads[0] as VastInlineAd;
    const mezz = 'rtsp://pilot.iabtechlab.com/rawvideo?type=complete&imprid=s5-ea2f7f298e28c0c98374491aec3dfeb1&ts=4235';
    expect(packagingSource(ad)).toEqual({ url: mezz, kind: 'mezzanine' });
    expect(creativeStoreKeys(ad)).toEqual([
      { kind: 'creative-id', key: 'id/5480', source: '5480' },
      { kind: 'media-url', key: `url/${createHash('sha1').update(mezz).digest('hex')}`, source: mezz },
    ]);
  });

  it('else the highest-bitrate progressive video file, skipping VPAID and streaming', () => {
    const ad = adWith(
      mf('delivery="progressive" type="video/mp4" bitrate="800"', 'https://cdn.example/800.mp4') +
        mf('delivery="progressive" type="application/javascript" apiFramework="VPAID" bitrate="9000"', 'https://cdn.example/vpaid.js') +
        mf('delivery="streaming" type="application/x-mpegURL" bitrate="9000"', 'https://cdn.example/s.m3u8') +
        mf('delivery="progressive" type="video/mp4" maxBitrate="2500" width="1280" height="720"', 'https://cdn.example/2500-720.mp4') +
        mf('delivery="progressive" type="video/mp4" bitrate="2500" width="1920" height="1080"', 'https://cdn.example/2500-1080.mp4'),
      'id="Creative 42/é"',
    );
    expect(packagingSource(ad)).toEqual({ url: 'https://cdn.example/2500-1080.mp4', kind: 'mediaFile' });
    expect(creativeStoreKeys(ad).map((k) => k.key)).toEqual(['id/Creative%2042%2F%C3%A9', `url/${sha1Hex('https://cdn.example/2500-1080.mp4')}`]);
  });

  it('no creative id, no usable media: no keys', () => {
    expect(creativeStoreKeys(adWith(mf('delivery="streaming" type="application/x-mpegURL"', 'https://cdn.example/s.m3u8'), ''))).toEqual([]);
  });
});

describe('creative-key', () => {
  it.each([
    ['', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
    ['abc', 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '84983e441c3bd26ebaae4aa1f95129e5e54670f1'],
  ])('sha1Hex(%j) matches FIPS 180 test vectors', (input, digest) => {
    expect(sha1Hex(input)).toBe(digest);
  });

  it('sha1Hex agrees with node:crypto across block boundaries and non-ASCII text', () => {
    for (const len of [1, 55, 56, 63, 64, 65, 119, 120, 1000]) {
      const s = 'x'.repeat(len - 1) + 'é';
      expect(sha1Hex(s)).toBe(createHash('sha1').update(s, 'utf8').digest('hex'));
    }
  });

  it('sanitizes ids: safe characters kept, UTF-8 bytes escaped, dot-only ids escaped', () => {
    expect(sanitizeCreativeId('abc-DEF_1.2')).toBe('abc-DEF_1.2');
    expect(sanitizeCreativeId('a b/c?d%')).toBe('a%20b%2Fc%3Fd%25');
    expect(sanitizeCreativeId('日')).toBe('%E6%97%A5');
    expect(sanitizeCreativeId('..')).toBe('%2E%2E');
    expect(sanitizeCreativeId('a..b')).toBe('a..b');
    expect(creativeIdKey('  ')).toBeUndefined();
    expect(creativeIdKey(' 5480 ')).toBe('id/5480');
    expect(mediaUrlKey(' https://x.example/a.mp4 ')).toBe(`url/${sha1Hex('https://x.example/a.mp4')}`);
  });
});
