import { describe, expect, it } from 'vitest';
import { contentShapeOf, packagingLadder, readLadder } from '../../../src/core/creatives/packaging-ladder.ts';
import { rewriteMultivariantPlaylist } from '../../../src/core/hls/multivariant.ts';

const renditionsOf = (text: string) => rewriteMultivariantPlaylist(text, 'https://o.example/live/master.m3u8', (n) => `m/${n}.m3u8`).renditions;

const SEPARATE = `#EXTM3U
#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="en",DEFAULT=YES,URI="a/en.m3u8"
#EXT-X-STREAM-INF:BANDWIDTH=6500000,AVERAGE-BANDWIDTH=6000000,RESOLUTION=1920x1080,CODECS="avc1.640028,mp4a.40.2",FRAME-RATE=29.970,AUDIO="aud"
v1080.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360,CODECS="avc1.4d401e,mp4a.40.2",FRAME-RATE=29.970,AUDIO="aud"
v360.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=3200000,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2",FRAME-RATE=29.970,AUDIO="aud"
v720.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=3200000,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2",FRAME-RATE=29.970,AUDIO="aud"
backup/v720.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=64000,CODECS="mp4a.40.2",AUDIO="aud"
a/en.m3u8
#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=200000,RESOLUTION=1920x1080,URI="iframe.m3u8"
`;

describe('packagingLadder (docs/packaging-creatives.md "The packager")', () => {
  it('takes one rung per distinct video variant, highest first, and audio from the AUDIO group', () => {
    const l = packagingLadder(renditionsOf(SEPARATE), { segmentSec: 6.006, container: 'fmp4' });
    expect(l).toEqual({
      segmentSec: 6.006,
      container: 'fmp4',
      audio: 'separate',
      rungs: [
        { width: 1920, height: 1080, bandwidth: 6500000, averageBandwidth: 6000000, codecs: 'avc1.640028,mp4a.40.2', frameRate: 29.97 },
        { width: 1280, height: 720, bandwidth: 3200000, codecs: 'avc1.64001f,mp4a.40.2', frameRate: 29.97 },
        { width: 640, height: 360, bandwidth: 800000, codecs: 'avc1.4d401e,mp4a.40.2', frameRate: 29.97 },
      ],
    });
    expect(readLadder(JSON.parse(JSON.stringify(l)))).toEqual(l);
  });

  it('tells muxed audio, video-only content, and defaults to 2 s MPEG-TS without a shape', () => {
    const muxed = packagingLadder(renditionsOf('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=900000,RESOLUTION=640x360,CODECS="avc1.4d401e,mp4a.40.2"\nv.m3u8\n'));
    expect(muxed).toMatchObject({ audio: 'muxed', segmentSec: 2, container: 'ts' });
    expect(packagingLadder(renditionsOf('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=900000,RESOLUTION=640x360,CODECS="avc1.4d401e"\nv.m3u8\n'))?.audio).toBe('none');
    // No CODECS at all: older MPEG-TS streams, nearly always muxed.
    expect(packagingLadder(renditionsOf('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=900000,RESOLUTION=640x360\nv.m3u8\n'))?.audio).toBe('muxed');
    // Nothing with a resolution: the packager's default ladder applies.
    expect(packagingLadder(renditionsOf('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=64000,CODECS="mp4a.40.2"\na.m3u8\n'))).toBeUndefined();
  });

  it('reads the segment duration and container from a media playlist', () => {
    const ts = '#EXTM3U\n#EXT-X-TARGETDURATION:7\n#EXTINF:6.006,\ns1.ts\n#EXTINF:6.006,\ns2.ts\n#EXTINF:2.5,\ns3.ts\n';
    expect(contentShapeOf(ts)).toEqual({ segmentSec: 6.006, container: 'ts' });
    expect(contentShapeOf('#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-MAP:URI="init.mp4"\n#EXTINF:4,\ns1.m4s\n')).toEqual({ segmentSec: 4, container: 'fmp4' });
    expect(contentShapeOf('#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\nhttps://c.example/s1.cmfv?x=1\n')?.container).toBe('fmp4');
    expect(contentShapeOf('#EXTM3U\n#EXT-X-TARGETDURATION:6\n')).toEqual({ segmentSec: 6, container: 'ts' });
    expect(contentShapeOf('#EXTM3U\n#EXTINF:30,\nlong.ts\n')?.segmentSec).toBe(10); // clamped
    expect(contentShapeOf('not a playlist')).toBeUndefined();
  });

  it('refuses stored ladders it cannot use, keeping the usable rungs', () => {
    expect(readLadder(null)).toBeUndefined();
    expect(readLadder({ segmentSec: 0.2, container: 'ts', audio: 'muxed', rungs: [{ width: 640, height: 360, bandwidth: 1 }] })).toBeUndefined();
    expect(readLadder({ segmentSec: 2, container: 'mkv', audio: 'muxed', rungs: [{ width: 640, height: 360, bandwidth: 1 }] })).toBeUndefined();
    expect(readLadder({ segmentSec: 2, container: 'ts', audio: 'muxed', rungs: [{ width: 'x' }, { width: 99999, height: 1, bandwidth: 1 }] })).toBeUndefined();
    expect(readLadder({ segmentSec: 2, container: 'ts', audio: 'none', rungs: [{ width: 'x' }, { width: 640, height: 360, bandwidth: 5e5 }] })?.rungs).toEqual([{ width: 640, height: 360, bandwidth: 5e5 }]);
  });
});
