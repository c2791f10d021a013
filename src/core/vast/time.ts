/**
 * @module core/vast/time
 * Time values of VAST and VMAP. Pure; every parser returns `undefined` for input it cannot read.
 *
 * - VAST 4.2 §3.8.1 Duration: `HH:MM:SS` or `HH:MM:SS.mmm`.
 * - VAST 4.2 §3.8 Linear@skipoffset and §3.14.3 Tracking@offset: a time or `n%`.
 * - VMAP 1.0.1 §2.3.1 AdBreak@timeOffset: a time, `n%`, `start`, `end` or `#n` (position);
 *   AdBreak@repeatAfter: a time.
 */

/** A point inside a creative: absolute seconds from its start, or a share of its duration. */
export type VastOffset = { readonly kind: 'time'; readonly offsetSec: number } | { readonly kind: 'percent'; readonly percent: number };

/** Where a VMAP ad break sits in the content. */
export type VmapTimeOffset =
  | { readonly kind: 'start'; readonly raw: string }
  | { readonly kind: 'end'; readonly raw: string }
  | { readonly kind: 'time'; readonly raw: string; readonly offsetSec: number }
  | { readonly kind: 'percent'; readonly raw: string; readonly percent: number }
  | { readonly kind: 'position'; readonly raw: string; readonly position: number };

// Hours may exceed two digits; minutes and seconds may be written with one digit by sloppy servers.
const CLOCK = /^(\d{1,4}):([0-5]?\d):([0-5]?\d)(?:[.,](\d{1,9}))?$/;
const PLAIN_SECONDS = /^\d{1,6}(?:\.\d{1,9})?$/;
const PERCENT = /^(\d{1,3}(?:\.\d+)?)\s*%$/;

/**
 * `HH:MM:SS(.mmm)` → seconds, rounded to the millisecond (the precision VAST can express).
 * Plain decimal seconds (`"15"`, `"15.5"`) are accepted too: some ad servers write them.
 */
export function parseClockSec(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const s = value.trim();
  const m = CLOCK.exec(s);
  if (m) {
    const [, h = '0', min = '0', sec = '0', frac = ''] = m;
    const ms = Number(`0.${frac || '0'}`);
    return roundMs(Number(h) * 3600 + Number(min) * 60 + Number(sec) + ms);
  }
  if (PLAIN_SECONDS.test(s)) return roundMs(Number(s));
  return undefined;
}

/** True when the value is written in the spec's clock form (used to flag lenient reads). */
export function isClockForm(value: string): boolean {
  return CLOCK.test(value.trim());
}

/** Linear@skipoffset / Tracking@offset: a clock time or `n%` (0–100). */
export function parseVastOffset(value: string | undefined): VastOffset | undefined {
  if (value === undefined) return undefined;
  const s = value.trim();
  const p = PERCENT.exec(s);
  if (p) {
    const percent = Number(p[1]);
    return percent <= 100 ? { kind: 'percent', percent } : undefined;
  }
  const offsetSec = parseClockSec(s);
  return offsetSec === undefined ? undefined : { kind: 'time', offsetSec };
}

/** AdBreak@timeOffset. `start`/`end` are matched case-insensitively. */
export function parseVmapTimeOffset(value: string | undefined): VmapTimeOffset | undefined {
  if (value === undefined) return undefined;
  const raw = value.trim();
  const lower = raw.toLowerCase();
  if (lower === 'start') return { kind: 'start', raw };
  if (lower === 'end') return { kind: 'end', raw };
  const pos = /^#(\d{1,6})$/.exec(raw);
  if (pos) {
    const position = Number(pos[1]);
    return position >= 1 ? { kind: 'position', raw, position } : undefined;
  }
  const offset = parseVastOffset(raw);
  if (!offset) return undefined;
  return offset.kind === 'time' ? { kind: 'time', raw, offsetSec: offset.offsetSec } : { kind: 'percent', raw, percent: offset.percent };
}

/** Seconds → `HH:MM:SS.mmm`, the form VAST and the logs use. */
export function formatClock(totalSec: number): string {
  const totalMs = Math.max(0, Math.round(totalSec * 1000));
  const h = Math.floor(totalMs / 3_600_000);
  const m = Math.floor((totalMs % 3_600_000) / 60_000);
  const s = Math.floor((totalMs % 60_000) / 1000);
  const ms = totalMs % 1000;
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(h)}:${two(m)}:${two(s)}.${String(ms).padStart(3, '0')}`;
}

function roundMs(sec: number): number {
  return Math.round(sec * 1000) / 1000;
}
