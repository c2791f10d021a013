/**
 * The packager's pure parts (docs/packaging-creatives.md "The packager"): settings, the encode
 * plan from a content ladder (nearest match for small sources, bitrates net of audio, profile
 * and level from CODECS, tail trim), the ffmpeg command lines, and the retry policy.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig, type PackagerConfig } from '../../../packager/config.ts';
import { DEFAULT_LADDER, fpsText, h264Profile, planEncode, type EncodePlan } from '../../../packager/encode-plan.ts';
import { dashArgs, encodeArgs, parseEbur128, parseLoudnorm } from '../../../packager/ffmpeg-args.ts';
import { failureReport } from '../../../packager/loop.ts';
import { parseProbe, type SourceInfo } from '../../../packager/media-probe.ts';
import type { PackagingLadder } from '../../../src/core/creatives/packaging-ladder.ts';

const D = { cpus: 8, tmpDir: '/tmp', hostname: 'box', pid: 42 };
const source = (over: Partial<SourceInfo> = {}): SourceInfo => ({ formatName: 'mov,mp4', durationSec: 30.02, video: { codec: 'h264', width: 1920, height: 1080, fps: 29.97 }, audio: { codec: 'aac', channels: 2, sampleRate: 48000 }, ...over });
const opts = { maxSourceDurationSec: 300, loudnessLufs: -24, preset: 'fast', threads: 0 };
const LADDER: PackagingLadder = {
  segmentSec: 6,
  container: 'fmp4',
  audio: 'separate',
  rungs: [
    { width: 1920, height: 1080, bandwidth: 6_500_000, averageBandwidth: 6_000_000, codecs: 'avc1.640028,mp4a.40.2', frameRate: 29.97 },
    { width: 1280, height: 720, bandwidth: 3_300_000, codecs: 'avc1.4d401f,mp4a.40.2', frameRate: 29.97 },
    { width: 416, height: 234, bandwidth: 400_000, codecs: 'avc1.42c00d,mp4a.40.2', frameRate: 15 },
  ],
};
const plan = (l: PackagingLadder, s: SourceInfo = source()): EncodePlan => {
  const r = planEncode(l, s, opts);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe('packager settings', () => {
  it('reads flags, then environment, then defaults', () => {
    const r = parseConfig(['--service', 'https://ssai.example.com/some/path', '--concurrency=3', '--once'], { ADMIN_TOKEN: 's3cret', PACKAGER_ALLOW_PRIVATE_HOSTS: 'true' }, D);
    if (!('ok' in r) || !r.ok) throw new Error(JSON.stringify(r));
    const c: PackagerConfig = r.value;
    expect(c).toMatchObject({ serviceUrl: 'https://ssai.example.com', token: 's3cret', concurrency: 3, once: true, allowPrivateHosts: true, owner: 'box-42', maxAttempts: 3, leaseSec: 120, maxDownloadBytes: 1024 * 1024 * 1024 });
    const d = parseConfig(['--service', 'http://127.0.0.1:8787', '--token', 't'], {}, D);
    expect('ok' in d && d.ok && d.value.concurrency).toBe(2); // one job per 4 CPUs
  });
  it('says what is wrong', () => {
    const msg = (argv: string[], env: Record<string, string> = {}) => {
      const r = parseConfig(argv, env, D);
      return 'ok' in r && !r.ok ? r.error : 'ok';
    };
    expect(msg([])).toContain('--service');
    expect(msg(['--service', 'ftp://x'])).toContain('http(s)');
    expect(msg(['--service', 'http://x'])).toContain('--token');
    expect(msg(['--service', 'http://x', '--token', 't', '--lease-sec', '2'])).toBe('--lease-sec must be a number from 10 to 3600');
    expect(msg(['--service', 'http://x', '--token', 't', '--preset', 'turbo'])).toContain('--preset');
    expect(msg(['--bogus'])).toBe('unknown option --bogus');
    expect(parseConfig(['--help'], {}, D)).toEqual({ help: true });
  });
});

describe('encode plan', () => {
  it('matches the content ladder: sizes, frame rates, profile and level, bitrates net of audio, 6 s keyframe cadence', () => {
    const p = plan(LADDER);
    expect(p).toMatchObject({ segmentSec: 6, container: 'fmp4', audio: 'separate', audioChannels: 2, audioBitrate: 80_000, durationSec: 30 });
    expect(p.rungs.map((r) => [r.width, r.height, r.profile, r.level, r.fps, r.gopFrames])).toEqual([
      [1920, 1080, 'high', '4.0', '30000/1001', 180],
      [1280, 720, 'main', '3.1', '30000/1001', 180],
      [416, 234, 'baseline', '1.3', '15', 90],
    ]);
    // AVERAGE-BANDWIDTH less the audio; the cap is BANDWIDTH less the audio.
    expect(p.rungs[0]).toMatchObject({ videoBitrate: 5_920_000, maxrate: 6_420_000, bufsize: 6_420_000 });
    expect(p.rungs[1]?.videoBitrate).toBe(Math.round(3_300_000 * 0.85 - 80_000));
    expect(p.notes).toEqual(['last 0.020 s trimmed (shorter than 0.5 s)']);
  });

  it('never upscales: rungs larger than the source become the nearest size that fits, encoded once', () => {
    const p = plan(LADDER, source({ video: { codec: 'h264', width: 640, height: 360, fps: 25 } }));
    expect(p.rungs.map((r) => `${r.width}x${r.height}`)).toEqual(['640x360', '416x234']);
    // Bitrate follows the pixels: 6 Mb/s for 1080p is 1/9 of that at 360p.
    expect(p.rungs[0]?.videoBitrate).toBe(Math.round(5_920_000 / 9));
    expect(p.notes.filter((n) => n.includes('made'))).toEqual(['1920x1080 made 640x360: the source is 640x360', '1280x720 made 640x360: the source is 640x360']);
    // A vertical source inside landscape rungs: the nearest size keeps the rung's shape (pillarboxed).
    const v = plan(LADDER, source({ video: { codec: 'h264', width: 720, height: 1280, fps: 30 } }));
    expect(v.rungs.map((r) => `${r.width}x${r.height}`)).toEqual(['720x406', '416x234']);
  });

  it('keeps a partial last segment of 0.5 s or more; refuses over-long creatives; mono stays mono', () => {
    expect(plan(DEFAULT_LADDER, source({ durationSec: 15.6 })).durationSec).toBe(15.6);
    expect(plan(DEFAULT_LADDER, source({ durationSec: 14.4 })).durationSec).toBe(14);
    expect(plan(DEFAULT_LADDER, source({ durationSec: 0.4 })).durationSec).toBe(0.4);
    expect(planEncode(DEFAULT_LADDER, source({ durationSec: 301 }), opts)).toEqual({ ok: false, error: 'the creative lasts 301.0 s, over the 300 s limit' });
    expect(plan(DEFAULT_LADDER, source({ audio: { codec: 'aac', channels: 1, sampleRate: 44100 } })).audioChannels).toBe(1);
    expect(plan({ ...DEFAULT_LADDER, audio: 'none' }).audioBitrate).toBe(0);
  });

  it('reads RFC 6381 avc1 profiles and levels, and frame rates', () => {
    expect(h264Profile('avc1.42c01e', 360)).toEqual({ profile: 'baseline', level: '3.0' });
    expect(h264Profile('avc1.4D4029,mp4a.40.2', 1080)).toEqual({ profile: 'main', level: '4.1' });
    expect(h264Profile('avc1.640033', 2160)).toEqual({ profile: 'high', level: '5.1' });
    expect(h264Profile('hvc1.2.4.L123.B0', 1080)).toEqual({ profile: 'high' });
    expect(h264Profile(undefined, 360)).toEqual({ profile: 'main' });
    expect([23.976, 29.97, 59.94, 25, 12.5].map(fpsText)).toEqual(['24000/1001', '30000/1001', '60000/1001', '25', '12.5']);
  });

  it('reads ffprobe JSON, with rotation, and refuses files without video or duration', () => {
    const probe = (streams: unknown[], duration = '12.5') => parseProbe(JSON.stringify({ streams, format: { format_name: 'mov,mp4', duration } }));
    const v = { codec_type: 'video', codec_name: 'h264', width: 1920, height: 1080, avg_frame_rate: '30000/1001', side_data_list: [{ rotation: -90 }] };
    expect(probe([v, { codec_type: 'audio', codec_name: 'aac', channels: 2, sample_rate: '44100' }])).toEqual({
      ok: true,
      value: { formatName: 'mov,mp4', durationSec: 12.5, video: { codec: 'h264', width: 1080, height: 1920, fps: 30000 / 1001 }, audio: { codec: 'aac', channels: 2, sampleRate: 44100 } },
    });
    // Interlaced anamorphic PAL: stretched to square pixels (720 × 16/15 = 768), flagged for deinterlacing.
    const pal = probe([{ codec_type: 'video', codec_name: 'mpeg2video', width: 720, height: 576, sample_aspect_ratio: '16:15', field_order: 'tt', r_frame_rate: '25/1' }]);
    expect(pal.ok && pal.value.video).toEqual({ codec: 'mpeg2video', width: 768, height: 576, fps: 25, interlaced: true, sampleAspect: 16 / 15 });
    const args = encodeArgs(plan(DEFAULT_LADDER, { formatName: 'mpegts', durationSec: 10, video: pal.ok ? pal.value.video : source().video }), 's', 'o', undefined);
    expect(args[args.indexOf('-filter_complex') + 1]).toMatch(/^\[0:v:0\]bwdif=mode=send_frame:deint=interlaced,scale=w=trunc\(iw\*sar\/2\)\*2:h=ih,setsar=1,split=/);
    expect(probe([{ codec_type: 'audio', channels: 2 }])).toEqual({ ok: false, error: 'the file has no video stream' });
    expect(probe([{ codec_type: 'video', codec_name: 'mjpeg', width: 10, height: 10 }])).toEqual({ ok: false, error: 'the file has no video stream' });
    expect(probe([v], 'N/A')).toEqual({ ok: false, error: 'the file has no duration (a still image, or a truncated file)' });
    expect(parseProbe('{').ok).toBe(false);
  });
});

describe('ffmpeg command lines', () => {
  it('decodes once and writes every rung and the audio with keyframes on segment boundaries and two-pass loudness', () => {
    const p = plan(LADDER);
    const args = encodeArgs(p, '/w/source', '/w/out', { inputI: -17.2, inputTp: -1.1, inputLra: 5, inputThresh: -27.5, targetOffset: 0.3 });
    const graph = args[args.indexOf('-filter_complex') + 1] ?? '';
    expect(graph).toContain('[0:v:0]split=3[s0][s1][s2]');
    expect(graph).toContain('[s2]fps=15,scale=w=416:h=234:force_original_aspect_ratio=decrease:force_divisible_by=2,pad=416:234:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1,format=yuv420p[v2]');
    expect(graph).toContain('loudnorm=I=-24:TP=-2:LRA=11:measured_I=-17.2:measured_TP=-1.1:measured_LRA=5:measured_thresh=-27.5:offset=0.3:linear=true,');
    expect(graph).toMatch(/atrim=end=29\.978667\[a0\]$/);
    expect(args.filter((a) => a === 'expr:gte(t,n_forced*6)')).toHaveLength(3);
    expect(args.filter((a) => a === '-hls_segment_type').map((_, i, all) => all[i])).toHaveLength(4);
    expect(args).toContain('/w/out/v0/seg%03d.m4s');
    expect(args).toContain('/w/out/a0/index.m3u8');
    expect(args[args.indexOf('-level:v') + 1]).toBe('4.0');
  });

  it('muxes audio into every rung for muxed content, and fills silence for a source without audio', () => {
    const p = plan({ ...DEFAULT_LADDER, audio: 'muxed' }, source({ audio: undefined }));
    const args = encodeArgs(p, 's', 'o', undefined);
    expect(args.slice(args.indexOf('-f'), args.indexOf('-f') + 4)).toEqual(['-f', 'lavfi', '-i', 'anullsrc=r=48000:cl=stereo']);
    const graph = args[args.indexOf('-filter_complex') + 1] ?? '';
    expect(graph).toContain('[1:a:0]aresample=48000');
    expect(graph).not.toContain('loudnorm');
    expect(graph).toContain('asplit=4[a0][a1][a2][a3]');
    expect(args).not.toContain('o/a0/index.m3u8');
    expect(dashArgs(p, 'o')).toContain('0:a:0');
  });

  it('reads loudnorm and ebur128 output', () => {
    const stderr = '[Parsed_loudnorm_0 @ 0x1] \n{\n\t"input_i" : "-21.79",\n\t"input_tp" : "-14.46",\n\t"input_lra" : "0.10",\n\t"input_thresh" : "-31.79",\n\t"target_offset" : "-0.01"\n}\n';
    expect(parseLoudnorm(stderr)).toEqual({ inputI: -21.79, inputTp: -14.46, inputLra: 0.1, inputThresh: -31.79, targetOffset: -0.01 });
    expect(parseLoudnorm('{"input_i" : "-inf", "input_tp": "-inf", "input_lra": "0", "input_thresh": "-inf", "target_offset": "inf"}')?.inputI).toBe(-99);
    expect(parseLoudnorm('nothing')).toBeUndefined();
    expect(parseEbur128('Summary:\n\n  Integrated loudness:\n    I:         -24.1 LUFS\n    Threshold: -34.0 LUFS')).toBe(-24.1);
  });
});

describe('retry policy', () => {
  it('backs off doubling per attempt, parks on the last attempt or a permanent failure', () => {
    const cfg = { maxAttempts: 3, backoffSec: 30 };
    expect(failureReport('download: HTTP 503', false, 1, cfg)).toEqual({ error: 'download: HTTP 503', park: false, retryInSec: 30 });
    expect(failureReport('download: HTTP 503', false, 2, cfg).retryInSec).toBe(60);
    expect(failureReport('transcode: ffmpeg exited with code 1', false, 3, cfg)).toEqual({ error: 'transcode: ffmpeg exited with code 1 (attempt 3 of 3)', park: true, retryInSec: 120 });
    expect(failureReport('download: host 10.0.0.1 is private', true, 1, cfg)).toMatchObject({ park: true, error: 'download: host 10.0.0.1 is private' });
    expect(failureReport('x', false, 20, { maxAttempts: 30, backoffSec: 30 }).retryInSec).toBe(3600);
  });
});
