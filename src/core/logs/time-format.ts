/**
 * @module core/logs/time-format
 * Timestamp renderings the seeds ask for. Pure: the instant is always passed in.
 * - MediaTailor schema of docs/ad-logs.md `eventTimestamp`: ISO 8601 date-time (JSON Schema `format: date-time`).
 * - Brightcove format of docs/ad-logs.md `timestamp`: RFC 3339 (`2021-06-03T11:39:22.787Z`).
 * - Uplynk format of docs/ad-logs.md: `YYYY-MM-DDThh:mm:ss.sZ` where `s` is the millionths of the second
 *   (`2019-06-29T03:13:07.340889Z`), so six fractional digits.
 */

/** `2021-06-28T23:12:11.499Z`. */
export function isoMillis(timestampMs: number): string {
  return new Date(Math.floor(timestampMs)).toISOString();
}

/** `2019-06-29T03:13:07.340889Z`: microseconds from the fractional part of `timestampMs`. */
export function isoMicros(timestampMs: number): string {
  const wholeMs = Math.floor(timestampMs);
  const micros = Math.min(999, Math.round((timestampMs - wholeMs) * 1000));
  const iso = new Date(wholeMs).toISOString(); // …ss.mmmZ
  return `${iso.slice(0, -1)}${String(micros).padStart(3, '0')}Z`;
}

export interface UtcParts {
  readonly yyyy: string;
  readonly MM: string;
  readonly dd: string;
  readonly HH: string;
  readonly mm: string;
  readonly ss: string;
}

/** Zero-padded UTC calendar fields (Brightcove format of docs/ad-logs.md key layout). */
export function utcParts(timestampMs: number): UtcParts {
  const iso = new Date(Math.floor(timestampMs)).toISOString();
  return {
    yyyy: iso.slice(0, 4),
    MM: iso.slice(5, 7),
    dd: iso.slice(8, 10),
    HH: iso.slice(11, 13),
    mm: iso.slice(14, 16),
    ss: iso.slice(17, 19),
  };
}

/** Milliseconds → integer nanoseconds (Brightcove format of docs/ad-logs.md `duration`, `odur`, … are integer64 ns). */
export const msToNs = (ms: number): number => Math.round(ms * 1_000_000);

/** Seconds → integer nanoseconds. */
export const secToNs = (sec: number): number => Math.round(sec * 1_000_000_000);
