/**
 * @module test/e2e/player-services
 * What every player test file starts and stops: the demo's assets with the players copied in,
 * the service under `wrangler dev`, a harness page on its own origin, and headless Chromium; and
 * the polling the tests wait with.
 */
import { execFileSync } from 'node:child_process';
import { launchChromium, type Browser } from './browser.ts';
import { startWranglerDev, type WranglerDev } from './wrangler-dev.ts';

export interface Served {
  readonly url: string;
  close(): Promise<void>;
}

export interface PlayerServices {
  readonly service: WranglerDev;
  readonly harness: Served;
  readonly browser: Browser;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function pollUntil<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs: number, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let v = await read();
  while (!done(v) && Date.now() < deadline) {
    await sleep(everyMs);
    v = await read();
  }
  return v;
}

/** Copies the players into the demo assets, starts the service, serves `harness`, launches Chromium. */
export async function startPlayerServices(root: string, harness: (serviceOrigin: string) => Promise<Served>): Promise<PlayerServices> {
  execFileSync(process.execPath, ['scripts/copy-demo-vendor.mjs'], { cwd: root, stdio: 'ignore' });
  const service = await startWranglerDev(root);
  const page = await harness(service.origin);
  return { service, harness: page, browser: await launchChromium() };
}

export async function stopPlayerServices(s: Partial<PlayerServices>): Promise<void> {
  await s.browser?.close();
  await s.harness?.close();
  await s.service?.stop();
}
