/**
 * @module packager/encode-plan
 * From the content's ladder (recorded with the queue entry, core/creatives/packaging-ladder) and
 * what the mezzanine holds, the renditions to encode (docs/packaging-creatives.md "The packager"):
 *
 * - one H.264 rung per content rung, same resolution, frame rate, profile and level (from
 *   CODECS, RFC 6381 `avc1.PPCCLL`), progressive, letterboxed or pillarboxed with square
 *   pixels (interlaced and anamorphic sources are converted first); a rung
 *   larger than the source becomes the nearest size that fits it (bitrate scaled by pixels,
 *   never upscaled), and rungs that end up alike are encoded once;
 * - bitrates from BANDWIDTH / AVERAGE-BANDWIDTH, which count the audio too (RFC 8216
 *   §4.3.4.2): the audio's share is taken off;
 * - keyframes every segment duration, so every rendition cuts at the same instants;
 * - AAC-LC 48 kHz audio normalised to the loudness target, separate, muxed or left out like the
 *   content's; a source without audio gets silence when the content has audio;
 * - a last partial segment shorter than 0.5 s is trimmed (tiny segments stall players at the
 *   ad → content boundary, docs/packaging-creatives.md "Why alignment matters").
 * Pure.
 */
import type { AudioCarriage, PackagingLadder, SegmentContainer } from '../src/core/creatives/packaging-ladder.ts';
import { err, ok, type Result } from '../src/core/result.ts';
import type { SourceInfo } from './media-probe.ts';

/** The ladder when the session could not tell the content's (docs/packaging-creatives.md). */
export const DEFAULT_LADDER: PackagingLadder = {
  segmentSec: 2,
  container: 'ts',
  audio: 'separate',
  rungs: [
    { width: 1280, height: 720, bandwidth: 3_300_000, codecs: 'avc1.4d401f,mp4a.40.2' },
    { width: 960, height: 540, bandwidth: 2_000_000, codecs: 'avc1.4d401f,mp4a.40.2' },
    { width: 640, height: 360, bandwidth: 1_000_000, codecs: 'avc1.4d401e,mp4a.40.2' },
    { width: 416, height: 234, bandwidth: 420_000, codecs: 'avc1.42c015,mp4a.40.2' },
  ],
};

export type H264Profile = 'baseline' | 'main' | 'high';

export interface RungPlan {
  readonly width: number;
  readonly height: number;
  readonly videoBitrate: number;
  readonly maxrate: number;
  readonly bufsize: number;
  readonly profile: H264Profile;
  readonly level?: string;
  /** Output frame rate as ffmpeg takes it (`30000/1001`, `25`). */
  readonly fps: string;
  readonly fpsValue: number;
  readonly gopFrames: number;
  /** The content rung this one was made for (its BANDWIDTH), for logs. */
  readonly forBandwidth: number;
}

export interface EncodePlan {
  readonly segmentSec: number;
  readonly container: SegmentContainer;
  readonly audio: AudioCarriage;
  readonly sourceHasAudio: boolean;
  /** Deinterlace first (the source is interlaced; streaming renditions are progressive). */
  readonly deinterlace: boolean;
  /** Stretch to square pixels first (the source's sample aspect ratio, when not 1). */
  readonly sourceSampleAspect?: number;
  readonly audioBitrate: number;
  readonly audioChannels: 1 | 2;
  readonly rungs: readonly RungPlan[];
  /** Output video duration (the source's, less a trimmed tail). */
  readonly durationSec: number;
  readonly loudnessLufs: number;
  readonly preset: string;
  readonly threads: number;
  /** Things an operator may want to know (HEVC content, upscaling avoided…). */
  readonly notes: readonly string[];
}

export interface PlanOptions {
  readonly maxSourceDurationSec: number;
  readonly loudnessLufs: number;
  readonly preset: string;
  readonly threads: number;
}

const MIN_TAIL_SEC = 0.5;
const NTSC = [24000 / 1001, 30000 / 1001, 60000 / 1001];

