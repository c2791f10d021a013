/**
 * @module demo/clock
 * The demo live origin's clock: wall time plus an offset that `POST /demo/clock` can move, so
 * tests and demos can advance a live stream without waiting (demo only).
 */
let offsetMs = 0;

export function demoNowMs(): number {
  return Date.now() + offsetMs;
}

export function setDemoClockOffset(ms: number): void {
  offsetMs = ms;
}

export function demoClockOffset(): number {
  return offsetMs;
}
