import { describe, expect, it } from 'vitest';
import { rewriteMultivariantPlaylist } from '../../../src/core/hls/multivariant.ts';

const ORIGIN = 'https://origin.example/out/v1/show/index.m3u8';
const MASTER = `#EXTM3U
#EXT-X-VERSION:6
#EXT-X-INDEPENDENT-SEGMENTS
#EXT-X-SESSION-KEY:METHOD=SAMPLE-AES,URI="keys/k1",KEYFORMAT="identity"
#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="English",LANGUAGE="en",DEFAULT=YES,URI="audio/en.m3u8"
#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="en",URI="subs/en.m3u8"
#EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS,GROUP-ID="cc",NAME="CC1",INSTREAM-ID="CC1"
#X-CUSTOM-TAG:keep me
#EXT-X-STREAM-INF:BANDWIDTH=800000,AVERAGE-BANDWIDTH=700000,RESOLUTION=640x360,CODECS="avc1.4d401e,mp4a.40.2",FRAME-RATE=29.970,AUDIO="aud",SUBTITLES="subs",CLOSED-CAPTIONS="cc"
video/360p.m3u8?token=abc
#EXT-X-STREAM-INF:BANDWIDTH=2500000,RESOLUTION=1280x720,CODECS="avc1.4d401f,mp4a.40.2",AUDIO="aud"
https://cdn.example/video/720p.m3u8
#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=90000,RESOLUTION=640x360,URI="video/360p-iframe.m3u8"
`;

describe('rewriteMultivariantPlaylist (issue 2 §5)', () => {
  const r = rewriteMultivariantPlaylist(MASTER, ORIGIN, (n) => `../../../manifest/acct/cfg/sid/${n}.m3u8`);
  it('points every media playlist URI at the session', () => {
    const lines = r.text.split('\n');
    expect(lines).toContain('../../../manifest/acct/cfg/sid/2.m3u8');
    expect(lines).toContain('../../../manifest/acct/cfg/sid/3.m3u8');
    expect(r.text).toContain('URI="../../../manifest/acct/cfg/sid/0.m3u8"');
    expect(r.text).toContain('URI="../../../manifest/acct/cfg/sid/1.m3u8"');
    expect(r.text).toContain('#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=90000,RESOLUTION=640x360,URI="../../../manifest/acct/cfg/sid/4.m3u8"');
    expect(r.text).not.toMatch(/^video\//m);
  });
  it('keeps unknown tags, closed captions and makes session keys absolute', () => {
    expect(r.text).toContain('#X-CUSTOM-TAG:keep me');
    expect(r.text).toContain('#EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS,GROUP-ID="cc",NAME="CC1",INSTREAM-ID="CC1"');
    expect(r.text).toContain('URI="https://origin.example/out/v1/show/keys/k1"');
  });
  it('records each rendition with its origin URL and attributes', () => {
    expect(r.renditions.map((x) => [x.index, x.kind, x.originUrl])).toEqual([
      [0, 'audio', 'https://origin.example/out/v1/show/audio/en.m3u8'],
      [1, 'subtitles', 'https://origin.example/out/v1/show/subs/en.m3u8'],
      [2, 'variant', 'https://origin.example/out/v1/show/video/360p.m3u8?token=abc'],
      [3, 'variant', 'https://cdn.example/video/720p.m3u8'],
      [4, 'iframe', 'https://origin.example/out/v1/show/video/360p-iframe.m3u8'],
    ]);
    expect(r.renditions[2]).toMatchObject({ bandwidth: 800000, averageBandwidth: 700000, width: 640, height: 360, audioGroup: 'aud', frameRate: 29.97 });
    expect(r.renditions[0]).toMatchObject({ groupId: 'aud', language: 'en' });
  });
  it('gives one index to a playlist referenced twice', () => {
    const twice = '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,AUDIO="a"\nv.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=1,AUDIO="b"\nv.m3u8\n';
    const t = rewriteMultivariantPlaylist(twice, ORIGIN, (n) => `${n}.m3u8`);
    expect(t.renditions).toHaveLength(1);
    expect(t.text.match(/^0\.m3u8$/gm)).toHaveLength(2);
  });
  it('wraps a media playlist served where a multivariant one was expected', () => {
    const media = '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\ns1.ts\n#EXT-X-ENDLIST\n';
    const w = rewriteMultivariantPlaylist(media, ORIGIN, (n) => `m/${n}.m3u8`);
    expect(w.wrappedMediaPlaylist).toBe(true);
    expect(w.renditions).toEqual([{ index: 0, kind: 'variant', originUrl: ORIGIN }]);
    expect(w.text).toContain('#EXT-X-STREAM-INF:BANDWIDTH=1000000\nm/0.m3u8');
  });
});
