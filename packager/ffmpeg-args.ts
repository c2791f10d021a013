/**
 * @module packager/ffmpeg-args
 * The ffmpeg command lines of a job, as argument arrays (docs/packaging-creatives.md "The
 * packager"). One encode decodes the mezzanine once and writes every rendition: a `split` per
 * rung (fps, scale, pad to the rung's exact size with square pixels), x264 with a keyframe
 * forced at every segment boundary (`-force_key_frames`, closed GOPs, no scene-cut keyframes,
 * IDR), audio normalised with `loudnorm` in linear mode from a first measuring pass (EBU R128 /
 * ITU-R BS.1770; two-pass so the gain is one constant, not a compressor), each rendition cut
 * into HLS segments by ffmpeg's HLS muxer (MPEG-TS or fMP4). DASH is a remux of the same
 * encoded streams into CMAF fragments (`-c copy`), so HLS and DASH play identical pictures.
 * Pure.
 */
import type { EncodePlan, RungPlan } from './encode-plan.ts';

/** Values of loudnorm's first pass (its `print_format=json` block). */
export interface LoudnormMeasure {
  readonly inputI: number;
  readonly inputTp: number;
  readonly inputLra: number;
  readonly inputThresh: number;
  readonly targetOffset: number;
}

/** AAC frames are 1024 samples; at 48 kHz that is the audio's boundary granularity. */
export const AAC_FRAME_SEC = 1024 / 48_000;
/** Below this the source is silence: no gain can bring it to the target. */
const SILENCE_LUFS = -70;

export interface OutputLayout {
  readonly videoDir: (i: number) => string;
  readonly audioDir: string;
  readonly dashDir: string;
  readonly segmentExt: 'ts' | 'm4s';
}

export function outputLayout(plan: EncodePlan): OutputLayout {
  return { videoDir: (i) => `v${i}`, audioDir: 'a0', dashDir: 'dash', segmentExt: plan.container === 'fmp4' ? 'm4s' : 'ts' };
}

const loudnormTarget = (plan: EncodePlan): string => `I=${plan.loudnessLufs}:TP=-2:LRA=11`;

/** First pass: measure the source's loudness (audio only; the video is not decoded). */
export function loudnessMeasureArgs(source: string, plan: EncodePlan): string[] {
  return ['-hide_banner', '-nostdin', '-nostats', '-i', source, '-map', '0:a:0', '-vn', '-sn', '-dn', '-af', `loudnorm=${loudnormTarget(plan)}:print_format=json`, '-f', 'null', '-'];
}

