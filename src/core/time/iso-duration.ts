/**
 * @module core/time/iso-duration
 * ISO 8601 durations as XML Schema's xs:duration writes them (`PT29.952S`, `PT48H10M2.036S`,
 * `P1DT1S`), read exactly and written the way Java's `Duration.toString` does (MediaTailor's
 * serializer, and what ISO/IEC 23009-1 MPDs carry in `@start`, `@duration`,
 * `@mediaPresentationDuration`). Pure; unreadable text is `undefined`, never an exception.
 *
 * One reader for the tracking JSON (millisecond values) and the MPD (exact values): the value is
 * whole nanoseconds as a bigint, so `PT17.817798612S` and `PT0.000000001S` are exact and sums of
 * periods never drift. Fractions beyond the nanosecond are truncated.
 */

export interface IsoDurationOptions {
  /**
   * Years and months (`P1Y2M`) have no fixed length. `reject` (default) refuses them; `dash`
   * reads a year as 365 days and a month as 30 days, as dash.js does, for MPD attributes such as
   * `@timeShiftBufferDepth` that some packagers write that way.
   */
  readonly calendar?: 'reject' | 'dash';
}

const NS_PER_SEC = 1_000_000_000n;
const UNIT_NS: Readonly<Record<string, bigint>> = {
  Y: 365n * 86_400n * NS_PER_SEC,
  MO: 30n * 86_400n * NS_PER_SEC,
  D: 86_400n * NS_PER_SEC,
  H: 3_600n * NS_PER_SEC,
  MI: 60n * NS_PER_SEC,
  S: NS_PER_SEC,
};

// Date part: years, months, days; time part: hours, minutes, seconds. Every number may carry a
// fraction (dash.js reads `PT0.5M`); digits are bounded so no input can build a huge bigint.
const NUM = String.raw`(\d{1,15}(?:\.\d{1,15})?)`;
const ISO_DURATION = new RegExp(`^P(?:${NUM}Y)?(?:${NUM}M)?(?:${NUM}D)?(?:T(?:${NUM}H)?(?:${NUM}M)?(?:${NUM}S)?)?$`);

/** xs:duration → whole nanoseconds (non-negative), or undefined when unreadable. */
export function parseIsoDurationNs(text: string, options: IsoDurationOptions = {}): bigint | undefined {
  const s = text.trim().toUpperCase();
  const m = ISO_DURATION.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, sec] = m;
  if ([y, mo, d, h, mi, sec].every((v) => v === undefined)) return undefined;
  // `PT` with nothing after it is not a duration (xs:duration needs a field after T).
  if (s.includes('T') && h === undefined && mi === undefined && sec === undefined) return undefined;
  if ((y !== undefined || mo !== undefined) && options.calendar !== 'dash') return undefined;
  let ns = 0n;
  const parts: readonly [string | undefined, bigint][] = [
    [y, UNIT_NS.Y ?? 0n],
    [mo, UNIT_NS.MO ?? 0n],
    [d, UNIT_NS.D ?? 0n],
    [h, UNIT_NS.H ?? 0n],
    [mi, UNIT_NS.MI ?? 0n],
    [sec, UNIT_NS.S ?? 0n],
  ];
  for (const [value, unitNs] of parts) if (value !== undefined) ns += decimalTimes(value, unitNs);
  return ns;
}

/** `digits[.frac]` × unit, truncated to a whole number. */
function decimalTimes(value: string, unit: bigint): bigint {
  const dot = value.indexOf('.');
  if (dot < 0) return BigInt(value) * unit;
  const frac = value.slice(dot + 1);
  return (BigInt(value.slice(0, dot) + frac) * unit) / 10n ** BigInt(frac.length);
}

/**
 * Nanoseconds → duration text the way Java's `Duration.toString` writes it: hours and minutes
 * only when non-zero (hours are not rolled into days), seconds without trailing zeros, `PT0S`
 * for zero and for negative input.
 */
export function isoDurationFromNs(totalNs: bigint): string {
  if (totalNs <= 0n) return 'PT0S';
  const h = totalNs / (3_600n * NS_PER_SEC);
  const m = (totalNs / (60n * NS_PER_SEC)) % 60n;
  const s = (totalNs / NS_PER_SEC) % 60n;
  const frac = totalNs % NS_PER_SEC;
  let out = 'PT';
  if (h > 0n) out += `${h}H`;
  if (m > 0n) out += `${m}M`;
  if (s > 0n || frac > 0n) out += frac > 0n ? `${s}.${String(frac).padStart(9, '0').replace(/0+$/, '')}S` : `${s}S`;
  return out;
}
