/**
 * @module packager/main
 * `npm run packager -- --service URL --token TOKEN [options]`: the packager service
 * (docs/packaging-creatives.md "Running the packager"). Checks that ffmpeg (with libx264 and
 * the HLS and DASH muxers) and ffprobe are there, then runs the loop until SIGINT or SIGTERM,
 * on which it stops its ffmpeg runs and gives its jobs back to the queue (a second signal exits
 * at once). Exit status: 0 after a clean stop, 2 for a configuration error, 3 without ffmpeg.
 */
import { cpus, hostname, tmpdir } from 'node:os';
import { httpPackagerApi } from './api-client.ts';
import { parseConfig, USAGE } from './config.ts';
import { runJob } from './job.ts';
import { PackagerLoop } from './loop.ts';
import { checkFfmpeg } from './ffmpeg-check.ts';

const log = (line: string): void => console.log(`${new Date().toISOString()} [packager] ${line}`);

async function main(): Promise<number> {
  const parsed = parseConfig(process.argv.slice(2), process.env, { cpus: cpus().length, tmpDir: tmpdir(), hostname: hostname(), pid: process.pid });
  if ('help' in parsed) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (!parsed.ok) {
    process.stderr.write(`packager: ${parsed.error}\n\n${USAGE}`);
    return 2;
  }
  const config = parsed.value;
  const tools = await checkFfmpeg(config.ffmpeg, config.ffprobe);
  if (!tools.ok) {
    process.stderr.write(`packager: ${tools.message}\n`);
    return 3;
  }
  log(`${tools.version}`);
  const loop = new PackagerLoop(httpPackagerApi(config.serviceUrl, config.token), config, runJob, log);
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals): void => {
    if (++signals > 1) process.exit(130);
    log(`${sig}: stopping (jobs in progress go back to the queue)`);
    void loop.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // A bug must not take the service down (and a container platform restart it in a loop): log it and go on.
  process.on('unhandledRejection', (e) => log(`unexpected: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
  process.on('uncaughtException', (e) => log(`unexpected: ${e.stack ?? e.message}`));
  await loop.run();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    log(`fatal: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(1);
  },
);
