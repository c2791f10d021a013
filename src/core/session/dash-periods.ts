/**
 * @module core/session/dash-periods
 * The ad, bumper and slate periods of one decided DASH avail (docs/dash.md "Ad periods"), as an
 * edit for core/dash `stitchBreaks`: one Period per occurrence of the plan, `{availId}_{n}` with n
 * from 1 in play order: the start bumper, the ads, slate for what they leave of a live break (one
 * period per repeat of the slate media), the end bumper, which ends the break (MediaTailor
 * "Bumpers": directly before its end). Slate and what follows it are written only as far as the
 * content they replace exists: while the origin is still publishing a live period, up to the first
 * piece that starts at or after what it has published (the rest appear on later reloads, as the
 * content after a break does; the ids of the pieces written do not change), so a signalled
 * duration of days or years cannot make every reload megabytes of slate. Each mirrors the content
 * Period it interrupts (core/dash ad-period). Their `BaseURL` goes through
 * `/v1/dashsegment/{acct}/{cfg}/{sid}/{availId}/{periodId}/` when the session reports server-side
 * (the request fires the beacons, then redirects, MediaTailor's shape), straight to the creative
 * otherwise.
 *
 * A live break whose plan has no slate gives its remaining time back to the content (MediaTailor:
 * without slate, the underlying content plays): the edit replaces only what the periods fill. An
 * avail whose creatives cannot cover the content's video or audio is not played (players stall on
 * a period that lacks a media type the others have); a bumper that cannot is left out of the break,
 * and the plan records why. Pure.
 */
import type { AvailPlan, SkipReason } from '../avails/plan.ts';
import { isDashCreative, referenceRendition, renditionTicks, type DashCreativeMedia } from '../creatives/dash-creative.ts';
import { buildAdPeriod, rational, type BreakEdit, type DashCreative, type DashCreativeRendition, type InsertedPeriod, type Rat, type XElement } from '../dash/index.ts';
import { appendQuery } from '../url/query.ts';
import { availSpan, parseRatText, type DashAvail } from './dash-timeline.ts';
import type { Pair } from './session-params.ts';
import { putPlan, type SessionState } from './state.ts';

const { rat, sub, add, cmp, min } = rational;
const enc = encodeURIComponent;
/** As buildSlatePeriods: a bound on slate repeats however short the slate. */
const MAX_SLATE_REPEATS = 10_000;

export type DashAvailEdit = { readonly ok: true; readonly edit: BreakEdit; readonly periods: readonly LaidPeriod[] } | { readonly ok: false; readonly skip: SkipReason; readonly reason: string };

/** One period of an avail's layout. */
export interface LaidPeriod {
  /** `{availId}_{n}`. */
  readonly id: string;
  /** Index of the occurrence it plays in the plan. */
  readonly occurrence: number;
  readonly duration: Rat;
  readonly media: DashCreativeMedia;
  /** A slate repeat: the id of the first slate period, whose `/v1/dashsegment` base serves them all. */
  readonly slateOf?: string;
}

export type AvailLayout =
  | { readonly ok: true; readonly periods: readonly LaidPeriod[]; readonly offset: Rat; readonly replace?: Rat }
  | { readonly ok: false; readonly skip: SkipReason; readonly reason: string; readonly bumper?: number };

/** `/v1/dashsegment/{acct}/{cfg}/{sid}/{availId}/{periodId}/` on this deployment. */
export function dashSegmentBase(state: SessionState, availId: string, periodId: string): string {
  const r = state.record;
  return `${r.selfOrigin}/v1/dashsegment/${enc(r.accountId)}/${enc(r.configName)}/${r.sessionId}/${enc(availId)}/${enc(periodId)}/`;
}

/** Exact length of a DASH creative: its reference rendition's ticks over its timescale. */
export function dashCreativeDuration(m: DashCreativeMedia): Rat {
  const ref = referenceRendition(m.creative);
  if (!ref) return rat(0n);
  return rat(BigInt(renditionTicks(ref).reduce((a, b) => a + Math.round(b), 0)), BigInt(ref.timescale));
}

