// Builds the demo's progressive MP4 ads (demo/media/mp4/<ad>.mp4), the files the demo ad server
// offers in MP4 mode (`mp4=1`) like most real ad servers do, for the packager to turn into
// renditions (docs/packaging-creatives.md). Each is a remux (no re-encode, well under a second)
// of the demo ad's 320x180 rendition and its audio, so it is small and needs nothing but
// ffmpeg. Skipped with a message when ffmpeg is missing (then MP4-only ads cannot be packaged
// either). Usage: node scripts/build-demo-mp4.mjs [--quiet]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ads = join(root, 'demo', 'media', 'ads');
const out = join(root, 'demo', 'media', 'mp4');
const quiet = process.argv.includes('--quiet');
const say = (m) => quiet || console.log(`build-demo-mp4: ${m}`);

if (spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status !== 0) {
  say('ffmpeg not found: the demo MP4 ads are not built (install ffmpeg to try MP4-only ads)');
  process.exit(0);
}
mkdirSync(out, { recursive: true });
let built = 0;
for (const key of readdirSync(ads).sort()) {
  const dir = join(ads, key);
  const videos = readdirSync(dir).filter((d) => /^v\d+$/.test(d)).sort();
  const top = videos[videos.length - 1];
  if (!top || !existsSync(join(dir, 'a0', 'index.m3u8'))) continue;
  const target = join(out, `${key}.mp4`);
  if (existsSync(target) && statSync(target).mtimeMs >= statSync(join(dir, 'creative.json')).mtimeMs) continue;
  const r = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', join(dir, top, 'index.m3u8'), '-i', join(dir, 'a0', 'index.m3u8'), '-map', '0:v:0', '-map', '1:a:0', '-c', 'copy', '-movflags', '+faststart', target], { encoding: 'utf8' });
  if (r.status !== 0) {
    console.error(`build-demo-mp4: ${key}: ${r.stderr.trim()}`);
    process.exit(1);
  }
  built++;
}
say(built > 0 ? `built ${built} MP4 ad(s) in demo/media/mp4/` : 'demo MP4 ads up to date');
