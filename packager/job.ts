/**
 * @module packager/job
 * One packaging job, start to finish (docs/packaging-creatives.md "The packager"): download the
 * mezzanine, probe it, plan the renditions from the content's ladder, measure its loudness,
 * encode every rendition in one ffmpeg run, remux them to DASH, read the output back and check
 * it, upload it into the job's folder, and hand in creative.json. Never throws: the outcome
 * says what happened, and a failure says at which stage, in the tool's own words, and whether
 * retrying can help. The scratch folder is removed whatever happens.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Job, PackagerApi } from './api-client.ts';
import type { PackagerConfig } from './config.ts';
import { downloadMezzanine } from './download.ts';
import { DEFAULT_LADDER, planEncode, type EncodePlan } from './encode-plan.ts';
import { dashArgs, encodeArgs, loudnessMeasureArgs, outputLayout, parseLoudnorm, type LoudnormMeasure } from './ffmpeg-args.ts';
import { inspectOutput } from './inspect.ts';
import { probeSource } from './media-probe.ts';
import { creativeJson, multivariantPlaylist, verifyRenditions, type ProducedRendition } from './renditions.ts';
import { runTool, toolFailure } from './tool-run.ts';

export type Stage = 'download' | 'probe' | 'plan' | 'loudness' | 'transcode' | 'dash' | 'check' | 'upload' | 'publish';

export interface JobSummary {
  readonly key: string;
  readonly sourceUrl: string;
  readonly durationSec: number;
  readonly videoRenditions: number;
  readonly audioRenditions: number;
  readonly container: string;
  readonly segments: number;
  readonly segmentSec: number;
  readonly files: number;
  readonly bytes: number;
  readonly sourceBytes: number;
  readonly timingsMs: Readonly<Record<string, number>>;
  readonly totalMs: number;
  readonly loudnessLufs?: number;
  readonly notes: readonly string[];
}

export type JobOutcome =
  | { readonly kind: 'published'; readonly summary: JobSummary }
  | { readonly kind: 'failed'; readonly stage: Stage; readonly message: string; readonly permanent: boolean }
  | { readonly kind: 'lease-lost'; readonly message: string }
  | { readonly kind: 'stopped' };

export interface JobContext {
  readonly api: PackagerApi;
  readonly config: PackagerConfig;
  readonly signal: AbortSignal;
  /** Why `signal` was aborted: the lease was lost, or the packager is shutting down. */
  readonly abortReason: () => 'lease-lost' | 'stopping' | undefined;
  readonly log: (line: string) => void;
}

const UPLOAD_CONCURRENCY = 4;
const PROGRESS_EVERY_MS = 5_000;

class StageFailure {
  constructor(readonly stage: Stage, readonly message: string, readonly permanent = false) {}
}

