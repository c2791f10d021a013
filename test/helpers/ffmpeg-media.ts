/**
 * Generated media for packager tests and benchmarks (ffmpeg's lavfi sources: a moving test
 * pattern and a sine tone, nothing downloaded), and whether this machine has ffmpeg with libx264.
 */
import { spawnSync } from 'node:child_process';

/** Why ffmpeg tests cannot run here, or undefined when ffmpeg (with libx264) and ffprobe are installed. */
export function ffmpegUnavailable(): string | undefined {
  const enc = spawnSync('ffmpeg', ['-hide_banner', '-encoders'], { encoding: 'utf8' });
  if (enc.status !== 0) return 'ffmpeg is not installed (apt-get install ffmpeg)';
  if (!/\blibx264\b/.test(enc.stdout)) return 'ffmpeg has no libx264';
  if (spawnSync('ffprobe', ['-version'], { stdio: 'ignore' }).status !== 0) return 'ffprobe is not installed';
  return undefined;
}

export interface TestMp4 {
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  readonly durationSec: number;
  /** A tone at about -14 LUFS (louder than the −24 target), or no audio stream. */
  readonly audio: boolean;
  /** moov before mdat (as ad servers deliver); false leaves it at the end. */
  readonly faststart?: boolean;
  readonly preset?: string;
  readonly videoBitrate?: string;
}

/** Writes an H.264/AAC MP4 with ffmpeg; throws with ffmpeg's message if that fails (test setup). */
export function makeMp4(path: string, m: TestMp4): void {
  const args = ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=${m.width}x${m.height}:rate=${m.fps}`];
  if (m.audio) args.push('-f', 'lavfi', '-i', 'sine=frequency=550:sample_rate=48000,volume=0.6');
  args.push('-t', String(m.durationSec), '-c:v', 'libx264', '-preset', m.preset ?? 'ultrafast', '-pix_fmt', 'yuv420p', ...(m.videoBitrate ? ['-b:v', m.videoBitrate] : []));
  if (m.audio) args.push('-c:a', 'aac', '-b:a', '128k', '-ac', '2');
  if (m.faststart !== false) args.push('-movflags', '+faststart');
  args.push(path);
  const r = spawnSync('ffmpeg', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ffmpeg could not make ${path}: ${r.stderr}`);
}
