/**
 * @module packager/renditions
 * What a job produced, checked and described (docs/packaging-creatives.md "Store layout"):
 * alignment (same segment count in every rendition, video boundaries within a frame of each
 * other, audio within an AAC or video frame, a keyframe at every video boundary, the whole
 * duration there), measured bandwidths (peak segment bitrate and average, RFC 8216 §4.3.4.2:
 * a video variant's counts its audio rendition too), the HLS multivariant playlist and the
 * creative.json the edge reads. Pure.
 */
import { err, ok, type Result } from '../src/core/result.ts';
import type { EncodePlan } from './encode-plan.ts';
import { AAC_FRAME_SEC } from './ffmpeg-args.ts';

export interface ProducedRendition {
  readonly kind: 'video' | 'audio';
  /** Folder inside the job, e.g. `v0`. */
  readonly dir: string;
  readonly width?: number;
  readonly height?: number;
  readonly frameRate?: number;
  readonly durationsSec: readonly number[];
  readonly segmentBytes: readonly number[];
  readonly initBytes?: number;
  /** RFC 6381 codec of this rendition's own stream(s), e.g. `avc1.4d401e` or `avc1.4d401e,mp4a.40.2` when muxed. */
  readonly codecs: string;
  /** Video: keyframe times from the rendition's first packet, seconds. */
  readonly keyframesSec?: readonly number[];
  readonly channels?: number;
  readonly loudnessLufs?: number;
}

export interface Bandwidth {
  readonly peak: number;
  readonly average: number;
}

/** Peak segment bitrate and average bitrate, bits per second, rounded up. */
export function bandwidthOf(r: ProducedRendition): Bandwidth {
  let peak = 0;
  let bytes = 0;
  let sec = 0;
  r.durationsSec.forEach((d, i) => {
    const b = r.segmentBytes[i] ?? 0;
    if (d > 0) peak = Math.max(peak, (b * 8) / d);
    bytes += b;
    sec += d;
  });
  return { peak: Math.ceil(peak), average: sec > 0 ? Math.ceil((bytes * 8) / sec) : 0 };
}

const starts = (durations: readonly number[]): number[] => {
  const out: number[] = [];
  let t = 0;
  for (const d of durations) {
    out.push(t);
    t += d;
  }
  return out;
};

/** The checks of docs/packaging-creatives.md "Why alignment matters"; the message names what is wrong. */
export function verifyRenditions(rs: readonly ProducedRendition[], plan: EncodePlan): Result<true, string> {
  const videos = rs.filter((r) => r.kind === 'video');
  const ref = videos[0];
  if (!ref || ref.durationsSec.length === 0) return err('ALIGNMENT: no video segments were produced');
  const frameSec = Math.max(...plan.rungs.map((r) => 1 / r.fpsValue));
  const total = ref.durationsSec.reduce((a, b) => a + b, 0);
  const missing = plan.durationSec - total;
  if (missing > Math.max(0.5, 2 * frameSec)) {
    return err(`SOURCE: the video ends after ${total.toFixed(2)} s of ${plan.durationSec.toFixed(2)} s (a truncated or damaged file)`);
  }
  const refStarts = starts(ref.durationsSec);
  for (const r of rs) {
    if (r.durationsSec.length !== ref.durationsSec.length) return err(`ALIGNMENT: ${r.dir} has ${r.durationsSec.length} segments, ${ref.dir} has ${ref.durationsSec.length}`);
    if (r.segmentBytes.length !== r.durationsSec.length || r.segmentBytes.some((b) => b <= 0)) return err(`OUTPUT: ${r.dir} has a missing or empty segment`);
    const tol = (r.kind === 'audio' ? Math.max(AAC_FRAME_SEC, frameSec) : frameSec) + 0.001;
    const mine = starts(r.durationsSec);
    for (let i = 1; i < mine.length; i++) {
      const d = Math.abs((mine[i] ?? 0) - (refStarts[i] ?? 0));
      if (d > tol) return err(`ALIGNMENT: ${r.dir} segment ${i} starts at ${(mine[i] ?? 0).toFixed(6)} s, ${ref.dir} at ${(refStarts[i] ?? 0).toFixed(6)} s`);
    }
    if (r.kind === 'video') {
      const keys = r.keyframesSec ?? [];
      for (const [i, t] of mine.entries()) {
        if (!keys.some((k) => Math.abs(k - t) <= frameSec / 2 + 0.001)) return err(`KEYFRAME: ${r.dir} segment ${i} (at ${t.toFixed(3)} s) does not start with a keyframe`);
      }
    }
  }
  return ok(true);
}

const num = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(3));

