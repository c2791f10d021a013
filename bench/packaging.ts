/**
 * @module bench/packaging
 * Packaging speed (issue 11 "Speed"; docs/benchmarks.md "Creative packaging"): a 30 s 1080p
 * H.264 mezzanine (generated with ffmpeg: moving test pattern and a tone, 8 Mb/s) packaged into
 * a 4-rung ladder (1080p 6 Mb/s, 720p 3 Mb/s, 540p 1.8 Mb/s, 360p 0.8 Mb/s, 2 s MPEG-TS
 * segments, separate audio) by the packager's real job (download from loopback, probe,
 * loudness pass, one encode, DASH remux, output checks, uploads to an in-memory store), against
 * ffmpeg's own single-rendition transcode of the same file to each rung (same x264 preset,
 * profile and bitrates, MP4 output, no segmenting, no loudness). Rounds interleave the two.
 *
 * Reported: packaging time per second of creative, and the ratio of our time to the sum of the
 * four single-rendition transcodes (the "per rung" overhead; target < 1.3).
 *
 * Run: `npm run bench -- packaging`. Flags: `--quick` (10 s mezzanine, 1 round, not written),
 * `--rounds=N` (default 3), `--preset=NAME` (x264 preset for both sides, default veryfast),
 * `--no-write`. Needs ffmpeg with libx264; exits 2 without it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PackagerConfig } from '../packager/config.ts';
import { runJob, type JobSummary } from '../packager/job.ts';
import type { PackagingLadder } from '../src/core/creatives/packaging-ladder.ts';
import { ffmpegUnavailable, makeMp4 } from '../test/helpers/ffmpeg-media.ts';
import { startMezzanineServer } from '../test/helpers/mezzanine-server.ts';
import { MemoryQueue } from '../test/helpers/packager-memory-api.ts';
import { describeMachine, machineNote } from './lib/machine.ts';
import { median } from './lib/stats.ts';
import { markdownTable, textTable } from './lib/table.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARGET = 1.3;

const LADDER: PackagingLadder = {
  segmentSec: 2,
  container: 'ts',
  audio: 'separate',
  rungs: [
    { width: 1920, height: 1080, bandwidth: 6_600_000, averageBandwidth: 6_128_000, codecs: 'avc1.640028,mp4a.40.2', frameRate: 30 },
    { width: 1280, height: 720, bandwidth: 3_300_000, averageBandwidth: 3_128_000, codecs: 'avc1.64001f,mp4a.40.2', frameRate: 30 },
    { width: 960, height: 540, bandwidth: 2_000_000, averageBandwidth: 1_928_000, codecs: 'avc1.4d401f,mp4a.40.2', frameRate: 30 },
    { width: 640, height: 360, bandwidth: 900_000, averageBandwidth: 928_000, codecs: 'avc1.4d401e,mp4a.40.2', frameRate: 30 },
  ],
};

function flag(argv: readonly string[], name: string): string | undefined {
  return argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

/** ffmpeg's own transcode of the mezzanine to one rung (the baseline), in ms. */
function singleRendition(mezz: string, out: string, r: { width: number; height: number; videoBitrate: number; maxrate: number; profile: string }, preset: string): number {
  const t = performance.now();
  const res = spawnSync('ffmpeg', ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-i', mezz, '-vf', `scale=${r.width}:${r.height}`, '-c:v', 'libx264', '-preset', preset, '-profile:v', r.profile, '-b:v', String(r.videoBitrate), '-maxrate', String(r.maxrate), '-bufsize', String(r.maxrate), '-c:a', 'aac', '-b:a', '128k', '-f', 'mp4', out], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`baseline transcode failed: ${res.stderr}`);
  return performance.now() - t;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const quick = argv.includes('--quick');
  const rounds = Number(flag(argv, 'rounds') ?? (quick ? 1 : 3));
  const preset = flag(argv, 'preset') ?? 'veryfast';
  const durationSec = quick ? 10 : 30;
  const missing = ffmpegUnavailable();
  if (missing) {
    console.error(`bench/packaging: ${missing}`);
    return 2;
  }
  const machine = machineNote();
  console.log(`machine: ${describeMachine(machine)}; ${spawnSync('ffmpeg', ['-version'], { encoding: 'utf8' }).stdout.split('\n')[0]}`);

  const outDir = path.join(root, '.bench-out');
  mkdirSync(outDir, { recursive: true });
  const mezz = path.join(outDir, `packaging-mezzanine-${durationSec}s-1080p.mp4`);
  if (!existsSync(mezz)) {
    console.log(`generating ${durationSec} s 1080p30 H.264 mezzanine (8 Mb/s, AAC stereo)…`);
    makeMp4(mezz, { width: 1920, height: 1080, fps: 30, durationSec, audio: true, preset: 'veryfast', videoBitrate: '8M' });
  }
  const work = mkdtempSync(path.join(tmpdir(), 'bench-packaging-'));
  const server = await startMezzanineServer();
  server.putFile('mezz.mp4', mezz);
  const config: PackagerConfig = {
    serviceUrl: server.origin, token: 't', concurrency: 1, workDir: work, owner: 'bench', ffmpeg: 'ffmpeg', ffprobe: 'ffprobe',
    maxDownloadBytes: 1e9, downloadTimeoutSec: 60, maxSourceDurationSec: 300, transcodeTimeoutSec: 3600, allowPrivateHosts: true,
    maxAttempts: 1, backoffSec: 1, leaseSec: 3600, pollSec: 1, preset, threads: 0, loudnessLufs: -24, once: true,
  };

  const ours: number[] = [];
  const baseline: number[] = [];
  const stages: Record<string, number[]> = {};
  let rungs: { width: number; height: number; videoBitrate: number; maxrate: number; profile: string }[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      // Alternate which side goes first, so neither always runs on a warmer cache or a quieter neighbour.
      const order = round % 2 === 0 ? ['ours', 'baseline'] : ['baseline', 'ours'];
      for (const side of order) {
        if (side === 'ours') {
          const q = new MemoryQueue();
          q.enqueue(`url/${'b'.repeat(40)}`, `${server.origin}/media/mezz.mp4`, LADDER);
          const api = q.api('bench');
          const claimed = await api.claim('bench', 3600, 1);
          const job = claimed.ok ? claimed.value.job : null;
          if (!job) throw new Error('no job');
          const t = performance.now();
          const outcome = await runJob(job, { api, config, signal: new AbortController().signal, abortReason: () => undefined, log: () => undefined });
          const ms = performance.now() - t;
          if (outcome.kind !== 'published') throw new Error(`packaging failed: ${JSON.stringify(outcome)}`);
          ours.push(ms);
          const s: JobSummary = outcome.summary;
          for (const [k, v] of Object.entries(s.timingsMs)) (stages[k] ??= []).push(v);
          const m = q.published.get(job.key) as { renditions: { kind: string; width: number; height: number }[] };
          if (m.renditions.filter((r) => r.kind === 'video').length !== 4) throw new Error('self-check: expected 4 video renditions');
          console.log(`round ${round + 1}: packager ${(ms / 1000).toFixed(1)} s (${Object.entries(s.timingsMs).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`).join(', ')})`);
        } else {
          if (rungs.length === 0) {
            const { planEncode } = await import('../packager/encode-plan.ts');
            const p = planEncode(LADDER, { formatName: 'mp4', durationSec, video: { codec: 'h264', width: 1920, height: 1080, fps: 30 }, audio: { codec: 'aac', channels: 2, sampleRate: 48000 } }, { maxSourceDurationSec: 300, loudnessLufs: -24, preset, threads: 0 });
            if (!p.ok) throw new Error(p.error);
            rungs = p.value.rungs.map((r) => ({ width: r.width, height: r.height, videoBitrate: r.videoBitrate, maxrate: r.maxrate, profile: r.profile }));
          }
          const per = rungs.map((r, i) => singleRendition(mezz, path.join(work, `baseline-${i}.mp4`), r, preset));
          baseline.push(per.reduce((a, b) => a + b, 0));
          console.log(`round ${round + 1}: ffmpeg single-rendition transcodes ${per.map((ms, i) => `${rungs[i]?.height}p ${(ms / 1000).toFixed(1)} s`).join(', ')} (sum ${(baseline[baseline.length - 1]! / 1000).toFixed(1)} s)`);
        }
      }
    }
  } finally {
    await server.close();
    rmSync(work, { recursive: true, force: true });
  }

  const ratios = ours.map((o, i) => o / (baseline[i] as number));
  const ratio = median(ratios);
  const oursMs = median(ours);
  const baseMs = median(baseline);
  const header = ['measure', 'median', 'per second of creative'];
  const rows = [
    ['packager, 4 rungs + audio + DASH (ours)', `${(oursMs / 1000).toFixed(1)} s`, `${(oursMs / 1000 / durationSec).toFixed(2)} s`],
    ['ffmpeg single-rendition transcodes, sum of 4 rungs', `${(baseMs / 1000).toFixed(1)} s`, `${(baseMs / 1000 / durationSec).toFixed(2)} s`],
    ['ours / sum of single-rendition transcodes', `${ratio.toFixed(2)}×`, `(rounds: ${ratios.map((r) => r.toFixed(2)).join(', ')})`],
    ...Object.entries(stages).map(([k, v]) => [`  ours: ${k}`, `${(median(v) / 1000).toFixed(2)} s`, '']),
  ];
  console.log(`\n${textTable(header, rows)}\n`);
  console.log(`target < ${TARGET}× per rung: ${ratio < TARGET ? 'met' : 'MISSED'}`);
  if (argv.includes('--md')) console.log(`\n${markdownTable(header, rows)}\n`);
  if (!quick && !argv.includes('--no-write')) {
    const file = path.join(root, 'bench', 'results', 'packaging.json');
    writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), machine, preset, durationSec, rounds, oursMs: ours, baselineMs: baseline, ratios, ratio, stagesMs: stages, rungs }, null, 1)}\n`);
    console.log(`wrote ${path.relative(root, file)}`);
  }
  return 0;
}

main().then((code) => process.exit(code), (e: unknown) => {
  console.error(e);
  process.exit(1);
});