export async function runJob(job: Job, ctx: JobContext): Promise<JobOutcome> {
  const dir = join(ctx.config.workDir, 'edge-ssai-packager', `${job.jobDir}-${process.pid}`);
  const startedMs = Date.now();
  try {
    await mkdir(join(dir, 'out'), { recursive: true });
    const summary = await pipeline(job, ctx, dir, startedMs);
    return { kind: 'published', summary };
  } catch (e) {
    const reason = ctx.abortReason();
    if (reason === 'stopping') return { kind: 'stopped' };
    if (reason === 'lease-lost') return { kind: 'lease-lost', message: 'the lease was lost (expired, or taken by another packager)' };
    // Tool messages name files by their scratch path; the folder means nothing to whoever reads the queue.
    if (e instanceof StageFailure) return { kind: 'failed', stage: e.stage, message: `${e.stage}: ${e.message}`.replaceAll(`${dir}/`, ''), permanent: e.permanent };
    return { kind: 'failed', stage: 'publish', message: `internal error: ${e instanceof Error ? e.message : String(e)}`, permanent: false };
  } finally {
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

async function pipeline(job: Job, ctx: JobContext, dir: string, startedMs: number): Promise<JobSummary> {
  const cfg = ctx.config;
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
    const t = Date.now();
    try {
      return await f();
    } finally {
      timings[name] = (timings[name] ?? 0) + Date.now() - t;
    }
  };
  const short = shortKey(job.key);
  const signalOpt = { signal: ctx.signal };
  const toolMs = cfg.transcodeTimeoutSec * 1000;

  const source = join(dir, 'mezzanine');
  const got = await timed('download', () => downloadMezzanine(job.sourceUrl, source, { maxBytes: cfg.maxDownloadBytes, timeoutMs: cfg.downloadTimeoutSec * 1000, allowPrivateHosts: cfg.allowPrivateHosts, serviceOrigin: cfg.serviceUrl }, ctx.signal));
  if (!got.ok) throw new StageFailure('download', `${job.sourceUrl}: ${got.error.message}`, got.error.permanent);
  ctx.log(`${short} downloaded ${mb(got.value.bytes)} in ${sec(got.value.durationMs)}`);

  const probed = await timed('probe', () => probeSource(cfg.ffprobe, source, 60_000, ctx.signal));
  if (!probed.ok) throw new StageFailure('probe', probed.error);
  const info = probed.value;
  const planned = planEncode(job.ladder ?? DEFAULT_LADDER, info, { maxSourceDurationSec: cfg.maxSourceDurationSec, loudnessLufs: cfg.loudnessLufs, preset: cfg.preset, threads: cfg.threads });
  if (!planned.ok) throw new StageFailure('plan', planned.error, true);
  const plan = planned.value;
  ctx.log(`${short} ${info.video.width}x${info.video.height} ${info.video.fps.toFixed(2)} fps ${info.durationSec.toFixed(2)} s${info.audio ? ` + ${info.audio.channels} ch audio` : ', no audio'} → ${plan.rungs.map((r) => `${r.width}x${r.height}@${Math.round(r.videoBitrate / 1000)}k`).join(' ')}, ${plan.container} ${plan.segmentSec} s segments, audio ${plan.audio}${job.ladder ? '' : ' (default ladder: the session did not record one)'}`);

  let measured: LoudnormMeasure | undefined;
  if (plan.audio !== 'none' && plan.sourceHasAudio) {
    const r = await timed('loudness', () => runTool(cfg.ffmpeg, loudnessMeasureArgs(source, plan), { timeoutMs: toolMs, ...signalOpt }));
    if (r.code !== 0) throw new StageFailure('loudness', toolFailure('ffmpeg', r, toolMs));
    measured = parseLoudnorm(r.stderr);
  }

  const out = join(dir, 'out');
  const L = outputLayout(plan);
  for (const [i] of plan.rungs.entries()) await mkdir(join(out, L.videoDir(i)), { recursive: true });
  await mkdir(join(out, L.audioDir), { recursive: true });
  await mkdir(join(out, L.dashDir), { recursive: true });
  let lastProgressMs = Date.now();
  const encoded = await timed('transcode', () =>
    runTool(cfg.ffmpeg, encodeArgs(plan, source, out, measured), {
      timeoutMs: toolMs,
      ...signalOpt,
      onProgress: (t, speed) => {
        if (Date.now() - lastProgressMs < PROGRESS_EVERY_MS) return;
        lastProgressMs = Date.now();
        ctx.log(`${short} transcoding ${Math.min(100, Math.round((100 * t) / plan.durationSec))}% (${t.toFixed(1)} of ${plan.durationSec.toFixed(1)} s, ${speed})`);
      },
    }),
  );
  if (encoded.code !== 0) throw new StageFailure('transcode', toolFailure('ffmpeg', encoded, toolMs));
  const dashed = await timed('dash', () => runTool(cfg.ffmpeg, dashArgs(plan, out), { timeoutMs: toolMs, ...signalOpt }));
  if (dashed.code !== 0) throw new StageFailure('dash', toolFailure('ffmpeg', dashed, toolMs));

  const inspected = await timed('check', () => inspectOutput(plan, out, { ffmpeg: cfg.ffmpeg, ffprobe: cfg.ffprobe, timeoutMs: toolMs, ...signalOpt }));
  if (!inspected.ok) throw new StageFailure('check', inspected.error);
  const renditions = inspected.value;
  const verified = verifyRenditions(renditions, plan);
  if (!verified.ok) throw new StageFailure('check', verified.error);
  await writeFile(join(out, 'index.m3u8'), multivariantPlaylist(renditions, plan));

  const files = await listFiles(out);
  let bytes = 0;
  await timed('upload', () =>
    eachLimited(files, UPLOAD_CONCURRENCY, async (f) => {
      if (ctx.signal.aborted) throw new StageFailure('upload', 'stopped');
      const r = await ctx.api.upload(job, relative(out, f).split('\\').join('/'), f);
      if (!r.ok) throw new StageFailure('upload', r.error.message);
      bytes += r.value;
    }),
  );
  const sourceFacts = { url: job.sourceUrl, sha256: got.value.sha256, bytes: got.value.bytes, durationSec: info.durationSec, width: info.video.width, height: info.video.height };
  const manifest = creativeJson(job.key, job.jobDir, renditions, plan, sourceFacts, { jobDir: job.jobDir, attempt: job.attempt, ladder: job.ladder ?? 'default', notes: plan.notes, loudnessTargetLufs: plan.loudnessLufs, preset: plan.preset });
  const done = await timed('publish', () => ctx.api.complete(job, manifest));
  if (!done.ok) throw new StageFailure('publish', done.error.message);
  return summarize(job, plan, renditions, files.length, bytes, got.value.bytes, timings, Date.now() - startedMs);
}

function summarize(job: Job, plan: EncodePlan, rs: readonly ProducedRendition[], files: number, bytes: number, sourceBytes: number, timingsMs: Record<string, number>, totalMs: number): JobSummary {
  const ref = rs.find((r) => r.kind === 'video');
  const loud = rs.find((r) => r.loudnessLufs !== undefined)?.loudnessLufs;
  return {
    key: job.key,
    sourceUrl: job.sourceUrl,
    durationSec: (ref?.durationsSec ?? []).reduce((a, b) => a + b, 0),
    videoRenditions: rs.filter((r) => r.kind === 'video').length,
    audioRenditions: rs.filter((r) => r.kind === 'audio').length,
    container: plan.container,
    segments: ref?.durationsSec.length ?? 0,
    segmentSec: plan.segmentSec,
    files,
    bytes,
    sourceBytes,
    timingsMs,
    totalMs,
    ...(loud !== undefined ? { loudnessLufs: loud } : {}),
    notes: plan.notes,
  };
}

/** The one summary line per published job. */
export function summaryLine(s: JobSummary): string {
  const parts = Object.entries(s.timingsMs).filter(([, ms]) => ms >= 50).map(([k, ms]) => `${k} ${sec(ms)}`);
  const audio = s.audioRenditions > 0 ? ` + ${s.audioRenditions} audio` : '';
  const loud = s.loudnessLufs !== undefined ? `, ${s.loudnessLufs.toFixed(1)} LUFS` : '';
  return `done ${shortKey(s.key)} (${s.sourceUrl}): ${s.durationSec.toFixed(2)} s creative → ${s.videoRenditions} video${audio} renditions, HLS ${s.container} + DASH, ${s.segments} × ${s.segmentSec} s segments${loud}; uploaded ${mb(s.bytes)} in ${s.files} files (source ${mb(s.sourceBytes)}); took ${sec(s.totalMs)} (${parts.join(', ')})`;
}

export function shortKey(key: string): string {
  return key.startsWith('url/') ? `url/${key.slice(4, 12)}…` : key;
}

const sec = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const mb = (b: number): string => (b >= 1024 * 1024 ? `${(b / 1024 / 1024).toFixed(1)} MB` : `${(b / 1024).toFixed(0)} KB`);

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();
}

/** Runs `f` on every item, `limit` at a time; the first failure stops the others taking more. */
async function eachLimited<T>(items: readonly T[], limit: number, f: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (next < items.length && !failed) {
      const item = items[next++] as T;
      try {
        await f(item);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
