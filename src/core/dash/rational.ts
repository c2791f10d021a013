/**
 * @module core/dash/rational
 * Exact time arithmetic for MPD timing. Pure.
 *
 * Why rationals over bigint: an MPD mixes decimal seconds (`Period@start="PT29.952S"`,
 * ISO/IEC 23009-1 §5.3.2) with integer ticks in a timescale per representation (`S@t`,
 * `@presentationTimeOffset`, §5.3.9). Adding 1001/30000 s to a decimal start in float drifts; as
 * a reduced fraction of bigints it never does. Tick values are bigint because `S@t` is an
 * xs:unsignedLong and epoch-based 10 MHz timelines (1.7e16 ticks) pass 2^53.
 */

/** n / d, reduced, d > 0. */
export interface Rat {
  readonly n: bigint;
  readonly d: bigint;
}

export const ZERO: Rat = { n: 0n, d: 1n };

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** n / d reduced; d must not be 0 (callers check timescales before dividing). */
export function rat(n: bigint, d: bigint = 1n): Rat {
  if (d === 0n) return ZERO;
  const sign = d < 0n ? -1n : 1n;
  const g = gcd(n, d) || 1n;
  return { n: (sign * n) / g, d: (sign * d) / g };
}

/** `ticks` of a `timescale` (ticks per second) as seconds. */
export function fromTicks(ticks: bigint, timescale: bigint): Rat {
  return rat(ticks, timescale);
}

export function add(a: Rat, b: Rat): Rat {
  return a.d === b.d ? rat(a.n + b.n, a.d) : rat(a.n * b.d + b.n * a.d, a.d * b.d);
}

export function sub(a: Rat, b: Rat): Rat {
  return a.d === b.d ? rat(a.n - b.n, a.d) : rat(a.n * b.d - b.n * a.d, a.d * b.d);
}

export function mul(a: Rat, b: Rat): Rat {
  return rat(a.n * b.n, a.d * b.d);
}

export function cmp(a: Rat, b: Rat): -1 | 0 | 1 {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
}

export const eq = (a: Rat, b: Rat): boolean => a.n === b.n && a.d === b.d;
export const lt = (a: Rat, b: Rat): boolean => cmp(a, b) < 0;
export const le = (a: Rat, b: Rat): boolean => cmp(a, b) <= 0;
export const max = (a: Rat, b: Rat): Rat => (cmp(a, b) >= 0 ? a : b);
export const min = (a: Rat, b: Rat): Rat => (cmp(a, b) <= 0 ? a : b);
export const isNegative = (a: Rat): boolean => a.n < 0n;

/** floor(n / d) for bigints of any sign. */
export function floorDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n % d !== 0n && n < 0n !== d < 0n ? q - 1n : q;
}

/** ceil(n / d) for bigints of any sign. */
export function ceilDiv(n: bigint, d: bigint): bigint {
  return -floorDiv(-n, d);
}

/** Seconds → whole ticks of `timescale`: rounded to the nearest tick (halves up) unless told. */
export function toTicks(sec: Rat, timescale: bigint, rounding: 'nearest' | 'floor' | 'ceil' = 'nearest'): bigint {
  const num = sec.n * timescale;
  if (rounding === 'floor') return floorDiv(num, sec.d);
  if (rounding === 'ceil') return ceilDiv(num, sec.d);
  return floorDiv(2n * num + sec.d, 2n * sec.d);
}

/** Seconds as a float, for reports and logs only (never fed back into timing). */
export function toSec(r: Rat): number {
  // Split so large numerators keep their precision: integer part exact, fraction in float.
  const whole = floorDiv(r.n, r.d);
  return Number(whole) + Number(r.n - whole * r.d) / Number(r.d);
}

/** Seconds rounded to whole nanoseconds: what xs:duration text is written with. */
export function toNanos(r: Rat): bigint {
  return toTicks(r, 1_000_000_000n);
}

/** A decimal number as written in XML (`12`, `12.5`, `.5`); undefined when it is not one. */
export function parseDecimal(text: string): Rat | undefined {
  const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?\s*$/.exec(text);
  if (!m) return undefined;
  const [, sign = '', whole = '', frac = ''] = m;
  if (whole === '' && frac === '') return undefined;
  const digits = BigInt(`${whole || '0'}${frac}`);
  return rat(sign === '-' ? -digits : digits, 10n ** BigInt(frac.length));
}