/**
 * The periods an avail's plan writes, from the plan, the avail's span and the creatives' exact
 * lengths only, so every reload (and the segment route) finds the same ones. `replace`: the
 * content the edit cuts (live), undefined for to the period end. With `extentSec` (how far from
 * its period's start the content exists) the slate stops at the first piece that would start at
 * or after it, and what follows the slate waits for a later reload; only a suffix is left out, so
 * the periods laid keep the ids the full layout gives them (the segment route lays out in full).
 */
export function availLayout(state: SessionState, avail: DashAvail, extentSec?: Rat): AvailLayout {
  const plan = state.plans.get(avail.availId);
  if (!plan) return { ok: false, skip: 'INTERNAL_ERROR', reason: 'no plan' };
  const span = avail.insertion ? { offset: parseRatText(avail.offset) } : availSpan(avail);
  const media: { m: DashCreativeMedia; d: Rat }[] = [];
  for (const [o, occ] of plan.occurrences.entries()) {
    const m = state.creatives.get(occ.creativeKey);
    if (isDashCreative(m)) media.push({ m, d: dashCreativeDuration(m) });
    else return { ok: false, skip: 'MEDIA_FILE_UNAVAILABLE', reason: `creative ${occ.creativeKey} has no DASH media`, ...(occ.kind === 'bumper' ? { bumper: o } : {}) };
  }
  const periods: LaidPeriod[] = [];
  let filled = rat(0n);
  const push = (occurrence: number, duration: Rat, m: DashCreativeMedia, slateOf?: string): void => {
    periods.push({ id: `${avail.availId}_${periods.length + 1}`, occurrence, duration, media: m, ...(slateOf ? { slateOf } : {}) });
    filled = add(filled, duration);
  };
  let cut = false;
  for (const [o, occ] of plan.occurrences.entries()) {
    if (cut) break;
    const { m, d } = media[o] as { m: DashCreativeMedia; d: Rat };
    if (!occ.loop) {
      push(o, d, m);
      continue;
    }
    if (avail.insertion || span.duration === undefined || d.n <= 0n) continue;
    // Slate fills up to what follows it (the end bumper ends the break).
    const after = media.slice(o + 1).reduce((t, x, i) => (plan.occurrences[o + 1 + i]?.loop ? t : add(t, x.d)), rat(0n));
    let left = sub(sub(span.duration, filled), after);
    const first = `${avail.availId}_${periods.length + 1}`;
    for (let k = 0; left.n > 0n && k < MAX_SLATE_REPEATS; k++) {
      // The content does not exist this far yet (the rest appears on later reloads).
      if (extentSec !== undefined && cmp(add(span.offset, filled), extentSec) >= 0) {
        cut = true;
        break;
      }
      const piece = min(d, left);
      push(o, piece, m, first);
      left = sub(left, piece);
    }
  }
  const slate = plan.occurrences.some((o) => o.loop);
  const replace = avail.insertion ? undefined : span.duration === undefined ? (slate ? undefined : filled) : slate ? span.duration : min(span.duration, filled);
  return { ok: true, periods, offset: span.offset, ...(replace !== undefined ? { replace } : {}) };
}

/**
 * The occurrence of the plan an ad, bumper or slate period `{availId}_{n}` plays (every slate
 * period of a break is requested through the first one's base).
 */
export function occurrenceOfPeriod(state: SessionState, availId: string, periodId: string): number | undefined {
  const avail = state.dash?.avails.find((a) => a.availId === availId);
  const layout = avail ? availLayout(state, avail) : undefined;
  return layout?.ok ? layout.periods.find((p) => p.id === periodId)?.occurrence : undefined;
}

/**
 * `extentSec`: how far from the start of its period the content exists (the period's length, or
 * what the origin has published of a live period without an end yet); undefined when unknown.
 */
