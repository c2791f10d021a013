/**
 * @module bench/segment/scenarios
 * The four beacon endpoints the `/v1/segment` latency benchmark compares, as two fast/slow pairs:
 *
 * - in-process: the embedded demo's sink (`/demo/beacons/hit`, answers at once) and its slow
 *   endpoint (`/demo/beacons/slow`, sleeps 2 s), dispatched inside the Worker without a socket;
 * - loopback: the benchmark's own Node HTTP server on 127.0.0.1 (`/b/fast` ~1 ms, `/b/slow` 2 s),
 *   reached by the Worker's real `fetch` over TCP. Its beacon URLs come from a playback
 *   configuration created through the admin API whose ad server is the beacon server's `/vast`
 *   (the demo VAST with the beacon URLs rewritten).
 */

export type ScenarioId = 'in-process/fast' | 'in-process/slow' | 'loopback/fast' | 'loopback/slow';
export type Endpoint = 'in-process' | 'loopback';
export type Speed = 'fast' | 'slow';

export interface Scenario {
  readonly id: ScenarioId;
  readonly endpoint: Endpoint;
  readonly speed: Speed;
  /** What answers the beacons, for the tables. */
  readonly label: string;
}

export const SCENARIOS: readonly Scenario[] = [
  { id: 'in-process/fast', endpoint: 'in-process', speed: 'fast', label: 'demo /demo/beacons/hit (in-process, immediate)' },
  { id: 'in-process/slow', endpoint: 'in-process', speed: 'slow', label: 'demo /demo/beacons/slow (in-process, 2 s)' },
  { id: 'loopback/fast', endpoint: 'loopback', speed: 'fast', label: 'node http on 127.0.0.1 (~1 ms)' },
  { id: 'loopback/slow', endpoint: 'loopback', speed: 'slow', label: 'node http on 127.0.0.1 (2 s)' },
];

export const ENDPOINTS: readonly Endpoint[] = ['in-process', 'loopback'];

/** The loopback configuration's name (created by the benchmark in its own wrangler storage). */
export const LOOPBACK_CONFIG = 'segbench-loopback';

export function masterUrl(s: Scenario, workerBase: string, account: string): string {
  return s.endpoint === 'in-process'
    ? `${workerBase}/v1/master/${account}/demo/vod/master.m3u8${s.speed === 'slow' ? '?ads.beacons=slow' : ''}`
    : `${workerBase}/v1/master/${account}/${LOOPBACK_CONFIG}/vod/master.m3u8?ads.beacons=${s.speed}`;
}

/** PUT /playbackConfiguration body for the loopback scenarios. */
export function loopbackConfiguration(workerBase: string, beaconBase: string): Record<string, unknown> {
  return {
    Name: LOOPBACK_CONFIG,
    VideoContentSourceUrl: `${workerBase}/demo/origin`,
    AdDecisionServerUrl: `${beaconBase}/vast?mode=[player_params.beacons]&duration=[session.avail_duration_secs]&session=[session.id]&avail=[avail.index]`,
    SlateAdUrl: `${workerBase}/demo/media/slate/index.m3u8`,
  };
}

/** Round `r` runs the scenarios rotated by `r`, so each one takes every position equally often. */
export function roundOrder(r: number): Scenario[] {
  const k = r % SCENARIOS.length;
  return [...SCENARIOS.slice(k), ...SCENARIOS.slice(0, k)];
}
