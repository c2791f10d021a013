/**
 * @module scripts/fuzz/dash-target
 * The DASH entry points of `npm run fuzz`: the MPD parser with what reads a parsed MPD (timing,
 * break detection in both origin manifest types, the creative reader, serialization), and the
 * whole DASH personalization of a session (docs/dash.md): the input is an origin MPD; a session
 * (server-side reporting, slate) reads it, every avail it asks for gets a demo ad and the demo
 * slate, a VOD asset without signals gets a two-break VMAP schedule, the MPD is stitched, then
 * served once more (the warm path), and the first segments of the ad periods are requested
 * (`/v1/dashsegment` claims). Everything the session rules do with origin input.
 */
import type { Candidate } from '../../src/core/avails/plan.ts';
import { dashCreativeFromMpd, type DashCreativeMedia } from '../../src/core/creatives/dash-creative.ts';
import { detectDashBreaks, parseMpd, readCreativeMpd, resolvePeriodTimings, serializeMpd } from '../../src/core/dash/index.ts';
import { finishDashMedia, openDashMedia } from '../../src/core/session/dash-media.ts';
import { dashAdSegment } from '../../src/core/session/dash-segment.ts';
import { recordAvailDecision } from '../../src/core/session/decisions.ts';
import type { AvailDecisionResult, VodScheduleResult } from '../../src/core/session/decision-types.ts';
import { newSessionState, putCreative, type SessionState } from '../../src/core/session/state.ts';
import { dashCatalogItem } from '../../demo/dash-catalog.ts';
import { dashCreativeMpd } from '../../demo/dash-origin.ts';
import { FUZZ_AD, FUZZ_TRACE, fuzzRecord } from './session-target.ts';

const ORIGIN_URL = 'https://origin.example/live/index.mpd';

/** The MPD parser and every reader of a parsed MPD an origin or an ad server feeds. */
export function readMpdEvery(text: string): unknown {
  const parsed = parseMpd(text);
  if (!parsed.ok) return parsed.error;
  const mpd = parsed.value;
  return [
    resolvePeriodTimings(mpd.doc.root, mpd.info).ok,
    detectDashBreaks(mpd, 'MULTI_PERIOD').breaks.length,
    detectDashBreaks(mpd, 'SINGLE_PERIOD').breaks.length,
    readCreativeMpd(mpd, ORIGIN_URL, 'c').ok,
    serializeMpd(mpd.doc).length,
  ];
}

function demoCreative(key: string): DashCreativeMedia {
  const item = dashCatalogItem(key);
  const mpd = item ? parseMpd(dashCreativeMpd(item)) : undefined;
  if (!item || !mpd?.ok) throw new Error(`no demo creative ${key}`);
  const url = `https://ads.example/${key}/manifest.mpd`;
  const r = dashCreativeFromMpd(`d-${key}`, 'streaming', url, mpd.value, url);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

let creatives: { ad: DashCreativeMedia; slate: DashCreativeMedia } | undefined;
const ref = (m: DashCreativeMedia): NonNullable<AvailDecisionResult['slate']> => ({ creativeKey: m.creativeKey, source: m.source, sourceUrl: m.sourceUrl, refDurationsSec: m.refDurationsSec });

function request(state: SessionState, text: string, n: number): unknown {
  const { ad, slate } = (creatives ??= { ad: demoCreative('ad-10s'), slate: demoCreative('slate') });
  putCreative(state, ad);
  putCreative(state, slate);
  const candidate: Candidate = { ad: FUZZ_AD, wrapperDepth: 0, vastDurationSec: ad.durationSec, creative: ref(ad) };
  const opened = openDashMedia(state, { originText: text, originUrl: ORIGIN_URL, random: () => 0.5 });
  if (!opened.ok) return opened.error;
  let vodSchedule: VodScheduleResult | undefined;
  for (const e of opened.value.effects) {
    if (e.kind === 'decide-avail') recordAvailDecision(state, e.avail, { trace: FUZZ_TRACE, candidates: [candidate], breakTracking: {}, slate: ref(slate) }, n);
    if (e.kind === 'decide-vod-schedule') {
      const mid = Math.max(0, Number.isFinite(e.contentDurationSec) ? e.contentDurationSec / 2 : 0);
      vodSchedule = { trace: FUZZ_TRACE, breaks: [0, mid].map((offsetSec, i) => ({ offsetSec, vmapBreakIndex: i, candidates: [candidate], breakTracking: {} })) };
    }
  }
  let id = 0;
  return finishDashMedia(state, opened.value.opened, { nowMs: n, newId: () => `id${++id}`, ...(vodSchedule ? { vodSchedule } : {}) }).text.length;
}

/** The session rules on an origin MPD: two requests, then the ad periods' first segments. */
export function personalizeDashTwice(text: string): unknown {
  const state = newSessionState(fuzzRecord('DASH', 'index.mpd'));
  const out = [request(state, text, 1), request(state, text, 2)];
  for (const a of (state.dash?.avails ?? []).slice(0, 4)) {
    for (const p of (a.placed ?? []).slice(0, 2)) {
      out.push(dashAdSegment(state, { availId: a.availId, periodId: p.id, path: 'v0/seg001.m4s', client: {}, probe: false, nowMs: 3, cacheBusting: '0', requestId: 'r' }).ok);
    }
  }
  return out;
}
