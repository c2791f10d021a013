/**
 * @module core/tracking/iso-duration
 * Time values of the tracking JSON (docs/mediatailor-compat.md §3.1, §3.4): ISO-8601 durations (`PT15.015S`,
 * `PT1M56.06S`, `PT0S`) with a float `…InSeconds` twin. Pure.
 *
 * Both forms come from one integer millisecond value, so they always agree and the paging
 * comparison (§3.4, "later than the token's startTime") works on integers, free of float noise.
 * MediaTailor truncates to the millisecond (`PT17.817798612S` → `17.817`, `15.066667` → `15.066`),
 * so we truncate too; a 1 µs allowance keeps sums like 0.1 + 0.2 from losing a millisecond.
 * Reading and writing the text form is core/time/iso-duration's (shared with the DASH MPD).
 */

import { isoDurationFromNs, parseIsoDurationNs } from '../time/iso-duration.ts';

/** Seconds → whole milliseconds, truncated as MediaTailor's `…InSeconds` values are; never negative. */
export function wireMs(sec: number): number {
  if (!Number.isFinite(sec) || sec <= 0) return 0;
  return Math.floor(sec * 1000 + 1e-3);
}

/** The `…InSeconds` float: millisecond precision. */
export function wireSeconds(sec: number): number {
  return wireMs(sec) / 1000;
}

/**
 * Milliseconds → ISO-8601 duration the way Java's `Duration.toString` writes it (MediaTailor's
 * serializer): hours and minutes only when non-zero, seconds without trailing zeros, `PT0S` for 0.
 */
export function isoDurationFromMs(totalMs: number): string {
  if (!Number.isFinite(totalMs) || totalMs <= 0) return 'PT0S';
  return isoDurationFromNs(BigInt(Math.floor(totalMs)) * 1_000_000n);
}

/** Seconds → ISO-8601 duration, truncated to the millisecond like `wireSeconds`. */
export function isoDuration(sec: number): string {
  return isoDurationFromMs(wireMs(sec));
}

/**
 * ISO-8601 duration → whole milliseconds (fraction beyond ms truncated, digits read as text so
 * `PT17.817798612S` gives exactly 17817). Only the day/time forms MediaTailor writes; anything
 * else (years, months, weeks, signs, a bare `P`/`PT`) is `undefined`.
 */
export function parseIsoDurationMs(text: string): number | undefined {
  const ns = parseIsoDurationNs(text);
  return ns === undefined ? undefined : Number(ns / 1_000_000n);
}