export function dashAvailEdit(state: SessionState, avail: DashAvail, periodIndex: number, content: XElement, extentSec?: Rat): DashAvailEdit {
  const record = state.record;
  const server = record.serverBeacons;
  const query = record.params.manifestParams;
  const blankTextUrl = appendQuery(`${record.selfOrigin}/v1/webvtt/${enc(record.accountId)}/blank.vtt`, query);
  // A bumper that cannot play here leaves the break (the plan says why); the rest is laid out again.
  for (let tries = 0; tries < 3; tries++) {
    const layout = availLayout(state, avail, extentSec);
    if (!layout.ok) {
      if (layout.bumper === undefined || !dropBumper(state, avail.availId, layout.bumper, layout.reason)) return layout;
      continue;
    }
    const periods: InsertedPeriod[] = [];
    let dropped = false;
    for (const p of layout.periods) {
      const creative = server ? withQuery(p.media.creative, query) : p.media.creative;
      const baseUrl = server ? dashSegmentBase(state, avail.availId, p.slateOf ?? p.id) : p.media.creative.baseUrl;
      const built = buildAdPeriod({ id: p.id, start: rat(0n), duration: p.duration, baseUrl, creative, content, blankTextUrl });
      if (built.missing.length > 0) {
        const reason = `${p.slateOf ? 'slate' : `creative ${p.media.sourceUrl}`} has no ${built.missing.join(' or ')} for the content's ${built.missing.join(' and ')} adaptation sets`;
        if (dropBumper(state, avail.availId, p.occurrence, reason)) {
          dropped = true;
          break;
        }
        return { ok: false, skip: 'NO_VARIANT_MATCH', reason };
      }
      periods.push({ period: built.period, duration: p.duration });
    }
    if (dropped) continue;
    const edit: BreakEdit = {
      periodIndex,
      offset: layout.offset,
      mode: avail.insertion ? 'insert' : 'replace',
      ...(layout.replace !== undefined ? { replaceDuration: layout.replace } : {}),
      // The live pre-roll's ads play whole, past the end of the period they start in (the periods
      // after it are cut by their own edits, core/session/dash-preroll).
      ...(avail.preroll ? { overrun: true } : {}),
      periods,
    };
    return { ok: true, edit, periods: layout.periods };
  }
  return { ok: false, skip: 'INTERNAL_ERROR', reason: 'bumpers could not be laid out' };
}

/**
 * Takes bumper occurrence `o` out of the avail's plan, recorded as skipped with `reason` (the ad
 * log says why); false when `o` is not a bumper. Done before the avail is first written, so every
 * reload lays out the same periods.
 */
function dropBumper(state: SessionState, availId: string, o: number, reason: string): boolean {
  const plan = state.plans.get(availId);
  const occ = plan?.occurrences[o];
  if (!plan || occ?.kind !== 'bumper') return false;
  const { bumpers = [], ...rest } = plan;
  const played = bumpers.filter((b) => b.position !== occ.bumper);
  const gone = bumpers.find((b) => b.position === occ.bumper);
  const next: AvailPlan = {
    ...rest,
    occurrences: plan.occurrences.filter((_, i) => i !== o),
    ...(played.length > 0 ? { bumpers: played } : {}),
    skippedBumpers: [...(plan.skippedBumpers ?? []), { position: occ.bumper ?? 'start', url: gone?.creative.sourceUrl ?? occ.creativeKey, reason: `unusable in this DASH stream: ${reason}` }],
  };
  putPlan(state, next);
  return true;
}

/** The creative with the session's manifest parameters on every segment URL (MediaTailor's `manifest.*` on ad segment URLs). */
function withQuery(c: DashCreative, query: readonly Pair[]): DashCreative {
  if (query.length === 0) return c;
  const q = (u: string): string => appendQuery(u, query);
  return {
    ...c,
    renditions: c.renditions.map(
      (r): DashCreativeRendition => ({
        ...r,
        ...(r.initialization !== undefined ? { initialization: q(r.initialization) } : {}),
        segments: r.segments.kind === 'template' ? { ...r.segments, media: q(r.segments.media) } : { kind: 'list', segments: r.segments.segments.map((s) => ({ ...s, url: q(s.url) })) },
      }),
    ),
  };
}