/** The one encode: every video rung and the audio, as HLS renditions under `outDir`. */
export function encodeArgs(plan: EncodePlan, source: string, outDir: string, measured: LoudnormMeasure | undefined): string[] {
  const L = outputLayout(plan);
  const n = plan.rungs.length;
  const withAudio = plan.audio !== 'none';
  const silent = withAudio && !plan.sourceHasAudio;
  const args = ['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'error', '-progress', 'pipe:1', '-y', '-i', source];
  if (silent) args.push('-f', 'lavfi', '-i', `anullsrc=r=48000:cl=${plan.audioChannels === 1 ? 'mono' : 'stereo'}`);

  // bwdif (deinterlacing, one frame per frame) and the square-pixel stretch run once, before the split.
  const pre = [plan.deinterlace ? 'bwdif=mode=send_frame:deint=interlaced' : '', plan.sourceSampleAspect !== undefined ? 'scale=w=trunc(iw*sar/2)*2:h=ih,setsar=1' : ''].filter((f) => f !== '');
  const graph: string[] = [`[0:v:0]${pre.map((f) => `${f},`).join('')}split=${n}${plan.rungs.map((_, i) => `[s${i}]`).join('')}`];
  plan.rungs.forEach((r, i) => graph.push(`[s${i}]${videoChain(r)}[v${i}]`));
  const audioOuts = plan.audio === 'muxed' ? n : plan.audio === 'separate' ? 1 : 0;
  if (withAudio) {
    // Trim the audio one AAC frame short of the video: the encoder's priming frame would
    // otherwise spill a ~21 ms segment past the last video boundary.
    const audioEnd = Math.max(AAC_FRAME_SEC, plan.durationSec - AAC_FRAME_SEC).toFixed(6);
    const gain = silent || !measured || measured.inputI <= SILENCE_LUFS
      ? ''
      : `loudnorm=${loudnormTarget(plan)}:measured_I=${measured.inputI}:measured_TP=${measured.inputTp}:measured_LRA=${measured.inputLra}:measured_thresh=${measured.inputThresh}:offset=${measured.targetOffset}:linear=true,`;
    const layout = plan.audioChannels === 1 ? 'mono' : 'stereo';
    const chain = `${silent ? '[1:a:0]' : '[0:a:0]'}${gain}aresample=48000,aformat=sample_fmts=fltp:channel_layouts=${layout},apad,atrim=end=${audioEnd}`;
    graph.push(audioOuts > 1 ? `${chain},asplit=${audioOuts}${Array.from({ length: audioOuts }, (_, i) => `[a${i}]`).join('')}` : `${chain}[a0]`);
  }
  args.push('-filter_complex', graph.join(';'), '-map_metadata', '-1', '-map_chapters', '-1');

  plan.rungs.forEach((r, i) => {
    args.push('-map', `[v${i}]`, ...x264Args(r, plan));
    if (plan.audio === 'muxed') args.push('-map', `[a${i}]`, ...aacArgs(plan));
    args.push('-t', plan.durationSec.toFixed(6), ...hlsArgs(plan, `${outDir}/${L.videoDir(i)}`, L.segmentExt));
  });
  if (plan.audio === 'separate') args.push('-map', '[a0]', ...aacArgs(plan), ...hlsArgs(plan, `${outDir}/${L.audioDir}`, L.segmentExt));
  return args;
}

function videoChain(r: RungPlan): string {
  return `fps=${r.fps},scale=w=${r.width}:h=${r.height}:force_original_aspect_ratio=decrease:force_divisible_by=2,pad=${r.width}:${r.height}:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1,format=yuv420p`;
}

function x264Args(r: RungPlan, plan: EncodePlan): string[] {
  return [
    '-c:v', 'libx264', '-preset', plan.preset, '-profile:v', r.profile, ...(r.level ? ['-level:v', r.level] : []),
    '-b:v', String(r.videoBitrate), '-maxrate', String(r.maxrate), '-bufsize', String(r.bufsize),
    '-g', String(r.gopFrames), '-keyint_min', String(r.gopFrames), '-sc_threshold', '0', '-flags', '+cgop',
    '-force_key_frames', `expr:gte(t,n_forced*${plan.segmentSec})`, '-forced-idr', '1',
    ...(plan.threads > 0 ? ['-threads', String(plan.threads)] : []),
  ];
}

function aacArgs(plan: EncodePlan): string[] {
  return ['-c:a', 'aac', '-b:a', String(plan.audioBitrate), '-ar', '48000', '-ac', String(plan.audioChannels)];
}

function hlsArgs(plan: EncodePlan, dir: string, ext: 'ts' | 'm4s'): string[] {
  return [
    '-f', 'hls', '-hls_time', String(plan.segmentSec), '-hls_playlist_type', 'vod', '-hls_list_size', '0', '-hls_flags', 'independent_segments',
    '-hls_segment_type', plan.container === 'fmp4' ? 'fmp4' : 'mpegts', ...(plan.container === 'fmp4' ? ['-hls_fmp4_init_filename', 'init.mp4'] : []),
    '-hls_segment_filename', `${dir}/seg%03d.${ext}`, `${dir}/index.m3u8`,
  ];
}

/**
 * DASH (ISO 23009-1, CMAF fragments): the encoded renditions remuxed without re-encoding, one
 * video AdaptationSet and one audio AdaptationSet. Representation ids are the input order:
 * the video rungs 0…n-1, then the audio.
 */
export function dashArgs(plan: EncodePlan, outDir: string): string[] {
  const L = outputLayout(plan);
  const args = ['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'error', '-y'];
  plan.rungs.forEach((_, i) => args.push('-i', `${outDir}/${L.videoDir(i)}/index.m3u8`));
  if (plan.audio === 'separate') args.push('-i', `${outDir}/${L.audioDir}/index.m3u8`);
  plan.rungs.forEach((_, i) => args.push('-map', `${i}:v:0`));
  if (plan.audio === 'separate') args.push('-map', `${plan.rungs.length}:a:0`);
  if (plan.audio === 'muxed') args.push('-map', '0:a:0');
  args.push(
    '-c', 'copy', '-tag:v', 'avc1', ...(plan.audio !== 'none' ? ['-tag:a', 'mp4a'] : []),
    '-f', 'dash', '-seg_duration', String(plan.segmentSec), '-use_template', '1', '-use_timeline', '1',
    '-init_seg_name', 'init-$RepresentationID$.m4s', '-media_seg_name', 'seg-$RepresentationID$-$Number%03d$.m4s',
    '-adaptation_sets', plan.audio === 'none' ? 'id=0,streams=v' : 'id=0,streams=v id=1,streams=a',
    `${outDir}/${L.dashDir}/manifest.mpd`,
  );
  return args;
}

/** Measures a rendition's integrated loudness (ebur128 summary on stderr). */
export function loudnessCheckArgs(playlist: string): string[] {
  return ['-hide_banner', '-nostdin', '-nostats', '-i', playlist, '-map', '0:a:0', '-af', 'ebur128=framelog=verbose', '-f', 'null', '-'];
}

/** Video packets (time, flags) of a rendition, to check that every segment starts on a keyframe. */
export function keyframeProbeArgs(playlist: string): string[] {
  return ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,flags', '-of', 'csv=p=0', playlist];
}

/** loudnorm's first-pass JSON block from ffmpeg's stderr. */
export function parseLoudnorm(stderr: string): LoudnormMeasure | undefined {
  const m = /\{[^{}]*"input_i"[^{}]*\}/s.exec(stderr);
  if (!m) return undefined;
  let o: Record<string, string>;
  try {
    o = JSON.parse(m[0]) as Record<string, string>;
  } catch {
    return undefined;
  }
  const n = (k: string): number => {
    const v = Number(o[k]);
    return Number.isFinite(v) ? v : -99;
  };
  return { inputI: n('input_i'), inputTp: n('input_tp'), inputLra: Math.max(0, n('input_lra')), inputThresh: n('input_thresh'), targetOffset: Math.max(-99, Math.min(99, n('target_offset'))) };
}

/** ebur128's integrated loudness ("I: -24.0 LUFS" in its summary). */
export function parseEbur128(stderr: string): number | undefined {
  const m = /Integrated loudness:\s*I:\s*(-?[\d.]+|-inf)\s*LUFS/s.exec(stderr);
  const v = Number(m?.[1]);
  return Number.isFinite(v) ? v : undefined;
}
