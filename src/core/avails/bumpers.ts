/**
 * @module core/avails/bumpers
 * Which bumpers a break plays (`Bumper.StartUrl` / `Bumper.EndUrl`; docs/mediatailor-compat.md
 * §6.5, MediaTailor "Bumpers"): short clips at the start of a break and directly before its end,
 * on every break but the live pre-roll, inside the break's duration (the ads are fitted to what
 * the bumpers leave). A bumper longer than 10 s, unusable media, no room in the break, or (end
 * bumper) a live break whose end is not signalled, skips it with the reason. Pure.
 */
import type { CreativeSummary } from './plan.ts';

/** MediaTailor: "Bumpers must be 10 seconds or less." */
export const MAX_BUMPER_SEC = 10;
/** EXTINF rounding (10.010 written for a 10 s clip) is not a longer bumper. */
const BUMPER_TOLERANCE_SEC = 0.05;

export type BumperPosition = 'start' | 'end';

/** A bumper's media as loaded for a decision, or why it could not be loaded. */
export type BumperMedia = { readonly creative: CreativeSummary } | { readonly url: string; readonly problem: string };

export interface BumperInput {
  readonly start?: BumperMedia;
  readonly end?: BumperMedia;
}

export interface PlannedBumper {
  readonly position: BumperPosition;
  readonly creative: CreativeSummary;
  readonly durationSec: number;
}

export interface SkippedBumper {
  readonly position: BumperPosition;
  readonly url: string;
  readonly reason: string;
}

export interface FittedBumpers {
  readonly start?: PlannedBumper;
  readonly end?: PlannedBumper;
  readonly skipped: SkippedBumper[];
  /** Break time the bumpers take. */
  readonly durationSec: number;
}

const total = (c: CreativeSummary): number => c.refDurationsSec.reduce((t, d) => t + d, 0);

/**
 * The bumpers a break can play. `availDurationSec` undefined: a live break without a signalled
 * duration (its end bumper cannot be placed before the end is known) or a VOD insertion point
 * (`insertion`: the bumpers frame the inserted ads, no duration limit).
 */
export function fitBumpers(input: BumperInput | undefined, availDurationSec: number | undefined, insertion: boolean): FittedBumpers {
  const skipped: SkippedBumper[] = [];
  const usable = (position: BumperPosition, m: BumperMedia | undefined): PlannedBumper | undefined => {
    if (!m) return undefined;
    if ('problem' in m) {
      skipped.push({ position, url: m.url, reason: m.problem });
      return undefined;
    }
    const durationSec = total(m.creative);
    if (durationSec > MAX_BUMPER_SEC + BUMPER_TOLERANCE_SEC) {
      skipped.push({ position, url: m.creative.sourceUrl, reason: `bumper lasts ${durationSec.toFixed(3)} s; bumpers must last ${MAX_BUMPER_SEC} s or less` });
      return undefined;
    }
    if (durationSec <= 0) {
      skipped.push({ position, url: m.creative.sourceUrl, reason: 'bumper has no segments' });
      return undefined;
    }
    return { position, creative: m.creative, durationSec };
  };
  let start = usable('start', input?.start);
  let end = usable('end', input?.end);
  if (end && !insertion && availDurationSec === undefined) {
    skipped.push({ position: 'end', url: end.creative.sourceUrl, reason: 'the break has no signalled duration, so its end is not known in advance' });
    end = undefined;
  }
  if (!insertion && availDurationSec !== undefined) {
    // The end bumper goes first when both do not fit: the break still opens with its start bumper.
    if (end && (start?.durationSec ?? 0) + end.durationSec > availDurationSec) {
      skipped.push({ position: 'end', url: end.creative.sourceUrl, reason: `no room in a ${availDurationSec.toFixed(3)} s break` });
      end = undefined;
    }
    if (start && start.durationSec > availDurationSec) {
      skipped.push({ position: 'start', url: start.creative.sourceUrl, reason: `no room in a ${availDurationSec.toFixed(3)} s break` });
      start = undefined;
    }
  }
  return { ...(start ? { start } : {}), ...(end ? { end } : {}), skipped, durationSec: (start?.durationSec ?? 0) + (end?.durationSec ?? 0) };
}

/** The same bumpers, none played (a break that plays content instead): each skipped with `reason`. */
export function unplayedBumpers(f: FittedBumpers, reason: string): SkippedBumper[] {
  const out = [...f.skipped];
  for (const b of [f.start, f.end]) if (b) out.push({ position: b.position, url: b.creative.sourceUrl, reason });
  return out;
}
