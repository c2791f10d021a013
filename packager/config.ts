/**
 * @module packager/config
 * The packager's settings, from command-line flags and environment variables (flags win), with
 * their defaults (docs/packaging-creatives.md "Running the packager"). Pure: argv and env in,
 * settings or a message out.
 */
import { err, ok, type Result } from '../src/core/result.ts';

export interface PackagerConfig {
  /** The Worker's origin, e.g. `https://ssai.example.com` or `http://127.0.0.1:8787`. */
  readonly serviceUrl: string;
  readonly token: string;
  /** Jobs run at once by this process. */
  readonly concurrency: number;
  readonly workDir: string;
  readonly owner: string;
  readonly ffmpeg: string;
  readonly ffprobe: string;
  /** Mezzanine limits. */
  readonly maxDownloadBytes: number;
  readonly downloadTimeoutSec: number;
  readonly maxSourceDurationSec: number;
  /** Wall-clock limit for one job's ffmpeg work. */
  readonly transcodeTimeoutSec: number;
  readonly allowPrivateHosts: boolean;
  /** Attempts before an entry is parked; first backoff (doubled per attempt, at most 1 h). */
  readonly maxAttempts: number;
  readonly backoffSec: number;
  readonly leaseSec: number;
  /** How often an idle packager asks for work. */
  readonly pollSec: number;
  /** x264 preset and encoder threads per job (0 = ffmpeg's choice). */
  readonly preset: string;
  readonly threads: number;
  readonly loudnessLufs: number;
  /** Exit once the queue has nothing due (batch runs, tests). */
  readonly once: boolean;
}

export const USAGE = `Usage: npm run packager -- --service URL [options]

Packages queued creatives (progressive MP4 and friends) into HLS and DASH renditions with ffmpeg,
through the Worker's packager API (docs/packaging-creatives.md).

  --service URL            the Worker's origin (env EDGE_SSAI_URL)
  --token TOKEN            its ADMIN_TOKEN (env ADMIN_TOKEN)
  --concurrency N          jobs at once (env PACKAGER_CONCURRENCY; default: 1 per 4 CPUs, at least 1)
  --work-dir DIR           scratch space (env PACKAGER_WORK_DIR; default: the OS temp dir)
  --owner NAME             name in leases and logs (env PACKAGER_OWNER; default: host-pid)
  --max-download-mb N      largest mezzanine (default 1024)
  --download-timeout-sec N whole download (default 300)
  --max-duration-sec N     longest creative (default 300)
  --transcode-timeout-sec N  ffmpeg time per job (default 1800)
  --allow-private-hosts    fetch mezzanines on private/loopback hosts (env PACKAGER_ALLOW_PRIVATE_HOSTS=true)
  --max-attempts N         attempts before an entry is parked (default 3)
  --backoff-sec N          first retry delay, doubled per attempt (default 30)
  --lease-sec N            lease length, renewed every third of it (default 120)
  --poll-sec N             idle poll interval (default 5)
  --preset NAME            x264 preset (default fast)
  --threads N              encoder threads per job, 0 = auto (default 0)
  --loudness LUFS          integrated loudness target (default -24, EBU R128 / ATSC A/85)
  --ffmpeg PATH, --ffprobe PATH
  --once                   exit when nothing is due
`;

type Flag = { readonly name: string; readonly env?: string; readonly kind: 'string' | 'number' | 'bool' };

const FLAGS: readonly Flag[] = [
  { name: 'service', env: 'EDGE_SSAI_URL', kind: 'string' },
  { name: 'token', env: 'ADMIN_TOKEN', kind: 'string' },
  { name: 'concurrency', env: 'PACKAGER_CONCURRENCY', kind: 'number' },
  { name: 'work-dir', env: 'PACKAGER_WORK_DIR', kind: 'string' },
  { name: 'owner', env: 'PACKAGER_OWNER', kind: 'string' },
  { name: 'ffmpeg', env: 'FFMPEG', kind: 'string' },
  { name: 'ffprobe', env: 'FFPROBE', kind: 'string' },
  { name: 'max-download-mb', kind: 'number' },
  { name: 'download-timeout-sec', kind: 'number' },
  { name: 'max-duration-sec', kind: 'number' },
  { name: 'transcode-timeout-sec', kind: 'number' },
  { name: 'allow-private-hosts', env: 'PACKAGER_ALLOW_PRIVATE_HOSTS', kind: 'bool' },
  { name: 'max-attempts', kind: 'number' },
  { name: 'backoff-sec', kind: 'number' },
  { name: 'lease-sec', kind: 'number' },
  { name: 'poll-sec', kind: 'number' },
  { name: 'preset', kind: 'string' },
  { name: 'threads', kind: 'number' },
  { name: 'loudness', kind: 'number' },
  { name: 'once', kind: 'bool' },
];

