/**
 * @module core/tracking/iso-duration
 * Time values of the tracking JSON (contracts §3.1, §3.4): ISO-8601 durations (`PT15.015S`,
 * `PT1M56.06S`, `PT0S`) with a float `…InSeconds` twin. Pure.
 *
 * Both forms come from one integer millisecond value, so they always agree and the paging
 * comparison (§3.4, "later than the token's startTime") works on integers, free of float noise.
 * MediaTailor truncates to the millisecond (`PT17.817798612S` → `17.817`, `15.066667` → `15.066`),
 * so we truncate too; a 1 µs allowance keeps sums like 0.1 + 0.2 from losing a millisecond.
 */

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
  const ms = Math.max(0, Math.floor(totalMs));
  if (ms === 0) return 'PT0S';
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const frac = ms % 1000;
  let out = 'PT';
  if (h > 0) out += `${h}H`;
  if (m > 0) out += `${m}M`;
  if (s > 0 || frac > 0) out += frac > 0 ? `${s}.${String(frac).padStart(3, '0').replace(/0+$/, '')}S` : `${s}S`;
  return out;
}

/** Seconds → ISO-8601 duration, truncated to the millisecond like `wireSeconds`. */
export function isoDuration(sec: number): string {
  return isoDurationFromMs(wireMs(sec));
}

const ISO_DURATION = /^P(?:(\d{1,6})D)?(?:T(?:(\d{1,7})H)?(?:(\d{1,9})M)?(?:(\d{1,12})(?:\.(\d{1,12}))?S)?)?$/;

/**
 * ISO-8601 duration → whole milliseconds (fraction beyond ms truncated, digits read as text so
 * `PT17.817798612S` gives exactly 17817). Only the day/time forms MediaTailor writes; anything
 * else (years, months, weeks, signs, a bare `P`/`PT`) is `undefined`.
 */
export function parseIsoDurationMs(text: string): number | undefined {
  const m = ISO_DURATION.exec(text.trim().toUpperCase());
  if (!m) return undefined;
  const [, d, h, min, s, frac] = m;
  if (d === undefined && h === undefined && min === undefined && s === undefined) return undefined;
  const fracMs = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
  return (
    Number(d ?? 0) * 86_400_000 + Number(h ?? 0) * 3_600_000 + Number(min ?? 0) * 60_000 + Number(s ?? 0) * 1000 + fracMs
  );
}
