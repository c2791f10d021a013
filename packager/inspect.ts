/**
 * @module packager/inspect
 * Reads back what the encode wrote, so nothing about the output is assumed: segment durations
 * from ffmpeg's media playlists, sizes from the files, keyframe positions from ffprobe, CODECS
 * from the DASH MPD (ffmpeg derives them from the SPS and the AudioSpecificConfig, RFC 6381),
 * loudness from `ebur128`.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseMediaPlaylist } from '../src/core/hls/media-playlist.ts';
import { err, ok, type Result } from '../src/core/result.ts';
import type { EncodePlan } from './encode-plan.ts';
import { keyframeProbeArgs, loudnessCheckArgs, outputLayout, parseEbur128 } from './ffmpeg-args.ts';
import { keyframeTimes, mpdCodecs, type ProducedRendition } from './renditions.ts';
import { runTool, toolFailure } from './tool-run.ts';

export interface InspectTools {
  readonly ffmpeg: string;
  readonly ffprobe: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export async function inspectOutput(plan: EncodePlan, outDir: string, tools: InspectTools): Promise<Result<ProducedRendition[], string>> {
  const L = outputLayout(plan);
  let mpd: string;
  try {
    mpd = await readFile(join(outDir, L.dashDir, 'manifest.mpd'), 'utf8');
  } catch {
    return err('OUTPUT: the DASH manifest was not written');
  }
  const codecs = mpdCodecs(mpd);
  const out: ProducedRendition[] = [];
  for (const [i, rung] of plan.rungs.entries()) {
    const files = await renditionFiles(join(outDir, L.videoDir(i)), L.videoDir(i));
    if (!files.ok) return files;
    const video = codecs.get(String(i));
    if (!video) return err(`OUTPUT: no CODECS for ${L.videoDir(i)} in the DASH manifest`);
    const audioId = String(plan.rungs.length);
    const withAudio = plan.audio === 'muxed' ? `${video},${codecs.get(audioId) ?? 'mp4a.40.2'}` : video;
    const probe = await runTool(tools.ffprobe, keyframeProbeArgs(join(outDir, L.videoDir(i), 'index.m3u8')), { timeoutMs: tools.timeoutMs, captureStdout: true, ...(tools.signal ? { signal: tools.signal } : {}) });
    if (probe.code !== 0) return err(`OUTPUT: ${toolFailure('ffprobe', probe, tools.timeoutMs)}`);
    const loudness = plan.audio === 'muxed' && i === 0 ? await measureLoudness(join(outDir, L.videoDir(i), 'index.m3u8'), tools) : undefined;
    out.push({ kind: 'video', dir: L.videoDir(i), width: rung.width, height: rung.height, frameRate: rung.fpsValue, ...files.value, codecs: withAudio, keyframesSec: keyframeTimes(probe.stdout), ...(loudness !== undefined ? { loudnessLufs: loudness } : {}) });
  }
  if (plan.audio === 'separate') {
    const files = await renditionFiles(join(outDir, L.audioDir), L.audioDir);
    if (!files.ok) return files;
    const loudness = await measureLoudness(join(outDir, L.audioDir, 'index.m3u8'), tools);
    out.push({ kind: 'audio', dir: L.audioDir, ...files.value, codecs: codecs.get(String(plan.rungs.length)) ?? 'mp4a.40.2', channels: plan.audioChannels, ...(loudness !== undefined ? { loudnessLufs: loudness } : {}) });
  }
  return ok(out);
}

async function renditionFiles(dir: string, name: string): Promise<Result<{ durationsSec: number[]; segmentBytes: number[]; initBytes?: number }, string>> {
  let text: string;
  try {
    text = await readFile(join(dir, 'index.m3u8'), 'utf8');
  } catch {
    return err(`OUTPUT: ${name}/index.m3u8 was not written`);
  }
  const model = parseMediaPlaylist(text);
  if (!model.endList) return err(`OUTPUT: ${name}/index.m3u8 is not a finished VOD playlist`);
  const segmentBytes: number[] = [];
  for (const s of model.segments) segmentBytes.push(await size(join(dir, s.uri)));
  const hasMap = model.segments[0]?.mapLine !== undefined;
  return ok({ durationsSec: model.segments.map((s) => s.durationSec), segmentBytes, ...(hasMap ? { initBytes: await size(join(dir, 'init.mp4')) } : {}) });
}

async function size(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

async function measureLoudness(playlist: string, tools: InspectTools): Promise<number | undefined> {
  const r = await runTool(tools.ffmpeg, loudnessCheckArgs(playlist), { timeoutMs: tools.timeoutMs, ...(tools.signal ? { signal: tools.signal } : {}) });
  return r.code === 0 ? parseEbur128(r.stderr) : undefined;
}
