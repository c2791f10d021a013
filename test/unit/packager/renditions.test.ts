/**
 * Checking and describing a job's output (packager/renditions): alignment and keyframe checks
 * with the message an operator sees, measured bandwidths, the multivariant playlist, CODECS from
 * the MPD, and a creative.json the edge can read.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LADDER, planEncode, type EncodePlan } from '../../../packager/encode-plan.ts';
import { bandwidthOf, creativeJson, keyframeTimes, mpdCodecs, multivariantPlaylist, verifyRenditions, type ProducedRendition } from '../../../packager/renditions.ts';
import { creativeFromStoreManifest } from '../../../src/core/creatives/creative-media.ts';

const planned = planEncode({ ...DEFAULT_LADDER, rungs: DEFAULT_LADDER.rungs.slice(0, 2) }, { formatName: 'mp4', durationSec: 6, video: { codec: 'h264', width: 1920, height: 1080, fps: 25 }, audio: { codec: 'aac', channels: 2, sampleRate: 48000 } }, { maxSourceDurationSec: 300, loudnessLufs: -24, preset: 'fast', threads: 0 });
if (!planned.ok) throw new Error(planned.error);
const plan: EncodePlan = planned.value;

const video = (dir: string, over: Partial<ProducedRendition> = {}): ProducedRendition => ({
  kind: 'video', dir, width: 1280, height: 720, frameRate: 25, durationsSec: [2, 2, 2], segmentBytes: [500_000, 250_000, 250_000], codecs: 'avc1.4d401f', keyframesSec: [0, 2, 4], ...over,
});
const audio: ProducedRendition = { kind: 'audio', dir: 'a0', durationsSec: [2.005333, 2.005333, 1.968], segmentBytes: [24_000, 24_000, 24_000], codecs: 'mp4a.40.2', channels: 2, loudnessLufs: -24.1 };

describe('output checks', () => {
  it('accepts aligned renditions with a keyframe at every boundary', () => {
    expect(verifyRenditions([video('v0'), video('v1', { width: 960, height: 540 }), audio], plan)).toEqual({ ok: true, value: true });
  });
  it('says which rendition is off, and where', () => {
    expect(verifyRenditions([video('v0'), video('v1', { durationsSec: [2, 4], segmentBytes: [1, 1] })], plan)).toEqual({ ok: false, error: 'ALIGNMENT: v1 has 2 segments, v0 has 3' });
    expect(verifyRenditions([video('v0'), video('v1', { durationsSec: [2.5, 1.5, 2] })], plan)).toEqual({ ok: false, error: 'ALIGNMENT: v1 segment 1 starts at 2.500000 s, v0 at 2.000000 s' });
    expect(verifyRenditions([video('v0'), { ...audio, durationsSec: [2.1, 2, 1.9] }], plan).ok).toBe(false);
    expect(verifyRenditions([video('v0', { keyframesSec: [0, 2.4, 4] })], plan)).toEqual({ ok: false, error: 'KEYFRAME: v0 segment 1 (at 2.000 s) does not start with a keyframe' });
    expect(verifyRenditions([video('v0', { segmentBytes: [1, 0, 1] })], plan)).toEqual({ ok: false, error: 'OUTPUT: v0 has a missing or empty segment' });
    expect(verifyRenditions([video('v0', { durationsSec: [2, 2], segmentBytes: [1, 1], keyframesSec: [0, 2] })], plan)).toEqual({ ok: false, error: 'SOURCE: the video ends after 4.00 s of 6.00 s (a truncated or damaged file)' });
    expect(verifyRenditions([], plan).ok).toBe(false);
  });
});

describe('descriptions', () => {
  it('measures peak and average bitrates from the files', () => {
    expect(bandwidthOf(video('v0'))).toEqual({ peak: 2_000_000, average: 1_333_334 });
  });
  it('writes the multivariant playlist: BANDWIDTH and CODECS include the audio rendition', () => {
    expect(multivariantPlaylist([video('v0'), audio], plan)).toBe(
      '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n' +
        '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="audio",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="2",URI="a0/index.m3u8"\n' +
        '#EXT-X-STREAM-INF:BANDWIDTH=2097561,AVERAGE-BANDWIDTH=1429677,RESOLUTION=1280x720,CODECS="avc1.4d401f,mp4a.40.2",FRAME-RATE=25.000,AUDIO="aud"\nv0/index.m3u8\n',
    );
  });
  it('writes a creative.json the edge reads, with paths in the job folder', () => {
    const m = creativeJson('url/abc', 'j0123', [video('v0'), video('v1', { width: 960, height: 540 }), audio], { ...plan, container: 'fmp4' }, { url: 'https://a.example/x.mp4', sha256: 'ff', bytes: 9, durationSec: 6, width: 1920, height: 1080 }, { attempt: 1 });
    expect(m).toMatchObject({ key: 'url/abc', durationSec: 6, format: 'hls-fmp4', hls: 'j0123/index.m3u8', dash: 'j0123/dash/manifest.mpd' });
    const read = creativeFromStoreManifest('s', 'url/abc', JSON.stringify(m), 'https://edge.example/v1/creative/url/abc/');
    expect(read.ok && read.value.renditions.map((r) => [r.kind, r.codecs, r.mapUri, r.segments[2]?.uri])).toEqual([
      ['video', 'avc1.4d401f,mp4a.40.2', 'https://edge.example/v1/creative/url/abc/j0123/v0/init.mp4', 'https://edge.example/v1/creative/url/abc/j0123/v0/seg002.m4s'],
      ['video', 'avc1.4d401f,mp4a.40.2', 'https://edge.example/v1/creative/url/abc/j0123/v1/init.mp4', 'https://edge.example/v1/creative/url/abc/j0123/v1/seg002.m4s'],
      ['audio', 'mp4a.40.2', 'https://edge.example/v1/creative/url/abc/j0123/a0/init.mp4', 'https://edge.example/v1/creative/url/abc/j0123/a0/seg002.m4s'],
    ]);
  });
  it('reads CODECS from an MPD and keyframe times from ffprobe packets', () => {
    const mpd = '<AdaptationSet><Representation id="0" mimeType="video/mp4" codecs="avc1.4d400d" bandwidth="1"/><Representation id="1" codecs="avc1.42c00b"></Representation></AdaptationSet><Representation id="2" mimeType="audio/mp4" codecs="mp4a.40.2">';
    expect([...mpdCodecs(mpd)]).toEqual([['0', 'avc1.4d400d'], ['1', 'avc1.42c00b'], ['2', 'mp4a.40.2']]);
    expect(keyframeTimes('1.480000,K_,\n1.600000,__,\n1.520000,__\n3.480000,K_,\nN/A,__\n')).toEqual([0, 2]);
  });
});
