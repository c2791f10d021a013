/**
 * @module bench/segment/wrangler
 * Starts and stops `wrangler dev` for a benchmark. The Worker runs from a snapshot of the working
 * tree copied to a temporary folder (src, demo, config, wrangler.toml; node_modules linked), so a
 * colleague's edit in the repository cannot make wrangler reload mid-run; local storage goes to
 * the same temporary folder (`--persist-to`), so every run starts empty and leaves nothing behind.
 * The process group is killed on stop, on exit, on errors and on SIGINT/SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, existsSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface DevServer {
  readonly baseUrl: string;
  readonly port: number;
  /** Process group of wrangler and its workerd children (bench/load/memory reads their RSS). */
  readonly pgid: number;
  readonly dir: string;
  readonly logFile: string;
  readonly wranglerVersion: string;
  stop(): Promise<void>;
}

export interface DevServerOptions {
  readonly root: string;
  readonly vars: Readonly<Record<string, string>>;
  readonly readyTimeoutMs?: number;
  /** Where to copy wrangler's output when it stops (the snapshot folder is removed). */
  readonly keepLogAs?: string;
  /** What to copy from `root` (default: the project's Workers: src, demo, config, bench, wrangler.toml, …). */
  readonly files?: readonly string[];
  /** The wrangler config, relative to the snapshot's root (default: the demo Worker). */
  readonly config?: string;
  /** A path that answers 2xx once the Worker is up (default: the demo clock). */
  readonly readyPath?: string;
}

/** A port the OS says is free right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const live = new Set<{ child: ChildProcess; dir: string }>();
let hooked = false;

/** Synchronous last-resort cleanup: kill every process group we started, remove their folders. */
function killAllSync(): void {
  for (const entry of live) {
    killGroup(entry.child, 'SIGKILL');
    rmSync(entry.dir, { recursive: true, force: true });
  }
  live.clear();
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

function hookProcessExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', killAllSync);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      console.error(`\nbench: ${sig}, stopping wrangler dev`);
      killAllSync();
      process.exit(130);
    });
  }
}

const PROJECT_FILES = ['src', 'demo', 'config', 'bench', 'wrangler.toml', 'tsconfig.json', 'package.json'];

function snapshot(root: string, files: readonly string[]): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'edge-ssai-segbench-'));
  for (const p of files) {
    const from = path.join(root, p);
    if (existsSync(from)) cpSync(from, path.join(dir, p), { recursive: true });
  }
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  hookProcessExit();
  const dir = snapshot(opts.root, opts.files ?? PROJECT_FILES);
  const [port, inspectorPort] = [await freePort(), await freePort()];
  const logFile = path.join(dir, 'wrangler.log');
  const out = openSync(logFile, 'a');
  const wranglerJs = path.join(opts.root, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
  const wranglerVersion = (JSON.parse(readFileSync(path.join(opts.root, 'node_modules', 'wrangler', 'package.json'), 'utf8')) as { version: string }).version;
  const args = [
    wranglerJs,
    'dev',
    '--config',
    opts.config ?? 'demo/wrangler.toml',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--inspector-port',
    String(inspectorPort),
    '--persist-to',
    path.join(dir, 'state'),
    '--show-interactive-dev-session=false',
    ...Object.entries(opts.vars).flatMap(([k, v]) => ['--var', `${k}:${v}`]),
  ];
  // Own process group (detached), so one kill(-pid) takes wrangler's node and its workerd children.
  // Output goes straight to a file: wrangler logs a line per request, which must not cost our client CPU.
  const child = spawn(process.execPath, args, {
    cwd: dir,
    detached: true,
    stdio: ['ignore', out, out],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1', CI: '1' },
  });
  closeSync(out);
  const entry = { child, dir };
  live.add(entry);
  const baseUrl = `http://127.0.0.1:${port}`;

  const stop = async (): Promise<void> => {
    if (!live.has(entry)) return;
    killGroup(child, 'SIGTERM');
    const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => child.once('exit', () => r()));
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    killGroup(child, 'SIGKILL'); // workerd children that ignored SIGTERM
    live.delete(entry);
    if (opts.keepLogAs) {
      mkdirSync(path.dirname(opts.keepLogAs), { recursive: true });
      copyFileSync(logFile, opts.keepLogAs);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (opts.readyTimeoutMs ?? 120_000);
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`wrangler dev exited (${child.exitCode ?? child.signalCode}):\n${tail(logFile)}`);
      if (Date.now() > deadline) throw new Error(`wrangler dev not ready within ${opts.readyTimeoutMs ?? 120_000} ms:\n${tail(logFile)}`);
      if (readFileSync(logFile, 'utf8').includes(`Ready on ${baseUrl}`) && (await answers(`${baseUrl}${opts.readyPath ?? '/demo/clock'}`))) break;
      await new Promise((r) => setTimeout(r, 200));
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { baseUrl, port, pgid: child.pid ?? 0, dir, logFile, wranglerVersion, stop };
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '(no log)';
  }
}
