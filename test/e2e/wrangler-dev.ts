/**
 * @module test/e2e/wrangler-dev
 * Starts the real service for the end-to-end tests (DESIGN §12): `wrangler dev` on a free loopback
 * port with the demo enabled, exactly as `npm start` runs it, but with its own throwaway state
 * directory so a developer's `.wrangler/state` is neither read nor touched. Wrangler's network
 * side trips (update check, telemetry, the `Request.cf` download) are switched off: no test
 * leaves loopback. `stop()` ends the whole process group (npx → wrangler → workerd), and a
 * last-resort exit hook does the same if the test process dies first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface WranglerDev {
  readonly origin: string;
  /** Everything wrangler printed so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 45_000;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** `vars`: extra `--var NAME:value` settings (e.g. AWS_ACCESS_KEYS for the AWS client tests). */
export async function startWranglerDev(cwd: string, vars: Readonly<Record<string, string>> = {}): Promise<WranglerDev> {
  const port = await freePort();
  const inspectorPort = await freePort();
  const stateDir = mkdtempSync(join(tmpdir(), 'edge-ssai-e2e-state-'));
  const child = spawn(
    'npx',
    ['wrangler', 'dev', '--config', 'demo/wrangler.toml', '--ip', '127.0.0.1', '--port', String(port), '--var', 'DEMO_ENABLED:true', '--var', 'ADMIN_TOKEN:demo-admin-token', '--persist-to', stateDir, '--inspector-port', String(inspectorPort), '--show-interactive-dev-session=false', ...Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`])],
    {
      cwd,
      detached: true, // its own process group, so stop() reaches workerd too
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_HIDE_BANNER: 'true', CLOUDFLARE_CF_FETCH_ENABLED: 'false', NO_COLOR: '1', FORCE_COLOR: '0' },
    },
  );
  let output = '';
  const onExit = (): void => killGroup(child, 'SIGKILL');
  process.once('exit', onExit);

  const stop = async (): Promise<void> => {
    process.removeListener('exit', onExit);
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      killGroup(child, 'SIGTERM');
      const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 5_000));
      if ((await Promise.race([exited, timer])) === 'timeout') killGroup(child, 'SIGKILL');
    }
    // workerd may outlive wrangler by a moment; the group kill covers it.
    killGroup(child, 'SIGKILL');
    rmSync(stateDir, { recursive: true, force: true });
  };

  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`wrangler dev not ready after ${READY_TIMEOUT_MS} ms:\n${output}`)), READY_TIMEOUT_MS);
      const onData = (chunk: Buffer): void => {
        output += chunk.toString('utf8');
        if (/Ready on http:\/\/127\.0\.0\.1:\d+/.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`wrangler dev exited early (code ${code}, signal ${signal}):\n${output}`));
      });
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { origin: `http://127.0.0.1:${port}`, log: () => output, stop };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}
