// `npm start [-- --port N] [-- --no-packager] [other wrangler dev flags]`: the local service
// (wrangler dev with the demo enabled and ADMIN_TOKEN=demo-admin-token) plus, when ffmpeg is
// installed, one packager service working its queue, so MP4-only ads play from their second
// sighting with no manual step (docs/packaging-creatives.md). Without ffmpeg it says so and runs
// wrangler alone. Ctrl-C or SIGTERM stops both; the packager gives its jobs back to the queue.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (m) => console.log(`[start] ${m}`);

const args = process.argv.slice(2);
let port = 8787;
let packagerWanted = true;
const rest = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--port' && args[i + 1] !== undefined) port = Number(args[++i]);
  else if (a.startsWith('--port=')) port = Number(a.slice(7));
  else if (a === '--no-packager') packagerWanted = false;
  else rest.push(a);
}
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error('[start] --port must be a port number');
  process.exit(2);
}
const token = 'demo-admin-token';
// The demo's SigV4 key pair, for the AWS CLI and SDKs against a local instance (README "Control plane").
const DEMO_ACCESS_KEY = 'AKIDEDGESSAIDEMO0001:demo/Secret+Key0000000000000000000000';
const service = `http://127.0.0.1:${port}`;

/** Why no packager can run here, or undefined when ffmpeg (with libx264) and ffprobe are installed. */
function ffmpegMissing() {
  const enc = spawnSync('ffmpeg', ['-hide_banner', '-encoders'], { encoding: 'utf8' });
  if (enc.status !== 0) return 'ffmpeg is not installed';
  if (!/\blibx264\b/.test(enc.stdout)) return 'this ffmpeg has no libx264 encoder';
  if (spawnSync('ffprobe', ['-version'], { stdio: 'ignore' }).status !== 0) return 'ffprobe is not installed';
  return undefined;
}

const missing = packagerWanted ? ffmpegMissing() : 'started with --no-packager';
let packagerBundle;
if (missing === undefined) {
  spawnSync(process.execPath, [join(root, 'scripts', 'build-demo-mp4.mjs'), '--quiet'], { stdio: 'inherit', cwd: root });
  packagerBundle = join(root, 'node_modules', '.cache', 'edge-ssai', 'packager.mjs');
  await build({ entryPoints: [join(root, 'packager', 'main.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'warning', outfile: packagerBundle });
} else {
  say(`no packager: ${missing}. MP4-only ads (VAST without a streaming MediaFile) will be skipped (NEW_CREATIVE) until a packager runs.`);
  if (packagerWanted) say('install ffmpeg (apt-get install ffmpeg, or brew install ffmpeg) and run npm start again, or run `npm run packager` yourself.');
}

const wrangler = spawn(
  process.execPath,
  [join(root, 'node_modules', 'wrangler', 'bin', 'wrangler.js'), 'dev', '--config', 'demo/wrangler.toml', '--persist-to', '.wrangler/state', '--ip', '127.0.0.1', '--port', String(port), '--var', 'DEMO_ENABLED:true', '--var', `ADMIN_TOKEN:${token}`, '--var', `AWS_ACCESS_KEYS:${DEMO_ACCESS_KEY}`, ...rest],
  { cwd: root, stdio: 'inherit' },
);
let packager;
let stopping = false;
const alive = (child) => child !== undefined && child.exitCode === null && child.signalCode === null;

/**
 * Ctrl-C reaches the whole foreground process group (wrangler and the packager get SIGINT from
 * the terminal themselves): give them a moment, then end whatever is left. SIGTERM and SIGHUP
 * (a process manager, a closed terminal) are passed on: the packager first, so it can give its
 * jobs back while the Worker still answers, then wrangler.
 */
const stopAll = (signal) => {
  if (stopping) return;
  stopping = true;
  if (signal === 'SIGINT') {
    setTimeout(() => [packager, wrangler].forEach((c) => alive(c) && c.kill('SIGTERM')), 2_000).unref();
    return;
  }
  if (!alive(packager)) {
    if (alive(wrangler)) wrangler.kill('SIGINT');
    return;
  }
  packager.kill('SIGTERM');
  const next = setTimeout(() => alive(wrangler) && wrangler.kill('SIGINT'), 5_000);
  packager.once('exit', () => {
    clearTimeout(next);
    if (alive(wrangler)) wrangler.kill('SIGINT');
  });
};
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => stopAll(sig));

wrangler.on('exit', (code, signal) => {
  stopping = true;
  const finish = () => process.exit(code ?? (signal ? 130 : 1));
  if (!alive(packager)) return finish();
  packager.kill('SIGTERM');
  packager.once('exit', finish);
});

if (packagerBundle) {
  // The packager starts once the Worker answers, so its first claim does not fail.
  const deadline = Date.now() + 90_000;
  let up = false;
  while (!stopping && !up && Date.now() < deadline) {
    up = await fetch(`${service}/healthz`).then((r) => r.ok, () => false);
    if (!up) await new Promise((r) => setTimeout(r, 500));
  }
  if (up && !stopping) {
    say(`ffmpeg found: starting a packager for ${service} (MP4-only ads play from their second sighting)`);
    packager = spawn(process.execPath, [packagerBundle, '--service', service, '--token', token, '--backoff-sec', '5', '--lease-sec', '60'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    packager.on('exit', (code, signal) => {
      if (!stopping) say(`the packager exited (${signal ?? `code ${code}`}); the service keeps running without it (npm run packager -- --service ${service} --token ${token} to start one)`);
    });
  } else if (!stopping) {
    say(`the service did not answer on ${service} within 90 s; no packager started`);
  }
}
