/**
 * scripts/package-creative.sh on a 4 s lavfi source (docs/architecture.md §5 "Creatives"): the store layout,
 * aligned renditions, CODECS from the output. Needs ffmpeg with libx264; without it the packaging
 * tests skip themselves (CI machines may not have ffmpeg) and only the argument checks run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../../../scripts/package-creative.sh', import.meta.url));

const run = (cmd: string, args: string[]) => spawnSync(cmd, args, { encoding: 'utf8', timeout: 120_000 });
const hasBash = run('bash', ['--version']).status === 0;
const hasFfmpeg = run('ffprobe', ['-version']).status === 0 && (run('ffmpeg', ['-hide_banner', '-encoders']).stdout ?? '').includes(' libx264 ');
if (!hasFfmpeg) console.warn('package-creative tests skipped: ffmpeg/ffprobe with libx264 not installed');

interface Rendition {
  path: string;
  kind: 'video' | 'audio';
  bandwidth: number;
  averageBandwidth: number;
  width: number | null;
  height: number | null;
  codecs: string;
  frameRate: number | null;
  segmentCount: number;
  segmentDurationsSec: number[];
}
interface Creative {
  key: string;
  durationSec: number;
  segmentDurationsSec: number[];
  renditions: Rendition[];
  source: { file: string; sha256: string };
}

const pkg = (args: string[]) => run('bash', [SCRIPT, ...args]);

describe.skipIf(!hasBash)('package-creative.sh arguments', () => {
  it('prints help', () => {
    const r = pkg(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: scripts/package-creative.sh --input FILE --out DIR');
  });
  it('rejects a missing --input and unknown arguments with a message', () => {
    const a = pkg(['--out', '/tmp/x']);
    expect(a.status).not.toBe(0);
    expect(a.stderr).toContain('--input is required');
    const b = pkg(['--input', 'x.mp4', '--out', '/tmp/x', '--bogus']);
    expect(b.status).not.toBe(0);
    expect(b.stderr).toContain("unknown argument '--bogus'");
  });
});

describe.skipIf(!hasBash || !hasFfmpeg)('package-creative.sh packaging (needs ffmpeg)', () => {
  let dir = '';
  const ffmpeg = (args: string[]) => {
    const r = run('ffmpeg', ['-nostdin', '-v', 'error', '-y', ...args]);
    if (r.status !== 0) throw new Error(r.stderr);
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'package-creative-'));
    ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=320x240:r=25:d=4', '-f', 'lavfi', '-i', 'sine=f=440:d=4', '-c:v', 'libx264', '-crf', '20', '-c:a', 'aac', '-shortest', join(dir, 'My Ad (v1).mp4')]);
    ffmpeg(['-f', 'lavfi', '-i', 'color=c=blue:s=320x180:r=10:d=4', '-c:v', 'libx264', join(dir, 'silent.mp4')]);
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const readCreative = (key: string): Creative => JSON.parse(readFileSync(join(dir, 'out', key, 'creative.json'), 'utf8')) as Creative;

  it('writes the store layout with aligned renditions', () => {
    const r = pkg(['--input', join(dir, 'My Ad (v1).mp4'), '--out', join(dir, 'out'), '--ladder', '192x108:150000,96x54:60000', '--segment-sec', '2', '--fps', '10', '--threads', '1']);
    expect(r.status, r.stderr).toBe(0);
    const key = 'My_Ad__v1_'; // sanitised file name
    const root = join(dir, 'out', key);
    const c = readCreative(key);
    expect(c.key).toBe(key);
    expect(c.durationSec).toBe(4);
    expect(c.segmentDurationsSec).toEqual([2, 2]);
    expect(c.source.file).toBe('My Ad (v1).mp4');
    expect(c.source.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(c.renditions.map((x) => [x.path, x.kind, x.segmentCount])).toEqual([
      ['v0/index.m3u8', 'video', 2],
      ['v1/index.m3u8', 'video', 2],
      ['a0/index.m3u8', 'audio', 2],
    ]);
    for (const v of c.renditions.filter((x) => x.kind === 'video')) {
      expect(v.codecs).toMatch(/^avc1\.4d40[0-9a-f]{2},mp4a\.40\.2$/); // Main profile + AAC-LC
      expect(v.frameRate).toBe(10);
      expect(v.segmentDurationsSec).toEqual([2, 2]);
      expect(v.bandwidth).toBeGreaterThanOrEqual(v.averageBandwidth);
    }
    // Audio boundaries within one AAC frame (1024 / 48000 s) of the video's.
    const audio = c.renditions.find((x) => x.kind === 'audio')!;
    expect(audio.codecs).toBe('mp4a.40.2');
    expect(Math.abs(audio.segmentDurationsSec[0]! - 2)).toBeLessThanOrEqual(1024 / 48000 + 1e-3);

    const multivariant = readFileSync(join(root, 'index.m3u8'), 'utf8');
    expect(multivariant).toContain('#EXT-X-INDEPENDENT-SEGMENTS');
    expect(multivariant).toMatch(/#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",.*URI="a0\/index.m3u8"/);
    const infs = multivariant.split('\n').filter((l) => l.startsWith('#EXT-X-STREAM-INF:'));
    expect(infs).toHaveLength(2);
    expect(infs[0]).toMatch(/BANDWIDTH=\d+,AVERAGE-BANDWIDTH=\d+,RESOLUTION=192x108,CODECS="avc1\.[0-9a-f]{6},mp4a\.40\.2",FRAME-RATE=10\.000,AUDIO="aud"/);
    for (const rend of ['v0', 'v1', 'a0']) {
      const media = readFileSync(join(root, rend, 'index.m3u8'), 'utf8');
      expect(media).toContain('#EXT-X-PLAYLIST-TYPE:VOD');
      expect(media).toContain('#EXT-X-ENDLIST');
      expect(existsSync(join(root, rend, 'seg001.ts'))).toBe(true);
      expect(existsSync(join(root, rend, 'seg002.ts'))).toBe(false);
    }
  }, 120_000);

  it('adds a silent audio rendition when the source has none, and honours --key and --mono', () => {
    const r = pkg(['--input', join(dir, 'silent.mp4'), '--out', join(dir, 'out'), '--key', 'crid-42', '--ladder', '96x54:60000', '--profile', 'baseline', '--mono', '--threads', '1']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('generating silence');
    const c = readCreative('crid-42');
    const audio = c.renditions.find((x) => x.kind === 'audio')!;
    expect(audio.segmentCount).toBe(2);
    expect(c.renditions[0]!.codecs).toMatch(/^avc1\.42c0[0-9a-f]{2},mp4a\.40\.2$/); // Constrained Baseline
    expect(readFileSync(join(dir, 'out', 'crid-42', 'index.m3u8'), 'utf8')).toContain('CHANNELS="1"');
  }, 120_000);

  it('refuses to overwrite an existing creative without --force', () => {
    const r = pkg(['--input', join(dir, 'silent.mp4'), '--out', join(dir, 'out'), '--key', 'crid-42']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('use --force');
  });
});
