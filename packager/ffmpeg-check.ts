/**
 * @module packager/ffmpeg-check
 * Whether this machine can package: ffmpeg with libx264 and the HLS and DASH muxers, and
 * ffprobe. Used by the packager at start and by `npm start` to decide whether to start one.
 */
import { runTool } from './tool-run.ts';

/** ffmpeg's version line, or why it cannot package (missing, or built without what we need). */
export async function checkFfmpeg(ffmpeg: string, ffprobe: string): Promise<{ ok: true; version: string } | { ok: false; message: string }> {
  const v = await runTool(ffmpeg, ['-hide_banner', '-version'], { timeoutMs: 10_000, captureStdout: true });
  if (v.code !== 0) return { ok: false, message: `ffmpeg not found (${v.spawnError ?? `exit ${v.code}`}); install it: apt-get install ffmpeg (Debian/Ubuntu) or brew install ffmpeg` };
  const enc = await runTool(ffmpeg, ['-hide_banner', '-encoders'], { timeoutMs: 10_000, captureStdout: true });
  const fmt = await runTool(ffmpeg, ['-hide_banner', '-muxers'], { timeoutMs: 10_000, captureStdout: true });
  if (!/\blibx264\b/.test(enc.stdout)) return { ok: false, message: 'this ffmpeg has no libx264 encoder (Debian\'s and Homebrew\'s have it)' };
  if (!/\bhls\b/.test(fmt.stdout) || !/\bdash\b/.test(fmt.stdout)) return { ok: false, message: 'this ffmpeg has no hls or dash muxer' };
  const p = await runTool(ffprobe, ['-hide_banner', '-version'], { timeoutMs: 10_000, captureStdout: true });
  if (p.code !== 0) return { ok: false, message: `ffprobe not found (${p.spawnError ?? `exit ${p.code}`}); it comes with ffmpeg` };
  return { ok: true, version: v.stdout.split('\n')[0] ?? 'ffmpeg' };
}