const PRESETS = ['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow', 'slower', 'veryslow'];

export interface Defaults {
  readonly cpus: number;
  readonly tmpDir: string;
  readonly hostname: string;
  readonly pid: number;
}

/** Reads flags (`--name value`, `--name=value`, bare booleans), then env, then defaults. `help` when asked. */
export function parseConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, d: Defaults): Result<PackagerConfig, string> | { readonly help: true } {
  const given = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') return { help: true };
    if (!arg.startsWith('--')) return err(`unexpected argument ${JSON.stringify(arg)}`);
    const [name = '', inline] = arg.slice(2).split(/=(.*)/s, 2);
    const flag = FLAGS.find((f) => f.name === name);
    if (!flag) return err(`unknown option --${name}`);
    if (flag.kind === 'bool') given.set(name, inline ?? 'true');
    else {
      const value = inline ?? argv[++i];
      if (value === undefined) return err(`--${name} needs a value`);
      given.set(name, value);
    }
  }
  for (const f of FLAGS) {
    const fromEnv = f.env ? env[f.env] : undefined;
    if (!given.has(f.name) && fromEnv !== undefined && fromEnv !== '') given.set(f.name, fromEnv);
  }
  const num = (name: string, fallback: number, min: number, max: number): number | string => {
    const raw = given.get(name);
    if (raw === undefined) return fallback;
    const v = Number(raw);
    return Number.isFinite(v) && v >= min && v <= max ? v : `--${name} must be a number from ${min} to ${max}`;
  };
  const bool = (name: string): boolean => ['1', 'true', 'yes'].includes((given.get(name) ?? 'false').toLowerCase());

  const serviceRaw = given.get('service');
  if (!serviceRaw) return err('--service (or EDGE_SSAI_URL) is required: the Worker origin, e.g. http://127.0.0.1:8787');
  let service: URL;
  try {
    service = new URL(serviceRaw);
  } catch {
    return err(`--service ${JSON.stringify(serviceRaw)} is not a URL`);
  }
  if (service.protocol !== 'http:' && service.protocol !== 'https:') return err('--service must be an http(s) URL');
  const token = given.get('token');
  if (!token) return err('--token (or ADMIN_TOKEN) is required: the Worker\'s ADMIN_TOKEN');
  const preset = given.get('preset') ?? 'fast';
  if (!PRESETS.includes(preset)) return err(`--preset must be one of ${PRESETS.join(', ')}`);

  const numbers = {
    concurrency: num('concurrency', Math.max(1, Math.floor(d.cpus / 4)), 1, 64),
    maxDownloadMb: num('max-download-mb', 1024, 1, 100_000),
    downloadTimeoutSec: num('download-timeout-sec', 300, 1, 86_400),
    maxSourceDurationSec: num('max-duration-sec', 300, 1, 86_400),
    transcodeTimeoutSec: num('transcode-timeout-sec', 1800, 1, 86_400),
    maxAttempts: num('max-attempts', 3, 1, 20),
    backoffSec: num('backoff-sec', 30, 0, 86_400),
    leaseSec: num('lease-sec', 120, 10, 3600),
    pollSec: num('poll-sec', 5, 0.05, 3600),
    threads: num('threads', 0, 0, 64),
    loudnessLufs: num('loudness', -24, -70, -5),
  };
  for (const v of Object.values(numbers)) if (typeof v === 'string') return err(v);
  const n = numbers as { [K in keyof typeof numbers]: number };
  return ok({
    serviceUrl: service.origin,
    token,
    concurrency: Math.floor(n.concurrency),
    workDir: given.get('work-dir') ?? d.tmpDir,
    owner: (given.get('owner') ?? `${d.hostname}-${d.pid}`).slice(0, 128),
    ffmpeg: given.get('ffmpeg') ?? 'ffmpeg',
    ffprobe: given.get('ffprobe') ?? 'ffprobe',
    maxDownloadBytes: Math.floor(n.maxDownloadMb * 1024 * 1024),
    downloadTimeoutSec: n.downloadTimeoutSec,
    maxSourceDurationSec: n.maxSourceDurationSec,
    transcodeTimeoutSec: n.transcodeTimeoutSec,
    allowPrivateHosts: bool('allow-private-hosts'),
    maxAttempts: Math.floor(n.maxAttempts),
    backoffSec: n.backoffSec,
    leaseSec: n.leaseSec,
    pollSec: n.pollSec,
    preset,
    threads: Math.floor(n.threads),
    loudnessLufs: n.loudnessLufs,
    once: bool('once'),
  });
}