/** The HLS multivariant playlist (RFC 8216 §4.3.4), variants in ladder order. */
export function multivariantPlaylist(rs: readonly ProducedRendition[], plan: EncodePlan): string {
  const audio = rs.find((r) => r.kind === 'audio');
  const aBw = audio ? bandwidthOf(audio) : { peak: 0, average: 0 };
  const lines = ['#EXTM3U', `#EXT-X-VERSION:${plan.container === 'fmp4' ? 7 : 3}`, '#EXT-X-INDEPENDENT-SEGMENTS'];
  if (audio) lines.push(`#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="audio",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="${audio.channels ?? plan.audioChannels}",URI="${audio.dir}/index.m3u8"`);
  for (const v of rs.filter((r) => r.kind === 'video')) {
    const bw = bandwidthOf(v);
    const codecs = audio ? `${v.codecs},${audio.codecs}` : v.codecs;
    lines.push(
      `#EXT-X-STREAM-INF:BANDWIDTH=${bw.peak + aBw.peak},AVERAGE-BANDWIDTH=${bw.average + aBw.average},RESOLUTION=${v.width}x${v.height},CODECS="${codecs}",FRAME-RATE=${(v.frameRate ?? 0).toFixed(3)}${audio ? ',AUDIO="aud"' : ''}`,
      `${v.dir}/index.m3u8`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export interface SourceFacts {
  readonly url: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly durationSec: number;
  readonly width: number;
  readonly height: number;
}

/** creative.json: what the edge reads (core/creatives/creative-media) plus what an operator wants to know. */
export function creativeJson(key: string, jobDir: string, rs: readonly ProducedRendition[], plan: EncodePlan, source: SourceFacts, packaged: Record<string, unknown>): Record<string, unknown> {
  const audio = rs.find((r) => r.kind === 'audio');
  const aBw = audio ? bandwidthOf(audio) : { peak: 0, average: 0 };
  const ref = rs.find((r) => r.kind === 'video');
  const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;
  const fmp4 = plan.container === 'fmp4';
  const renditions = rs.map((r) => {
    const bw = bandwidthOf(r);
    const video = r.kind === 'video';
    return {
      path: `${jobDir}/${r.dir}/index.m3u8`,
      kind: r.kind,
      bandwidth: video ? bw.peak + aBw.peak : bw.peak,
      averageBandwidth: video ? bw.average + aBw.average : bw.average,
      width: r.width ?? null,
      height: r.height ?? null,
      codecs: video && audio ? `${r.codecs},${audio.codecs}` : r.codecs,
      frameRate: r.frameRate !== undefined ? Number(num(r.frameRate)) : null,
      segmentCount: r.durationsSec.length,
      segmentDurationsSec: r.durationsSec.map(round6),
      ...(fmp4 ? { segmentExt: 'm4s', initPath: `${jobDir}/${r.dir}/init.mp4` } : {}),
      ...(r.channels !== undefined ? { channels: r.channels } : {}),
      ...(r.loudnessLufs !== undefined ? { loudnessLufs: r.loudnessLufs } : {}),
    };
  });
  return {
    key,
    durationSec: round6((ref?.durationsSec ?? []).reduce((a, b) => a + b, 0)),
    segmentSec: plan.segmentSec,
    segmentDurationsSec: (ref?.durationsSec ?? []).map(round6),
    format: fmp4 ? 'hls-fmp4' : 'hls-ts',
    audio: plan.audio,
    hls: `${jobDir}/index.m3u8`,
    dash: `${jobDir}/dash/manifest.mpd`,
    renditions,
    source,
    packaged,
  };
}

/** RFC 6381 codecs of each DASH Representation, by id, from the MPD ffmpeg wrote. */
export function mpdCodecs(mpd: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of mpd.matchAll(/<Representation\b([^>]*)>/g)) {
    const attrs = m[1] ?? '';
    const id = /\bid="([^"]*)"/.exec(attrs)?.[1];
    const codecs = /\bcodecs="([^"]*)"/.exec(attrs)?.[1];
    if (id !== undefined && codecs) out.set(id, codecs);
  }
  return out;
}

/** Keyframe times from `ffprobe -show_entries packet=pts_time,flags -of csv=p=0`, relative to the first packet. */
export function keyframeTimes(csv: string): number[] {
  const rows = csv.split('\n').map((l) => l.trim().split(',')).filter((c) => c.length >= 2 && c[0] !== '' && c[0] !== 'N/A');
  const first = Math.min(...rows.map((c) => Number(c[0])).filter(Number.isFinite));
  return rows.filter((c) => (c[1] ?? '').startsWith('K')).map((c) => Number(c[0]) - first);
}
