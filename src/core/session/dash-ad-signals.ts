/**
 * @module core/session/dash-ad-signals
 * Ad ID signaling for a DASH session that asked for it (`adSignaling` / `aws.adSignalingEnabled`;
 * MediaTailor "Manifests and ad metadata insertion"): each ad period gets an EventStream of scheme
 * `urn:sva:advertising-wg:ad-id-signaling` (timescale 90 kHz) with one Event spanning the period,
 * whose body is the JSON of the format-neutral payload of core/avails/ad-signal (`ad_position` = the ad's
 * Period@id, `creative_id` from `Creative@id`, `custom_vast_data` from the `creative_signaling`
 * extension, `tracking_uri` relative to the MPD). The Event starts at the ad's start in 90 kHz
 * ticks, the tracking API's `eventId`; its `@id` is the ad's position in its avail, as the HLS
 * DATERANGE ID ends. Slate and bumper periods get none. Live and VOD alike (DASH times need no
 * program date-time). Pure.
 */
import { AD_ID_SIGNALING_SCHEME, adSignals } from '../avails/ad-signal.ts';
import type { PeriodEvent } from '../dash/index.ts';
import { appendQuery } from '../url/query.ts';
import { placeDashAvail } from './dash-placement.ts';
import type { DashAvail } from './dash-timeline.ts';
import type { SessionState } from './state.ts';

const TIMESCALE = 90_000;

/** The signal Event of every ad period of `avails` (as last placed), by Period@id; empty when the session does not signal. */
export function dashAdSignalEvents(state: SessionState, avails: readonly DashAvail[]): Map<string, PeriodEvent> {
  const out = new Map<string, PeriodEvent>();
  if (state.record.params.features.adSignaling !== true) return out;
  const trackingUri = trackingUriFromMpd(state);
  for (const a of avails) {
    const plan = state.plans.get(a.availId);
    const placement = plan ? placeDashAvail(a, plan) : undefined;
    if (!plan || !placement) continue;
    for (const s of adSignals(placement, plan, trackingUri, (p) => p.adId)) {
      out.set(s.placement.adId, {
        schemeIdUri: AD_ID_SIGNALING_SCHEME,
        timescale: TIMESCALE,
        presentationTime: Math.round(s.placement.startTimeSec * TIMESCALE),
        duration: Math.round(s.placement.durationSec * TIMESCALE),
        id: s.position,
        message: xmlSafeJson(s.payload),
      });
    }
  }
  return out;
}

/**
 * JSON with `<`, `>` and `&` written as `\u` escapes (RFC 8259 §7): the same JSON, and text that
 * needs no XML escaping, so every XML reader hands a player the same characters (dash.js does not
 * decode entities in an Event's text).
 */
function xmlSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * `/v1/tracking/{acct}/{cfg}/{sid}` relative to the session's MPD (`/v1/dash/{acct}/{cfg}/{asset}`):
 * up to the root, then down (MediaTailor writes `../../../../v1/tracking/…` for an MPD at
 * `/v1/dash/{hash}/{origin}/{asset}.mpd`; a deeper asset path climbs one more level per folder).
 */
function trackingUriFromMpd(state: SessionState): string {
  const r = state.record;
  const folders = 4 + r.assetPath.split('/').length - 1;
  const path = `${'../'.repeat(folders)}v1/tracking/${encodeURIComponent(r.accountId)}/${encodeURIComponent(r.configName)}/${r.sessionId}`;
  return appendQuery(path, r.params.manifestParams);
}