export function planEncode(ladder: PackagingLadder, source: SourceInfo, opts: PlanOptions): Result<EncodePlan, string> {
  if (source.durationSec > opts.maxSourceDurationSec) return err(`the creative lasts ${source.durationSec.toFixed(1)} s, over the ${opts.maxSourceDurationSec} s limit`);
  const S = ladder.segmentSec;
  const whole = Math.floor(source.durationSec / S + 1e-6);
  const tail = source.durationSec - whole * S;
  const durationSec = whole >= 1 && tail < MIN_TAIL_SEC ? whole * S : source.durationSec;
  const notes: string[] = [];
  if (durationSec < source.durationSec - 1e-6) notes.push(`last ${(source.durationSec - durationSec).toFixed(3)} s trimmed (shorter than ${MIN_TAIL_SEC} s)`);

  const audioChannels: 1 | 2 = source.audio?.channels === 1 ? 1 : 2;
  const lowest = Math.min(...ladder.rungs.map((r) => r.bandwidth));
  const audioBitrate = ladder.audio === 'none' ? 0 : Math.round(clamp(lowest * 0.2, 32_000, audioChannels === 1 ? 64_000 : 128_000) / 1000) * 1000;

  const rungs: RungPlan[] = [];
  for (const r of ladder.rungs) {
    const { width, height, scale } = fit(r.width, r.height, source.video.width, source.video.height);
    if (scale < 1) notes.push(`${r.width}x${r.height} made ${width}x${height}: the source is ${source.video.width}x${source.video.height}`);
    if (rungs.some((x) => x.width === width && x.height === height)) continue;
    const pixelShare = (width * height) / (r.width * r.height);
    const total = (r.averageBandwidth ?? r.bandwidth * 0.85) - audioBitrate;
    const videoBitrate = Math.max(50_000, Math.round((total > 0 ? total : r.bandwidth * 0.7) * pixelShare));
    const maxrate = Math.max(videoBitrate, Math.round((r.bandwidth - audioBitrate) * pixelShare));
    const { profile, level } = h264Profile(r.codecs, height);
    if (r.codecs && /^(hvc1|hev1|av01|vp09)/i.test(r.codecs)) notes.push(`content rung ${r.width}x${r.height} is ${r.codecs.split(',')[0]}; the ad is H.264`);
    const fpsValue = Math.min(60, r.frameRate ?? source.video.fps);
    const fps = fpsText(fpsValue);
    rungs.push({ width, height, videoBitrate, maxrate, bufsize: maxrate, profile, ...(level ? { level } : {}), fps, fpsValue: fpsNumber(fps), gopFrames: Math.max(1, Math.round(S * fpsNumber(fps))), forBandwidth: r.bandwidth });
  }
  if (rungs.length === 0) return err('the ladder has no rungs');
  return ok({
    segmentSec: S,
    container: ladder.container,
    audio: ladder.audio,
    sourceHasAudio: source.audio !== undefined,
    deinterlace: source.video.interlaced === true,
    ...(source.video.sampleAspect !== undefined ? { sourceSampleAspect: source.video.sampleAspect } : {}),
    audioBitrate,
    audioChannels,
    rungs,
    durationSec: Math.round(durationSec * 1e6) / 1e6,
    loudnessLufs: opts.loudnessLufs,
    preset: opts.preset,
    threads: opts.threads,
    notes,
  });
}

/** The rung's size, or the nearest one of its aspect ratio that fits the source (even numbers, never upscaled). */
function fit(w: number, h: number, srcW: number, srcH: number): { width: number; height: number; scale: number } {
  const scale = Math.min(1, srcW / w, srcH / h);
  if (scale >= 1) return { width: even(w), height: even(h), scale: 1 };
  return { width: Math.max(2, even(w * scale)), height: Math.max(2, even(h * scale)), scale };
}

const even = (x: number): number => Math.max(2, 2 * Math.round(x / 2));
const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/** RFC 6381 `avc1.PPCCLL`: profile_idc PP, level_idc LL (hex). Without CODECS: High from 720p, else Main. */
export function h264Profile(codecs: string | undefined, height: number): { profile: H264Profile; level?: string } {
  const m = /avc[13]\.([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})/i.exec(codecs ?? '');
  if (!m) return { profile: height >= 720 ? 'high' : 'main' };
  const idc = parseInt(m[1] ?? '0', 16);
  const levelIdc = parseInt(m[3] ?? '0', 16);
  const profile: H264Profile = idc === 66 ? 'baseline' : idc === 77 || idc === 88 ? 'main' : 'high';
  const level = levelIdc >= 10 && levelIdc <= 62 ? (levelIdc % 10 === 0 ? `${levelIdc / 10}.0` : (levelIdc / 10).toFixed(1)) : undefined;
  return { profile, ...(level ? { level } : {}) };
}

/** 29.97 → `30000/1001` (the NTSC rates exactly), else the rate rounded to 3 decimals. */
export function fpsText(fps: number): string {
  const ntsc = NTSC.find((n) => Math.abs(n - fps) < 0.01);
  if (ntsc !== undefined) return `${Math.round(ntsc * 1001)}/1001`;
  return String(Math.round(fps * 1000) / 1000);
}

export function fpsNumber(fps: string): number {
  const [a = '0', b = '1'] = fps.split('/');
  return Number(a) / Number(b);
}
