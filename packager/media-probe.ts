/**
 * @module packager/media-probe
 * What the mezzanine holds, from ffprobe's JSON: the video's duration, the first video stream's
 * displayed size (rotation and non-square pixels applied, as the encode applies them), frame
 * rate and scan type, the first audio stream's channels. A file ffprobe cannot read, or one without video or duration, is refused
 * with ffprobe's own words.
 */
import { err, ok, type Result } from '../src/core/result.ts';
import { runTool, toolFailure } from './tool-run.ts';

export interface SourceInfo {
  readonly formatName: string;
  readonly durationSec: number;
  /** Display size (rotation and non-square pixels applied). */
  readonly video: { readonly codec: string; readonly width: number; readonly height: number; readonly fps: number; readonly interlaced?: boolean; readonly sampleAspect?: number };
  readonly audio?: { readonly codec: string; readonly channels: number; readonly sampleRate: number };
}

export const PROBE_ARGS = ['-v', 'error', '-show_entries', 'format=format_name,duration:stream=index,codec_type,codec_name,width,height,sample_aspect_ratio,field_order,avg_frame_rate,r_frame_rate,duration,channels,sample_rate:stream_tags=rotate:stream_side_data=rotation', '-of', 'json'];

export async function probeSource(ffprobe: string, file: string, timeoutMs: number, signal?: AbortSignal): Promise<Result<SourceInfo, string>> {
  const r = await runTool(ffprobe, [...PROBE_ARGS, file], { timeoutMs, captureStdout: true, ...(signal ? { signal } : {}) });
  if (r.code !== 0) return err(`not a readable media file: ${toolFailure('ffprobe', r, timeoutMs)}`);
  return parseProbe(r.stdout);
}

interface ProbeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  sample_aspect_ratio?: string;
  field_order?: string;
  duration?: string;
  channels?: number;
  sample_rate?: string;
  tags?: { rotate?: string };
  side_data_list?: { rotation?: number }[];
}

/** Reads ffprobe's JSON (PROBE_ARGS). Never throws. */
export function parseProbe(json: string): Result<SourceInfo, string> {
  let doc: { streams?: ProbeStream[]; format?: { format_name?: string; duration?: string } };
  try {
    doc = JSON.parse(json) as typeof doc;
  } catch {
    return err('ffprobe did not answer JSON');
  }
  const streams = Array.isArray(doc.streams) ? doc.streams : [];
  const v = streams.find((s) => s.codec_type === 'video' && (s.width ?? 0) > 0 && (s.height ?? 0) > 0 && !/^(mjpeg|png|bmp|gif)$/.test(s.codec_name ?? ''));
  if (!v) return err('the file has no video stream');
  const a = streams.find((s) => s.codec_type === 'audio' && (s.channels ?? 0) > 0);
  // The video's own duration when the container gives it (an audio tail does not make the ad longer).
  const durationSec = positive(v.duration) ?? positive(doc.format?.duration) ?? 0;
  if (durationSec <= 0) return err('the file has no duration (a still image, or a truncated file)');
  const rotation = Math.abs(Number(v.side_data_list?.find((d) => d.rotation !== undefined)?.rotation ?? v.tags?.rotate ?? 0)) % 180;
  // Anamorphic sources (DV, broadcast SD) are stretched to square pixels before anything else.
  const sar = ratio(v.sample_aspect_ratio);
  const stored = { w: Math.round((v.width ?? 0) * (sar ?? 1)), h: v.height ?? 0 };
  const [width, height] = rotation === 90 ? [stored.h, stored.w] : [stored.w, stored.h];
  const fps = rate(v.avg_frame_rate) ?? rate(v.r_frame_rate) ?? 25;
  const interlaced = ['tt', 'bb', 'tb', 'bt'].includes(v.field_order ?? '');
  return ok({
    formatName: doc.format?.format_name ?? '',
    durationSec,
    video: { codec: v.codec_name ?? '', width, height, fps, ...(interlaced ? { interlaced } : {}), ...(sar !== undefined && Math.abs(sar - 1) > 0.001 ? { sampleAspect: sar } : {}) },
    ...(a ? { audio: { codec: a.codec_name ?? '', channels: a.channels ?? 2, sampleRate: Number(a.sample_rate ?? 0) || 48000 } } : {}),
  });
}

function positive(text: string | undefined): number | undefined {
  const n = Number(text);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** `16:15` → 1.0667; `0:1`, `1:1` or nonsense → undefined (square pixels). */
function ratio(text: string | undefined): number | undefined {
  const m = /^(\d+):(\d+)$/.exec(text ?? '');
  if (!m || Number(m[1]) === 0 || Number(m[2]) === 0) return undefined;
  const v = Number(m[1]) / Number(m[2]);
  return v >= 0.25 && v <= 4 ? v : undefined;
}

/** `30000/1001` → 29.97; nonsense (0/0, 90000/1 from a broken timebase) → undefined. */
function rate(text: string | undefined): number | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(text ?? '');
  if (!m) return undefined;
  const v = Number(m[1]) / Number(m[2]);
  return Number.isFinite(v) && v >= 1 && v <= 240 ? v : undefined;
}
