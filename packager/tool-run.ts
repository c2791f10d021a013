/**
 * @module packager/tool-run
 * Runs ffmpeg and ffprobe as child processes: argument arrays (never a shell), a wall-clock
 * limit, cancellation (a lost lease or shutdown kills the encode), bounded output capture, and
 * ffmpeg's `-progress` key=value stream turned into progress callbacks.
 */
import { spawn } from 'node:child_process';

export interface RunOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Called with the output time reached (seconds) when the args include `-progress pipe:1`. */
  readonly onProgress?: (outTimeSec: number, speed: string) => void;
  /** Keep stdout (ffprobe JSON); off for ffmpeg runs whose stdout is the progress stream. */
  readonly captureStdout?: boolean;
}

export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  /** The last 64 KiB of stderr. */
  readonly stderr: string;
  readonly timedOut: boolean;
  readonly aborted: boolean;
  /** The binary could not be started (not installed). */
  readonly spawnError?: string;
}

const MAX_STDOUT = 32 * 1024 * 1024;
const MAX_STDERR = 64 * 1024;

export function runTool(bin: string, args: readonly string[], opts: RunOptions): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let progressBuf = '';
    let timedOut = false;
    let aborted = false;
    let spawnError: string | undefined;
    const kill = (): void => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, opts.timeoutMs);
    const onAbort = (): void => {
      aborted = true;
      kill();
    };
    if (opts.signal?.aborted) onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (opts.captureStdout && stdout.length < MAX_STDOUT) stdout += chunk;
      if (!opts.onProgress) return;
      progressBuf += chunk;
      let nl: number;
      while ((nl = progressBuf.indexOf('\n')) >= 0) {
        const line = progressBuf.slice(0, nl).trim();
        progressBuf = progressBuf.slice(nl + 1);
        progressLine(line);
      }
    });
    let outTimeSec = 0;
    const progressLine = (line: string): void => {
      const eq = line.indexOf('=');
      const k = line.slice(0, eq);
      const v = line.slice(eq + 1);
      // out_time_us (and, despite its name, out_time_ms) are microseconds.
      if (k === 'out_time_us' || k === 'out_time_ms') outTimeSec = Number(v) / 1e6 || outTimeSec;
      else if (k === 'speed') opts.onProgress?.(outTimeSec, v);
    };
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-MAX_STDERR);
    });
    child.on('error', (e) => {
      spawnError = e.message;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      resolve({ code, signal, stdout, stderr, timedOut, aborted, ...(spawnError ? { spawnError } : {}) });
    });
  });
}

/** The tool's own words for a failed run: its last meaningful stderr lines, one line. */
export function toolFailure(tool: string, r: RunResult, timeoutMs: number): string {
  if (r.spawnError) return `${tool} could not be started: ${r.spawnError}`;
  if (r.timedOut) return `${tool} did not finish within ${Math.round(timeoutMs / 1000)} s`;
  if (r.aborted) return `${tool} was stopped`;
  const lines = r.stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^(Press \[q\]|frame=|size=|video:|\[out#|Stream mapping| {2}Stream #)/.test(l));
  const tail = lines.slice(-4).join(' | ');
  const how = r.signal ? `was killed by ${r.signal}` : `exited with code ${r.code}`;
  return `${tool} ${how}${tail ? `: ${tail}` : ''}`;
}
