/**
 * @module core/session/dash-periods
 * The ad and slate periods of one decided DASH avail (docs/dash.md "Ad periods"), as an edit for
 * core/dash `stitchBreaks`: one Period per ad of the plan, `{availId}_{n}` with n from 1, then
 * slate periods for what the ads leave of a live break, numbered on. Slate is written only as far
 * as the content it replaces exists: to the end of the period, and while the origin is still
 * publishing it, to the first piece that starts at or after what it has published (the rest
 * appear on later reloads, as the content after a break does), so a signalled duration of days or
 * years cannot make every reload megabytes of slate. Each mirrors the content
 * Period it interrupts (core/dash ad-period). Their `BaseURL` goes through
 * `/v1/dashsegment/{acct}/{cfg}/{sid}/{availId}/{periodId}/` when the session reports server-side
 * (the request fires the beacons, then redirects, MediaTailor's shape), straight to the creative
 * otherwise. An avail whose creatives cannot cover the content's video or audio is not played
 * (players stall on a period that lacks a media type the others have). Pure.
 */
import type { SkipReason } from '../avails/plan.ts';
import { isDashCreative, referenceRendition, renditionTicks, type DashCreativeMedia } from '../creatives/dash-creative.ts';
import { buildAdPeriod, buildSlatePeriods, rational, type BreakEdit, type DashCreative, type DashCreativeRendition, type InsertedPeriod, type Rat, type XElement } from '../dash/index.ts';
import { appendQuery } from '../url/query.ts';
import { parseRatText, type DashAvail } from './dash-timeline.ts';
import type { Pair } from './session-params.ts';
import type { SessionState } from './state.ts';

const { rat, sub, add, cmp, min } = rational;
const enc = encodeURIComponent;

export type DashAvailEdit =
  | { readonly ok: true; readonly edit: BreakEdit }
  | { readonly ok: false; readonly skip: SkipReason; readonly reason: string };

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
 * The occurrence of the plan an ad or slate period `{availId}_{n}` plays: ads are the plan's first
 * occurrences in pod order, every later period is the (looping) slate.
 */
export function occurrenceOfPeriod(state: SessionState, availId: string, periodId: string): number | undefined {
  const plan = state.plans.get(availId);
  const m = periodId.startsWith(`${availId}_`) ? /^(\d{1,6})$/.exec(periodId.slice(availId.length + 1)) : null;
  if (!plan || !m) return undefined;
  const n = Number(m[1]);
  const ads = plan.occurrences.filter((o) => !o.loop).length;
  if (n >= 1 && n <= ads) return n - 1;
  const slate = plan.occurrences.findIndex((o) => o.loop);
  return n > ads && slate >= 0 ? slate : undefined;
}

/**
 * `extentSec`: how far from the start of its period the content exists (the period's length, or
 * what the origin has published of a live period without an end yet); undefined when unknown.
 */
export function dashAvailEdit(state: SessionState, avail: DashAvail, periodIndex: number, content: XElement, extentSec?: Rat): DashAvailEdit {
  const plan = state.plans.get(avail.availId);
  if (!plan) return { ok: false, skip: 'INTERNAL_ERROR', reason: 'no plan' };
  const record = state.record;
  const server = record.serverBeacons;
  const query = record.params.manifestParams;
  const blankTextUrl = appendQuery(`${record.selfOrigin}/v1/webvtt/${enc(record.accountId)}/blank.vtt`, query);
  const span = avail.insertion || avail.duration === undefined ? undefined : parseRatText(avail.duration);
  const periods: InsertedPeriod[] = [];
  let filled = rat(0n);
  let n = 0;
  for (const occ of plan.occurrences) {
    const media = state.creatives.get(occ.creativeKey);
    if (!isDashCreative(media)) return { ok: false, skip: 'MEDIA_FILE_UNAVAILABLE', reason: `creative ${occ.creativeKey} has no DASH media` };
    const creative = server ? withQuery(media.creative, query) : media.creative;
    if (occ.loop) {
      if (span === undefined || cmp(filled, span) >= 0) break;
      // Every slate period addresses the same media: one /v1/dashsegment base (the first one's) serves them all.
      const firstId = `${avail.availId}_${n + 1}`;
      const slateDuration = dashCreativeDuration(media);
      let left = sub(span, filled);
      if (extentSec !== undefined && slateDuration.n > 0n) {
        // Whole slate pieces up to the first that starts at or after the content's extent (the stitcher cuts the last at the period end).
        const ahead = sub(extentSec, add(parseRatText(avail.offset), filled));
        const pieces = ahead.n <= 0n ? 0n : rational.ceilDiv(ahead.n * slateDuration.d, ahead.d * slateDuration.n);
        left = min(left, rational.mul(slateDuration, rat(pieces)));
      }
      const slate = buildSlatePeriods({
        availId: avail.availId, firstN: n + 1, start: rat(0n), duration: left, slate: creative, slateDuration,
        baseUrl: server ? dashSegmentBase(state, avail.availId, firstId) : media.creative.baseUrl, content, blankTextUrl,
      });
      for (const s of slate) {
        const missing = refuse(s.missing, 'slate');
        if (missing) return missing;
        // The same pieces buildSlatePeriods cut: the slate's length, the last one the remainder.
        const d = min(slateDuration, left);
        left = sub(left, d);
        periods.push({ period: s.period, duration: d });
      }
      break;
    }
    const id = `${avail.availId}_${++n}`;
    const duration = dashCreativeDuration(media);
    const built = buildAdPeriod({ id, start: rat(0n), duration, baseUrl: server ? dashSegmentBase(state, avail.availId, id) : media.creative.baseUrl, creative, content, blankTextUrl });
    const missing = refuse(built.missing, `creative ${media.sourceUrl}`);
    if (missing) return missing;
    periods.push({ period: built.period, duration });
    filled = add(filled, duration);
  }
  const edit: BreakEdit = {
    periodIndex,
    offset: parseRatText(avail.offset),
    mode: avail.insertion ? 'insert' : 'replace',
    ...(span !== undefined ? { replaceDuration: span } : {}),
    periods,
  };
  return { ok: true, edit };
}

function refuse(missing: readonly string[], what: string): DashAvailEdit | undefined {
  if (missing.length === 0) return undefined;
  return { ok: false, skip: 'NO_VARIANT_MATCH', reason: `${what} has no ${missing.join(' or ')} for the content's ${missing.join(' and ')} adaptation sets` };
}

/** The creative with the session's manifest parameters on every segment URL (MediaTailor's `manifest.*` on ad segment URLs). */
function withQuery(c: DashCreative, query: readonly Pair[]): DashCreative {
  if (query.length === 0) return c;
  const q = (u: string): string => appendQuery(u, query);
  return {
    ...c,
    renditions: c.renditions.map((r): DashCreativeRendition => ({
      ...r,
      ...(r.initialization !== undefined ? { initialization: q(r.initialization) } : {}),
      segments: r.segments.kind === 'template' ? { ...r.segments, media: q(r.segments.media) } : { kind: 'list', segments: r.segments.segments.map((s) => ({ ...s, url: q(s.url) })) },
    })),
  };
}
